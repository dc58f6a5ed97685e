// The store suite on PGlite (in memory), and the data folder's lock and interrupted-start checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.ts';
import { SqlResultStore, type NewResult } from './result-store.ts';
import { sampleRow } from './testing/sample-rows.ts';
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

  it('migration 3 marks results stored before verification as unverified and keeps them out of aggregates', async () => {
    // Migration 4 (the work key) too: the store writes that column; migration 3 is what this test is about.
    const db = await openPglite(
      'memory://',
      async (c) =>
        void (await migrate(
          c,
          MIGRATIONS.filter((m) => m.version !== 3),
        )),
    );
    const store = new SqlResultStore(db);
    const old = sampleRow();
    const v1 = { ...old, result: { ...old.result, schemaVersion: 1 } } as unknown as NewResult;
    await store.submit('old-key-00000001', 'hash', v1);
    await store.submit('new-key-00000001', 'hash2', sampleRow());
    expect(await migrate(db)).toEqual([3]);
    const rows = await db.query<{ id: string; flags: string[]; flagged: boolean }>(
      'select id, flags, flagged from results order by id',
    );
    expect(rows.map((r) => [r.flags, r.flagged])).toEqual([
      [['unverified'], true],
      [[], false],
    ]);
    await db.close();
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
