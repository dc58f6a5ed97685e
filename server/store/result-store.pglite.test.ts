// The store suite on PGlite (in memory), and the data folder's lock and interrupted-start checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.ts';
import { openPglite } from './pglite-client.ts';
import { storeSuite } from './result-store.suite.ts';

storeSuite('PGlite', () => openPglite('memory://', async () => {}));

describe('PGlite data folder', () => {
  it('one process at a time: a second open of the folder fails with a clear message, and it opens again after close', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-data-'));
    const first = await openPglite(dir, (c) => migrate(c).then(() => {}));
    await expect(openPglite(dir, async () => {})).rejects.toThrow(/in use by process \d+: only one server may open it/);
    await first.close();
    const again = await openPglite(dir, (c) => migrate(c).then(() => {}));
    expect(await again.query('select count(*)::int as n from schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
    await again.close();
  });

  it('a folder left by an interrupted first start is reported, not opened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-data-'));
    writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
    await expect(openPglite(dir, async () => {})).rejects.toThrow(/first start was interrupted/);
  });

  it('a failing first start leaves the folder marked as interrupted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-data-'));
    await expect(
      openPglite(dir, async () => {
        throw new Error('migration failed');
      }),
    ).rejects.toThrow(/migration failed/);
    await expect(openPglite(dir, async () => {})).rejects.toThrow(/first start was interrupted/);
  });
});
