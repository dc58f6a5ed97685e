// The data folder's lock (Node): released by the operating system when its holder dies, whatever the PID does after.
import { DataFolderError } from '../../src/shared/errors.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockAddress, lockDataFolder } from './data-lock.ts';

const folder = () => mkdtempSync(path.join(tmpdir(), 'tierlab-lock-'));

/** A child Node process that takes the folder's lock, says so, and then waits to be killed. */
async function holderProcess(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${path.resolve(import.meta.dirname, 'data-lock.ts')}').then(async (m) => { await m.lockDataFolder(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000); })`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

describe('data folder lock', () => {
  it('a lock file naming another live process that is not TierLab does not keep the folder locked', async () => {
    const dir = folder();
    const other = spawn('sleep', ['30']);
    try {
      // The old PID lock would have refused: this PID is alive (a reused PID after a restart looks exactly like this).
      writeFileSync(path.join(dir, 'tierlab.lock'), `${other.pid}\n`);
      const release = await lockDataFolder(dir);
      expect(existsSync(path.join(dir, 'tierlab.lock'))).toBe(false);
      await release();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('a second holder is refused with the first holder’s PID, and the folder can be taken again after release', async () => {
    const dir = folder();
    const release = await lockDataFolder(dir);
    await expect(lockDataFolder(dir)).rejects.toThrow(
      new RegExp(`in use by process ${process.pid}: only one server may open it`),
    );
    await release();
    await (
      await lockDataFolder(dir)
    )();
  });

  it('two starts at once: exactly one gets the folder, the other a clear DataFolderError', async () => {
    const dir = folder();
    const outcomes = await Promise.allSettled([lockDataFolder(dir), lockDataFolder(dir), lockDataFolder(dir)]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as Error).name)).toEqual(['DataFolderError', 'DataFolderError']);
    await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  });

  it('a holder killed with SIGKILL leaves the folder free at once', async () => {
    const dir = folder();
    const child = await holderProcess(dir);
    await expect(lockDataFolder(dir)).rejects.toThrow(new RegExp(`in use by process ${child.pid}`));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await (
      await lockDataFolder(dir)
    )();
  });

  it('one address per real folder, whatever path names it', () => {
    const dir = folder();
    expect(lockAddress(path.join(dir, '.', ''))).toBe(lockAddress(dir));
    expect(lockAddress(dir)).not.toBe(lockAddress(folder()));
    expect(lockAddress(dir, 'linux').startsWith('\0')).toBe(true);
    expect(lockAddress(dir, 'darwin')).toBe(path.join(dir, 'tierlab.lock.sock'));
  });

  it('errors are DataFolderError instances', async () => {
    const dir = folder();
    const release = await lockDataFolder(dir);
    const err = await lockDataFolder(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFolderError);
    await release();
  });
});
