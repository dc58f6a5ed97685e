// The store suite (Node, tests): the same cases against every SqlClient (PGlite here, PostgreSQL in integration).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.ts';
import { SqlResultStore } from './result-store.ts';
import type { SqlClient } from './sql-client.ts';
import { sampleRow } from './testing/sample-rows.ts';
import { sampleEnergy } from '../../src/bench/testing/sample-energy.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { engineOf, type Engine } from '../../src/shared/device-buckets.ts';
import { keyId, keyOf, KEY_FIELDS, parseKeyId, type ComparabilityKey } from '../../src/shared/comparability.ts';
import { backfillWorkKeys } from './work-key-backfill.ts';
import { rebuildCrowdSources } from './crowd-sources.ts';
import { rebuildResultCounts } from './result-counts.ts';

export function storeSuite(name: string, open: () => Promise<SqlClient>): void {
  describe(`results store on ${name}`, () => {
    let db: SqlClient;
    let store: SqlResultStore;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      store = new SqlResultStore(db);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('migrations apply once', async () => {
      expect(await migrate(db)).toEqual([]);
      const versions = await db.query<{ version: number }>('select version from schema_migrations order by version');
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('stores a result with its points and reads it back', async () => {
      const row = sampleRow();
      expect(await store.submit('key-a', 'hash-a', row)).toEqual({ kind: 'created', id: row.id });
      const got = await store.get(row.id);
      expect(got?.points).toEqual(row.points);
      expect(got?.result).toEqual(row.result);
      expect(got?.device).toEqual(row.device);
      expect(got?.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await store.get('no-such-id')).toBeNull();
    });

    it('the same key and body replays the original; a different body under the key is refused; nothing extra stored', async () => {
      const before = await store.count();
      const row = sampleRow();
      const first = await store.submit('key-b', 'hash-b', row);
      expect(first.kind).toBe('created');
      expect(await store.submit('key-b', 'hash-b', sampleRow())).toEqual({ kind: 'replayed', id: row.id });
      expect(await store.submit('key-b', 'hash-other', sampleRow())).toEqual({ kind: 'key-conflict' });
      expect(await store.count()).toBe(before + 1);
    });

    it('concurrent submissions with one key store exactly one row', async () => {
      const before = await store.count();
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.submit('key-c', 'hash-c', sampleRow())));
      const ids = new Set(outcomes.map((o) => (o.kind === 'key-conflict' ? 'conflict' : o.id)));
      expect(ids.size).toBe(1);
      expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
      expect(await store.count()).toBe(before + 1);
    });

    it('a failed transaction leaves nothing behind', async () => {
      const before = await store.count();
      const row = sampleRow();
      // Two points with one batch size break the primary key half-way through the transaction.
      const broken = { ...row, points: [row.points[0]!, row.points[0]!] };
      await expect(store.submit('key-d', 'hash-d', broken)).rejects.toThrow();
      expect(await store.count()).toBe(before);
      expect(await store.get(row.id)).toBeNull();
      expect((await store.submit('key-d', 'hash-d', sampleRow())).kind).toBe('created');
    });

    it('lists with filters, leaves flagged results out unless asked, and pages', async () => {
      await store.submit('key-e1', 'h', sampleRow({ modelId: 'org/filter-model', backend: 'webgpu', deviceClass: 'phone' }));
      await store.submit('key-e2', 'h', sampleRow({ modelId: 'org/filter-model', backend: 'wasm', deviceClass: 'laptop' }));
      await store.submit('key-e3', 'h', sampleRow({ modelId: 'org/filter-model', flags: ['fallbackAdapter'] }));
      const all = await store.list({ model: 'org/filter-model' }, { limit: 10, offset: 0 });
      expect(all.total).toBe(2);
      expect(all.items.every((i) => i.flags.length === 0)).toBe(true);
      expect((await store.list({ model: 'org/filter-model', includeFlagged: true }, { limit: 10, offset: 0 })).total).toBe(3);
      expect((await store.list({ model: 'org/filter-model', backend: 'webgpu' }, { limit: 10, offset: 0 })).total).toBe(1);
      expect((await store.list({ model: 'org/filter-model', deviceClass: 'laptop' }, { limit: 10, offset: 0 })).total).toBe(1);
      expect((await store.list({ model: 'org/filter-model', batchSize: 4 }, { limit: 10, offset: 0 })).total).toBe(2);
      expect((await store.list({ model: 'org/filter-model', batchSize: 64 }, { limit: 10, offset: 0 })).total).toBe(0);
      const page = await store.list({ model: 'org/filter-model', includeFlagged: true }, { limit: 2, offset: 2 });
      expect(page.total).toBe(3);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]!.points).toHaveLength(2);
    });

    it('filters by engine, read from the stored OS and browser (Chrome on iOS is WebKit)', async () => {
      const device = (osFamily: string, browserFamily: string) => ({
        ...sampleRow().device,
        osFamily,
        browserFamily,
        engine: engineOf(osFamily, browserFamily),
      });
      const rows: [string, string][] = [
        ['linux', 'chrome'],
        ['android', 'samsung'],
        ['linux', 'firefox'],
        ['macos', 'safari'],
        ['ios', 'chrome'],
        ['ios', 'firefox'],
        ['other', 'other'],
      ];
      for (const [i, [os, browser]] of rows.entries())
        await store.submit(`key-engine-${i}`, 'h', sampleRow({ modelId: 'org/engines', device: device(os, browser) }));
      const count = async (engine: Engine) =>
        (await store.list({ model: 'org/engines', engine }, { limit: 10, offset: 0 })).items.map(
          (i) => `${i.device.osFamily}/${i.device.browserFamily}:${i.device.engine}`,
        );
      expect((await count('blink')).sort()).toEqual(['android/samsung:blink', 'linux/chrome:blink']);
      expect(await count('gecko')).toEqual(['linux/firefox:gecko']);
      expect((await count('webkit')).sort()).toEqual(['ios/chrome:webkit', 'ios/firefox:webkit', 'macos/safari:webkit']);
      expect(await count('other')).toEqual(['other/other:other']);
    });

    it('aggregates per device class and batch size: median of medians and count, flagged left out', async () => {
      const point = (medianMs: number) => [
        { batchSize: 2, medianMs, p90Ms: medianMs, ciLoMs: medianMs, ciHiMs: medianMs, throughput: 1, samples: 5 },
      ];
      for (const [i, m] of [10, 30, 20].entries())
        await store.submit(`key-g${i}`, 'h', sampleRow({ modelId: 'org/agg', deviceClass: 'phone', points: point(m) }));
      await store.submit('key-g3', 'h', sampleRow({ modelId: 'org/agg', deviceClass: 'laptop', points: point(4) }));
      await store.submit(
        'key-g4',
        'h',
        sampleRow({ modelId: 'org/agg', deviceClass: 'phone', points: point(1000), flags: ['drift'] }),
      );
      const key = sampleRow({ modelId: 'org/agg' }).workKey;
      expect(await store.aggregates({ model: 'org/agg' })).toEqual([
        {
          key,
          work: parseKeyId(key),
          deviceClass: 'laptop',
          batchSize: 2,
          medianOfMediansMs: 4,
          ci95: null,
          count: 1,
          sources: 1,
        },
        {
          key,
          work: parseKeyId(key),
          deviceClass: 'phone',
          batchSize: 2,
          medianOfMediansMs: 20,
          ci95: null,
          count: 3,
          sources: 3,
        },
      ]);
      // Six results give the phone class an interval: [min, max] of the six, by order statistics.
      for (const [i, m] of [40, 50, 60].entries())
        await store.submit(`key-g${i + 5}`, 'h', sampleRow({ modelId: 'org/agg', deviceClass: 'phone', points: point(m) }));
      expect((await store.aggregates({ model: 'org/agg', deviceClass: 'phone' }))[0]).toMatchObject({
        medianOfMediansMs: 35,
        ci95: { lo: 10, hi: 60 },
        count: 6,
      });
      const withFlagged = await store.aggregates({ model: 'org/agg', includeFlagged: true });
      expect(withFlagged.find((r) => r.deviceClass === 'phone')).toMatchObject({ medianOfMediansMs: 40, count: 7 });
    });

    it('never pools results that differ in any field of the comparability key', async () => {
      const base = keyOf(sampleResult());
      const changed: Record<(typeof KEY_FIELDS)[number], Partial<ComparabilityKey>> = {
        model: { model: 'org/other-model' },
        variant: { variant: 'int8' },
        runtime: { runtime: 'transformers.js' },
        backend: { backend: 'webgpu' },
        seq: { seq: base.seq * 2 },
        padding: { padding: base.padding === 'longest' ? 'max-length' : 'longest' },
        language: { language: base.language === 'java' ? 'python' : 'java' },
        inputs: { inputs: base.inputs === 'synthetic' ? 'tokenized' : 'synthetic' },
        newTokens: { newTokens: 16 },
      };
      const keys = [keyId(base), ...KEY_FIELDS.map((f) => keyId({ ...base, ...changed[f] }))];
      expect(new Set(keys).size).toBe(KEY_FIELDS.length + 1);
      // The same model id, device class and batch sizes throughout: only the key tells them apart.
      for (const [i, workKey] of keys.entries())
        for (const copy of [0, 1])
          await store.submit(
            `key-cmp-${i}-${copy}`,
            'h',
            sampleRow({
              modelId: 'org/keys',
              deviceClass: 'phone',
              workKey,
              points: sampleRow().points.map((p) => ({ ...p, medianMs: 10 * (i + 1) + copy })),
            }),
          );
      const rows = await store.aggregates({ model: 'org/keys' });
      // One row per key and batch size, each over that key's two results only.
      expect(rows).toHaveLength(keys.length * 2);
      for (const r of rows) {
        const i = keys.indexOf(r.key);
        expect(r.count).toBe(2);
        expect(r.medianOfMediansMs).toBe(10 * (i + 1) + 0.5);
        expect(r.work).toEqual(parseKeyId(r.key));
      }
      const one = await store.aggregates({ model: 'org/keys', key: keys[3] });
      expect(one.map((r) => r.key)).toEqual([keys[3], keys[3]]);
      expect((await store.list({ key: keys[3] }, { limit: 10, offset: 0 })).items.map((i) => i.key)).toEqual([keys[3], keys[3]]);
      const counted = await store.keys({ model: 'org/keys' });
      expect(counted.map((k) => k.key).sort()).toEqual([...keys].sort());
      expect(counted.every((k) => k.results === 2 && k.work !== null)).toBe(true);
    });

    it('keeps the pre-aggregated crowd and counts in step with the results, and answers from them what the results say', async () => {
      // Three sources over two classes and two keys, one source with several results in one group, concurrent
      // submissions from one source, a flagged result and one with no source.
      const workKey = (seq: number) => keyId({ ...keyOf(sampleResult()), model: 'org/pre-agg', seq });
      const row = (i: number, source: string | null, deviceClass: string, seq = 128, flags: string[] = []) =>
        sampleRow({
          modelId: 'org/pre-agg',
          source,
          deviceClass,
          flags,
          workKey: workKey(seq),
          points: sampleRow().points.map((p) => ({ ...p, medianMs: p.medianMs * (1 + ((i * 7) % 11) / 10) })),
        });
      const rows = [
        ...Array.from({ length: 9 }, (_, i) => row(i, `s${i % 3}`, i % 2 ? 'phone' : 'laptop')),
        row(20, 's0', 'phone', 64),
        row(21, 's1', 'phone', 128, ['backgrounded']),
        row(22, null, 'laptop'),
      ];
      for (const [i, r] of rows.entries()) await store.submit(`agg-${i}`, 'h', r);
      await Promise.all(Array.from({ length: 4 }, (_, i) => store.submit(`agg-c${i}`, 'h', row(30 + i, 's2', 'phone'))));
      const snapshot = async () => ({
        crowd: await db.query(
          "select work_key, batch_size, grp, source, median_ms, cardinality(ms) as n, fastest_id, device_class from crowd_sources where work_key like 'org/pre-agg|%' order by 1, 2, 3, 4",
        ),
        counts: await db.query(
          "select * from result_counts where model_id = 'org/pre-agg' order by work_key, device_class, flagged",
        ),
        figures: await db.query(
          "select * from crowd_figures where work_key like 'org/pre-agg|%' order by work_key, batch_size, grp",
        ),
      });
      const kept = await snapshot();
      await rebuildCrowdSources(db);
      await rebuildResultCounts(db);
      expect(kept).toEqual(await snapshot());
      // From the tables: a key's figures, totals and keys, each as the results themselves give them.
      const fromResults = async (key: string) => (await store.aggregates({ model: 'org/pre-agg' })).filter((r) => r.key === key);
      for (const seq of [128, 64]) {
        expect(await store.aggregates({ key: workKey(seq) })).toEqual(await fromResults(workKey(seq)));
        expect(await store.aggregates({ key: workKey(seq), deviceClass: 'phone' })).toEqual(
          (await fromResults(workKey(seq))).filter((r) => r.deviceClass === 'phone'),
        );
      }
      const [{ n } = { n: 0 }] = await db.query<{ n: number | string }>(
        "select count(*) as n from results where model_id = 'org/pre-agg' and not flagged",
      );
      expect((await store.list({ model: 'org/pre-agg' }, { limit: 1, offset: 0 })).total).toBe(Number(n));
      expect((await store.list({ model: 'org/pre-agg', includeFlagged: true }, { limit: 1, offset: 0 })).total).toBe(
        Number(n) + 1,
      );
      expect(await store.keys({ model: 'org/pre-agg' })).toEqual([
        { key: workKey(128), work: parseKeyId(workKey(128)), results: Number(n) - 1 },
        { key: workKey(64), work: parseKeyId(workKey(64)), results: 1 },
      ]);
    });

    it('gives results stored before the key existed their key, from the stored result', async () => {
      const row = sampleRow({ modelId: 'org/backfill' });
      await store.submit('key-bf', 'h', row);
      await db.query('update results set work_key = null where id = $1', [row.id]);
      expect(await backfillWorkKeys(db)).toBe(1);
      expect((await store.get(row.id))?.key).toBe(keyId(keyOf(row.result)));
      await db.query('update results set work_key = null, result = \'{"not": "a result"}\' where id = $1', [row.id]);
      await backfillWorkKeys(db);
      expect((await store.get(row.id))?.key).toBe(`unreadable|${row.id}`);
    });

    it('energy aggregates pool measured drains only, per device class, flagged left out', async () => {
      const withDrain = (percentPerHour: number | null, stability: number, throttled: boolean) => {
        const energy = sampleEnergy();
        energy.summary = { ...energy.summary, stability, throttled };
        energy.drain = percentPerHour === null ? null : { ...energy.drain!, a: { ...energy.drain!.a!, percentPerHour } };
        if (percentPerHour === null) energy.batteryUnusable = 'no Battery Status API';
        return { ...sampleResult(), energy };
      };
      const submit = (key: string, deviceClass: string, result: ReturnType<typeof withDrain>, flags: string[] = []) =>
        store.submit(key, 'h', sampleRow({ modelId: 'org/energy', deviceClass, result, flags }));
      await submit('key-nrg-0', 'phone', withDrain(10, 0.99, false));
      await submit('key-nrg-1', 'phone', withDrain(30, 0.9, true));
      await submit('key-nrg-2', 'phone', withDrain(20, 0.95, false));
      // Modelled only (no battery): not pooled with measured drains.
      await submit('key-nrg-3', 'phone', withDrain(null, 0.5, true));
      // No endurance at all.
      await store.submit('key-nrg-4', 'h', sampleRow({ modelId: 'org/energy', deviceClass: 'laptop' }));
      await submit('key-nrg-5', 'phone', withDrain(500, 0.1, true), ['drift']);
      expect(await store.energyAggregates({ model: 'org/energy' })).toEqual([
        { deviceClass: 'phone', count: 3, sources: 3, medianDrainPercentPerHour: 20, medianStability: 0.95, throttled: 1 },
      ]);
      expect(await store.energyAggregates({ model: 'org/none' })).toEqual([]);
    });

    it('strings are stored as given, never interpreted', async () => {
      const hostile = "'); drop table results; -- <script>alert(1)</script>";
      const row = sampleRow({ modelId: hostile });
      await store.submit('key-f', 'h', row);
      expect((await store.get(row.id))?.modelId).toBe(hostile);
      expect(await store.count()).toBeGreaterThan(0);
    });
  });
}
