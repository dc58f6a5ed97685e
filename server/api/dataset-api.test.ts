// The open data set as the API streams it: every unflagged result and nothing else, CSV and JSON Lines the same rows,
// sources numbered so the crowd figures recompute exactly as GET /api/aggregates answers them, nothing that
// identifies a person, the licence and version in the headers, gzip on request, and at most two downloads at once.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DATASET_COLUMNS,
  DATASET_LICENCE,
  parseDatasetCsv,
  parseDatasetJsonl,
  type DatasetRecord,
} from '../../src/shared/dataset.ts';
import { crowdMismatches, recomputeCrowd } from '../../src/bench/dataset-crowd.ts';
import type { AggregateRow } from '../../src/shared/results-api.ts';
import { CHROME_LINUX_UA } from '../../src/bench/testing/sample-result.ts';
import { datasetRecords, MAX_DATASET_STREAMS } from './dataset.ts';
import type { DatasetSourceRow } from '../store/dataset-rows.ts';
import { sourceOf } from '../http/source.ts';
import { CROWD_MODEL, crowdResult, freshCrowdApi } from './testing/crowd-api.ts';

const CSV = '/api/dataset/v1/results.csv';
const JSONL = '/api/dataset/v1/results.jsonl';
const SOURCE_KEY = 'dataset-test-source-key';
const ADDRESSES = ['198.51.0.9', '198.51.27.9', '203.0.113.1', '192.0.2.1'];

/** Two device classes at two sequence lengths, seven networks each; one more network that sent three results; one
 *  flagged result (its tab was hidden). Pages of three results, so a download takes many. */
async function filled() {
  const api = await freshCrowdApi({ datasetPage: 3, sourceKey: SOURCE_KEY });
  let net = 0;
  const ids: string[] = [];
  for (const seq of [32, 128])
    for (const cores of [2, 8])
      for (let d = 0; d < 7; d++)
        ids.push(await api.post(crowdResult((1 + d / 4) * (seq / 32), seq, cores), `198.51.${net++}.9`));
  const shared: string[] = [];
  for (let i = 0; i < 3; i++) shared.push(await api.post(crowdResult(1.1 + i / 10), `203.0.113.${i + 1}`));
  const hidden = crowdResult(0.5);
  hidden.flags = { ...hidden.flags, backgrounded: true };
  const flagged = await api.post(hidden, '192.0.2.1');
  return { api, ids, shared, flagged };
}

describe('the open data set', () => {
  it('holds every unflagged result once per batch size, the same in CSV and JSON Lines, and recomputes the API figures', async () => {
    const { api, ids, shared, flagged } = await filled();
    const csvText = await (await api.fetch(CSV)).text();
    const records = parseDatasetCsv(csvText);
    const jsonl = parseDatasetJsonl(await (await api.fetch(JSONL)).text());
    expect(jsonl).toEqual(records);
    const byResult = new Map<string, DatasetRecord[]>();
    for (const r of records) byResult.set(String(r.result_id), [...(byResult.get(String(r.result_id)) ?? []), r]);
    expect([...byResult.keys()].sort()).toEqual([...ids, ...shared].sort());
    expect(byResult.has(flagged)).toBe(false);
    for (const rows of byResult.values()) expect(rows.map((r) => r.batch_size)).toEqual([1, 2]);
    // Key fields as the key says; the model column is the catalog id.
    for (const r of records) {
      expect(String(r.work_key).split('|').slice(0, 5)).toEqual([r.model, r.variant, r.runtime, r.backend, `seq${r.seq}`]);
      expect(r.model).toBe(CROWD_MODEL);
      expect(r.new_tokens).toBeNull();
    }
    // One network, one number; numbers in order of first appearance.
    const sources = records.map((r) => Number(r.source));
    expect(new Set(shared.map((id) => byResult.get(id)![0]!.source)).size).toBe(1);
    expect(new Set(sources).size).toBe(29);
    const firsts = [...new Set(sources)];
    expect(firsts).toEqual(firsts.map((_, i) => i + 1));
    // What the explorer shows, recomputed from the download alone.
    const api1 = (await api.get<{ rows: AggregateRow[] }>('/api/aggregates')).rows;
    expect(api1.length).toBe(8);
    expect(crowdMismatches(recomputeCrowd(records), api1)).toEqual([]);
    // And the check can fail: drop one source's rows and it says where.
    const without = records.filter((r) => r.source !== records[0]!.source);
    expect(crowdMismatches(recomputeCrowd(without), api1).length).toBeGreaterThan(0);
    await api.close();
  });

  it('leaves out a stored result whose key no longer parses, and writes rows every reader accepts', () => {
    const row: DatasetSourceRow = {
      id: 'r',
      cursor: { at: 'x', id: 'r' },
      receivedDate: '2026-12-07',
      source: 's',
      workKey: 'unreadable|r',
      deviceClass: 'c',
      osFamily: 'linux',
      browserFamily: 'chrome',
      browserMajor: null,
      gpuVendor: null,
      gpuArchitecture: null,
      coresBucket: '1-2',
      memoryBucket: '8+ GB',
      threads: 1,
      ortBuild: null,
      flags: [],
      points: [{ batchSize: 1, medianMs: 5, p90Ms: 6, ciLoMs: 4, ciHiMs: 6, throughput: 200, samples: 12 }],
    };
    expect(datasetRecords(row, 1)).toEqual([]);
    const readable = datasetRecords({ ...row, workKey: 'm|fp32|onnxruntime-web|wasm|seq32|max-length|mixed|tokenized|fwd' }, 1);
    expect(parseDatasetJsonl(readable.map((r) => JSON.stringify(r)).join('\n'))).toEqual(readable);
  });

  it('names no person: no address, user agent, source hash or free text', async () => {
    const { api } = await filled();
    const text = await (await api.fetch(JSONL)).text();
    expect(text).not.toMatch(/198\.51\.|203\.0\.113|192\.0\.2/);
    expect(text).not.toContain(CHROME_LINUX_UA.slice(0, 30));
    expect(text).not.toContain('Mozilla');
    // The hashes the server stored as the results' sources.
    for (const address of ADDRESSES) expect(text).not.toContain(sourceOf(address, SOURCE_KEY));
    for (const line of text.trim().split('\n'))
      expect(Object.keys(JSON.parse(line) as object)).toEqual(DATASET_COLUMNS.map((c) => c.name));
    await api.close();
  });

  it('says its version, cut and licence, streams gzip when asked, and refuses a third download at once', async () => {
    const { api } = await filled();
    const meta = await api.get<{ version: number; licence: unknown; results: number; columns: { name: string }[] }>(
      '/api/dataset',
    );
    expect(meta).toMatchObject({ version: 1, licence: DATASET_LICENCE, results: 31 });
    expect(meta.columns.map((c) => c.name)).toEqual(DATASET_COLUMNS.map((c) => c.name));
    const plain = await api.fetch(CSV);
    expect(plain.headers.get('content-disposition')).toMatch(/filename="tierlab-results-v1-\d{4}-\d{2}-\d{2}T\d{6}Z\.csv"/);
    expect(plain.headers.get('link')).toContain(`<${DATASET_LICENCE.url}>; rel="license"`);
    expect(plain.headers.get('x-tierlab-dataset')).toMatch(/^v1; as-of=.*Z; results=31$/);
    const text = await plain.text();
    const zipped = await api.fetch(CSV, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(text);
    expect((await api.fetch('/api/dataset/v2/results.csv')).status).toBe(404);
    // Two downloads begun and not read: a third is asked to come back; once one is given up, it goes ahead.
    const open = [];
    for (let i = 0; i < MAX_DATASET_STREAMS; i++) open.push(await api.fetch(JSONL));
    const refused = await api.fetch(JSONL);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    await open[0]!.body!.cancel();
    expect((await api.fetch(JSONL)).status).toBe(200);
    await api.close();
  });
});
