// One process per PGlite data folder (Node, server): a lock the operating system releases when its holder dies, and a
// marker that tells a folder whose first start was interrupted from a healthy one.
//
// The lock is a listening local socket whose address is derived from the folder's real path: on Linux an abstract
// Unix socket, on Windows a named pipe. Both vanish with the process that holds them, whatever happens to its PID
// afterwards (a zombie, or a PID reused by another process after a container restart), and binding is atomic, so
// of two servers started together exactly one gets the folder. Elsewhere (macOS) it is a socket file in the folder:
// a file nobody listens on is a dead holder's and is replaced.
import { DataFolderError } from '../../src/shared/errors.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import path from 'node:path';

/** The lock file of versions before the socket lock: a PID, which outlives its process; ignored and removed. */
const LEGACY_LOCK = 'tierlab.lock';
const SOCKET_FILE = 'tierlab.lock.sock';
/** Written once the first start has created and migrated the database. */
const READY = 'tierlab.ready';

/** The lock's socket address for a data folder (one per real path). */
export function lockAddress(dir: string, platform: NodeJS.Platform = process.platform): string {
  const key = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  if (platform === 'linux') return `\0tierlab-data-${key}`;
  if (platform === 'win32') return `\\\\?\\pipe\\tierlab-data-${key}`;
  return path.join(dir, SOCKET_FILE);
}

function listen(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Whoever connects learns the holder's PID, for the refusal message.
    const server = createServer((socket) => socket.end(`${process.pid}\n`));
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
}

/** The PID the holder at `address` reports, or null when nobody listens there. */
function holderOf(address: string): Promise<number | null> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(address);
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (d) => (text += String(d)));
    socket.on('error', () => resolve(null));
    socket.on('close', (hadError) => {
      if (hadError) return;
      const pid = Number(text.trim());
      resolve(Number.isInteger(pid) && pid > 0 ? pid : 0);
    });
  });
}

function inUse(dir: string, pid: number): DataFolderError {
  const who = pid > 0 ? `process ${pid}` : 'another process';
  return new DataFolderError(
    `the data folder ${dir} is in use by ${who}: only one server may open it (stop that one, or set DATA_DIR to another folder)`,
  );
}

/**
 * Takes the folder's lock or throws DataFolderError naming the process that holds it. Resolves to a function that
 * releases it; the operating system releases it anyway when this process ends, however it ends.
 */
export async function lockDataFolder(dir: string): Promise<() => Promise<void>> {
  mkdirSync(dir, { recursive: true });
  const address = lockAddress(dir);
  for (let attempt = 0; ; attempt++) {
    try {
      const server = await listen(address);
      rmSync(path.join(dir, LEGACY_LOCK), { force: true });
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      const holder = await holderOf(address);
      if (holder !== null) throw inUse(dir, holder);
      // Bound but not answering: the holder is between bind and listen, or (a socket file) it died.
      if (attempt >= 3) throw inUse(dir, 0);
      if (address === path.join(dir, SOCKET_FILE)) rmSync(address, { force: true });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Whether the folder holds files of a database whose first start never finished (no ready marker). */
export function interruptedFirstStart(dir: string): boolean {
  if (!existsSync(dir) || existsSync(path.join(dir, READY))) return false;
  return readdirSync(dir).some((f) => f !== LEGACY_LOCK && f !== SOCKET_FILE);
}

export function markReady(dir: string): void {
  writeFileSync(path.join(dir, READY), `${new Date().toISOString()}\n`);
}
