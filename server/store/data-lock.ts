// One process per PGlite data folder (Node, server): a lock file with the owner's pid, and a marker that tells a
// folder whose first start was interrupted from a healthy one.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataFolderError extends Error {
  override name = 'DataFolderError';
}

const LOCK = 'tierlab.lock';
/** Written once the first start has created and migrated the database. */
const READY = 'tierlab.ready';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock or throws DataFolderError naming the process that holds it. A lock left by a process that
 * no longer runs is taken over. Returns a function that releases it.
 */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK);
  const write = () => writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  try {
    write();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new DataFolderError(
        `the data folder ${dir} is in use by process ${owner}: only one server may open it (stop that one, or set DATA_DIR to another folder)`,
      );
    }
    rmSync(file, { force: true });
    write();
  }
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
}

/** Whether the folder holds files of a database whose first start never finished (no ready marker). */
export function interruptedFirstStart(dir: string): boolean {
  if (!existsSync(dir) || existsSync(path.join(dir, READY))) return false;
  return readdirSync(dir).some((f) => f !== LOCK);
}

export function markReady(dir: string): void {
  writeFileSync(path.join(dir, READY), `${new Date().toISOString()}\n`);
}
