// The crowd figures the results API answers, each against a direct computation over what was submitted: pooled per
// comparability key only, medians with intervals over sources, a stored result's standing, and one source's flood
// moving a class median by no more than one source's worth. Each case on a store of its own.
import { describe, expect, it } from 'vitest';
import type { AggregateRow, KeyCount, ResultPage, StoredResult } from '../../src/shared/results-api.ts';
import { parseKeyId } from '../../src/shared/comparability.ts';
import { rankAmong } from '../../src/bench/crowd-rank.ts';
import { crowdMedian } from '../../src/bench/crowd-stats.ts';
import { median } from '../../src/bench/stats.ts';
import { freshCrowdApi as freshApi, crowdResult as result, CROWD_MODEL as MODEL } from './testing/crowd-api.ts';

describe('crowd figures from the API', () => {
  it('pool one comparability key only: two device classes at two sequence lengths, each row as computed directly', async () => {
    const api = await freshApi();
    // Two classes (2 and 8 cores), two sequence lengths, seven devices each, every one from a network of its own.
    let net = 0;
    for (const seq of [32, 128])
      for (const cores of [2, 8])
        for (let d = 0; d < 7; d++)
          await api.post(result((1 + d / 4) * (seq / 32) * (cores === 8 ? 0.5 : 1), seq, cores), `198.51.${net++}.9`);
    const keys = (await api.get<{ keys: KeyCount[] }>(`/api/keys?model=${MODEL}`)).keys;
    expect(keys.map((k) => [k.work?.seq, k.results]).sort()).toEqual([
      [128, 14],
      [32, 14],
    ]);
    // The direct computation: every stored result, grouped by key, class and batch size here, medians and intervals
    // over results (each its own source), against what the API answers.
    const listed = await api.get<ResultPage>(`/api/results?model=${MODEL}&limit=100`);
    expect(listed.total).toBe(28);
    const groups = new Map<string, number[]>();
    for (const item of listed.items)
      for (const p of item.points) {
        const g = `${item.key}#${item.device.deviceClass}#${p.batchSize}`;
        groups.set(g, [...(groups.get(g) ?? []), p.medianMs]);
      }
    const rows = (await api.get<{ rows: AggregateRow[] }>(`/api/aggregates?model=${MODEL}`)).rows;
    expect(rows).toHaveLength(groups.size);
    expect(rows).toHaveLength(2 * 2 * 2);
    for (const row of rows) {
      const ms = groups.get(`${row.key}#${row.deviceClass}#${row.batchSize}`)!;
      expect(ms).toHaveLength(7);
      expect(row).toMatchObject({ count: 7, sources: 7, work: parseKeyId(row.key) });
      expect(row.medianOfMediansMs).toBeCloseTo(median(ms), 9);
      // Seven values: [x(1), x(7)] is the widest pair at 95% (P(B <= 0) = 1/128, P(B <= 1) = 8/128 > 0.025).
      const sorted = [...ms].sort((a, b) => a - b);
      expect(row.ci95).toEqual({ lo: sorted[0], hi: sorted[6] });
    }
    // Asked for one key: that key's rows only.
    const k32 = keys.find((k) => k.work?.seq === 32)!.key;
    const one = (await api.get<{ rows: AggregateRow[] }>(`/api/aggregates?key=${encodeURIComponent(k32)}`)).rows;
    expect(one.map((r) => r.work?.seq)).toEqual([32, 32, 32, 32]);
    // From the pre-aggregated table (one key), exactly what the results themselves give (a model's keys).
    expect(one).toEqual(rows.filter((r) => r.key === k32));
    expect(one.every((r) => r.ci95 !== null)).toBe(true);
    await api.close();
  });

  it("answer a stored result's standing in its class and among all devices of its key, as computed directly", async () => {
    const api = await freshApi();
    const ids: string[] = [];
    for (let d = 0; d < 10; d++) ids.push(await api.post(result(1 + d / 5, 128, d % 2 ? 8 : 2), `203.0.${d}.1`));
    // Another kind of work: never among the others.
    await api.post(result(0.1, 32), '203.0.99.1');
    const listed = (await api.get<ResultPage>(`/api/results?model=${MODEL}&limit=100`)).items.filter((i) => ids.includes(i.id));
    for (const own of listed) {
      const stored = await api.get<StoredResult>(`/api/results/${own.id}`);
      expect(stored.standing?.map((s) => s.batchSize)).toEqual([1, 2]);
      for (const s of stored.standing!) {
        const peers = listed
          .filter((i) => i.id !== own.id)
          .map((i) => ({
            id: i.id,
            deviceClass: i.device.deviceClass,
            medianMs: i.points.find((p) => p.batchSize === s.batchSize)!.medianMs,
          }));
        const want = {
          all: rankAmong(s.medianMs, peers),
          inClass: rankAmong(
            s.medianMs,
            peers.filter((p) => p.deviceClass === own.device.deviceClass),
          ),
        };
        for (const which of ['all', 'inClass'] as const) {
          expect(s[which].n).toBe(want[which].n);
          expect(s[which].fasterThan).toBeCloseTo(want[which].fasterThan, 12);
          expect(s[which].ci95).toEqual(want[which].ci95);
          expect(s[which].above?.id ?? null).toBe(want[which].above?.id ?? null);
          expect(s[which].below?.id ?? null).toBe(want[which].below?.id ?? null);
        }
      }
    }
    // The fastest: faster than all 9 others, 4 of them in its class.
    const fastest = await api.get<StoredResult>(`/api/results/${ids[0]}`);
    expect(fastest.standing![0]!.all).toMatchObject({ n: 9, fasterThan: 1, above: null });
    expect(fastest.standing![0]!.inClass).toMatchObject({ n: 4, fasterThan: 1 });
    await api.close();
  });

  it("give one source one voice: a thousand results from one network move a class median by one source's worth", async () => {
    const api = await freshApi();
    // Twenty honest devices, each on its own network, 1.0 to 2.9 times the sample's times.
    for (let d = 0; d < 20; d++) await api.post(result(1 + d / 10), `192.0.${d}.7`);
    const classRow = async () =>
      (await api.get<{ rows: AggregateRow[] }>(`/api/aggregates?model=${MODEL}&batch=1`)).rows.find((r) => r.batchSize === 1)!;
    const before = await classRow();
    expect(before).toMatchObject({ count: 20, sources: 20 });
    const honest = (await api.get<ResultPage>(`/api/results?model=${MODEL}&limit=100`)).items
      .map((i) => i.points.find((p) => p.batchSize === 1)!.medianMs)
      .sort((a, b) => a - b);
    expect(before.medianOfMediansMs).toBeCloseTo((honest[9]! + honest[10]!) / 2, 9);
    // A script posts a thousand honest-looking, valid results, all far faster, from addresses of one /24.
    for (let i = 0; i < 1000; i++) await api.post(result(0.2), `198.18.7.${i % 250}`);
    const after = await classRow();
    expect(after).toMatchObject({ count: 1020, sources: 21 });
    // 21 voices: the script's one below all the honest ones, so the median is now the 10th honest value, half a step
    // from where it was: one source's worth.
    expect(after.medianOfMediansMs).toBeCloseTo(honest[9]!, 9);
    // Pooled as results, the thousand would have set it at their own median.
    const flooded = (await api.get<ResultPage>(`/api/results?model=${MODEL}&limit=1`)).items[0]!.points[0]!.medianMs;
    expect(crowdMedian([...honest, ...Array<number>(1000).fill(flooded)]).median).toBeCloseTo(flooded, 9);
    expect(flooded).toBeLessThan(honest[0]!);
    await api.close();
  }, 120_000);
});
