// The results API over a PGlite store: submission, idempotency, rate limit, reads, and a table of hostile inputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { RunResult } from '../../src/shared/run-result.ts';
import { CHROME_LINUX_UA, sampleResult } from '../../src/bench/testing/sample-result.ts';
import { migrate } from '../store/migrations.ts';
import { openPglite } from '../store/pglite-client.ts';
import { SqlResultStore } from '../store/result-store.ts';
import { RoomService } from '../rooms/room-service.ts';
import { roomsApi } from '../rooms/rooms-api.ts';
import { MAX_BODY_BYTES, resultsApi } from './results-api.ts';
import { TEST_CATALOG } from './testing/test-catalog.ts';

const catalog = TEST_CATALOG;

const USER_AGENT = CHROME_LINUX_UA;

function validResult(): RunResult {
  const r = sampleResult();
  r.model.id = 'tierlab/tiny-code-encoder';
  r.environment.userAgent = USER_AGENT;
  return r;
}

let app: Hono;
let store: SqlResultStore;
let keyN = 0;
const newKey = () => `test-key-${String(++keyN).padStart(8, '0')}`;

function post(body: string | null, headers: Record<string, string> = {}) {
  return app.request('/api/results', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), 'user-agent': USER_AGENT, ...headers },
    ...(body !== null ? { body } : {}),
  });
}

beforeAll(async () => {
  const db = await openPglite('memory://', async (c) => {
    await migrate(c);
  });
  store = new SqlResultStore(db);
  app = new Hono();
  // Assembled as the server does: the rooms API under the results API, so the OpenAPI check sees every route.
  const rooms = new RoomService(db, undefined, { pollMs: 0 });
  const api = resultsApi({ store, catalog: () => catalog, rateLimit: { perMinute: 6000, burst: 1000 }, rooms });
  api.route('/rooms', roomsApi({ rooms, catalog: () => catalog }));
  app.route('/api', api);
});

describe('POST /api/results', () => {
  it('stores a valid result (201), replays the same key and body, refuses the key with another body', async () => {
    const body = JSON.stringify(validResult());
    const key = newKey();
    const first = await post(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; flags: string[] };
    const again = await post(body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(created);
    const other = validResult();
    other.durationMs += 1;
    const conflict = await post(JSON.stringify(other), { 'idempotency-key': key });
    expect(conflict.status).toBe(422);
    expect(((await conflict.json()) as { error: string }).error).toMatch(/different body/);
    const stored = await app.request(`/api/results/${created.id}`);
    expect(stored.status).toBe(200);
    const row = (await stored.json()) as { result: RunResult; device: { deviceClass: string } };
    // Privacy: the user-agent and platform are not stored, only buckets.
    expect(row.result.environment.userAgent).toBe('');
    expect(JSON.stringify(row)).not.toContain('Mozilla');
    expect(row.device.deviceClass).toBe('linux · chrome · cpu · 1-2 cores · 8+ GB');
  });

  it('computes validity flags on the server and leaves flagged results out of the list by default', async () => {
    const r = validResult();
    r.flags.backgrounded = true;
    const res = await post(JSON.stringify(r));
    expect(res.status).toBe(201);
    const { id, flags } = (await res.json()) as { id: string; flags: string[] };
    expect(flags).toEqual(['backgrounded']);
    const plain = (await (await app.request('/api/results?limit=100')).json()) as { items: { id: string }[] };
    expect(plain.items.map((i) => i.id)).not.toContain(id);
    const all = (await (await app.request('/api/results?limit=100&includeFlagged=true')).json()) as { items: { id: string }[] };
    expect(all.items.map((i) => i.id)).toContain(id);
  });

  it('rate limits per client address with 429 and Retry-After', async () => {
    const limited = new Hono();
    limited.route('/api', resultsApi({ store, catalog: () => catalog, rateLimit: { perMinute: 1, burst: 1 } }));
    const send = () =>
      limited.request('/api/results', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify(validResult()),
      });
    expect((await send()).status).toBe(201);
    const second = await send();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  const mutate = (f: (r: Record<string, unknown> & RunResult) => void) => {
    const r = validResult() as Record<string, unknown> & RunResult;
    f(r);
    return JSON.stringify(r);
  };
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const cases: [string, () => Response | Promise<Response>, number, RegExp][] = [
    ['empty body', () => post(''), 400, /empty body/],
    ['no body', () => post(null), 400, /empty body/],
    ['invalid JSON', () => post('{"schemaVersion": 1,'), 400, /not valid JSON/],
    ['wrong content type', () => post(JSON.stringify(validResult()), { 'content-type': 'text/plain' }), 400, /Content-Type/],
    [
      'missing idempotency key',
      () => app.request('/api/results', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      400,
      /missing Idempotency-Key/,
    ],
    [
      'short idempotency key',
      () => post(JSON.stringify(validResult()), { 'idempotency-key': 'abc' }),
      400,
      /bad Idempotency-Key/,
    ],
    [
      'idempotency key with odd characters',
      () => post(JSON.stringify(validResult()), { 'idempotency-key': "x'; drop table results;--aaaaaa" }),
      400,
      /bad Idempotency-Key/,
    ],
    ['oversized body', () => post(`{"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}`), 413, /body over/],
    ['declared oversized body', () => post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) }), 413, /body over/],
    ['a JSON array', () => post('[]'), 422, /not a valid RunResult/],
    ['a JSON string', () => post('"hello"'), 422, /not a valid RunResult/],
    ['deep nesting', () => post(deep(5000)), 422, /nested more than/],
    [
      '__proto__ key',
      () => post(mutate((r) => Object.defineProperty(r, '__proto__', { value: { admin: true }, enumerable: true }))),
      422,
      /not a valid RunResult/,
    ],
    ['unknown field', () => post(mutate((r) => (r.extra = 1))), 422, /extra|not a valid RunResult/],
    [
      '1e999 latency',
      () => post(JSON.stringify(validResult()).replace('"durationMs":', '"durationMs":1e999,"x":')),
      422,
      /not a valid RunResult/,
    ],
    ['negative latency', () => post(mutate((r) => (r.points[0]!.samplesMs[0] = -1))), 422, /samplesMs/],
    ['NaN latency (as null)', () => post(mutate((r) => (r.points[0]!.stats.median = NaN))), 422, /median/],
    ['huge sample array', () => post(mutate((r) => (r.points[0]!.samplesMs = Array(20001).fill(1)))), 422, /samplesMs/],
    ['NUL byte in a string', () => post(mutate((r) => (r.environment.platform = 'Linux\u0000x'))), 422, /NUL/],
    [
      'lone surrogate',
      () => post(JSON.stringify(validResult()).replace('"platform":"Linux"', '"platform":"\\ud800"')),
      422,
      /lone surrogate/,
    ],
    [
      'unknown model',
      () => post(mutate((r) => (r.plan = { ...r.plan, model: { kind: 'catalog', id: 'evil/model', dtype: 'fp32' } }))),
      422,
      /unknown model/,
    ],
    [
      'unknown variant',
      () =>
        post(mutate((r) => (r.plan = { ...r.plan, model: { kind: 'catalog', id: 'tierlab/tiny-code-encoder', dtype: 'q4' } }))),
      422,
      /no q4 variant/,
    ],
    [
      'unknown backend',
      () => post(mutate((r) => ((r.environment as { executionProvider: string }).executionProvider = 'tpu'))),
      422,
      /executionProvider/,
    ],
    [
      'URL model',
      () => post(mutate((r) => (r.plan = { ...r.plan, model: { kind: 'url', url: 'https://evil.example/m.onnx' } }))),
      422,
      /only catalog models/,
    ],
    ['model differing from its plan', () => post(mutate((r) => (r.model.id = 'other'))), 422, /different model/],
    ['overlong string', () => post(mutate((r) => (r.environment.platform = 'x'.repeat(600)))), 422, /platform/],
    [
      'invalid UTF-8',
      () =>
        app.request('/api/results', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
          body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
        }),
      400,
      /UTF-8/,
    ],
  ];

  it.each(cases)('%s is refused with its 4xx and nothing is stored', async (_name, send, status, message) => {
    const before = await store.count();
    const res = await send();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect(await store.count()).toBe(before);
  });
});

describe('GET /api/results', () => {
  it('pages with a bounded limit, filters, and answers 404 for an unknown id', async () => {
    const page = (await (await app.request('/api/results?limit=100000&model=tierlab/tiny-code-encoder')).json()) as {
      limit: number;
      total: number;
    };
    expect(page.limit).toBe(100);
    expect(page.total).toBeGreaterThan(0);
    const none = (await (await app.request('/api/results?model=nobody')).json()) as { total: number };
    expect(none.total).toBe(0);
    expect((await app.request('/api/results/00000000-0000-4000-8000-999999999999')).status).toBe(404);
    expect((await app.request("/api/results/'; select 1")).status).toBe(404);
  });
});

describe('aggregates, export and the OpenAPI description', () => {
  it('aggregates per device class, exports CSV with formulas defused, and JSON', async () => {
    const agg = (await (await app.request('/api/aggregates?model=tierlab/tiny-code-encoder')).json()) as {
      rows: { deviceClass: string; batchSize: number; count: number }[];
    };
    expect(agg.rows.length).toBeGreaterThan(0);
    expect(agg.rows.every((r) => r.count > 0)).toBe(true);
    const csv = await app.request('/api/export?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^id,received_at,model,/);
    expect(lines.length).toBeGreaterThan(1);
    const json = (await (await app.request('/api/export?format=json')).json()) as { items: unknown[] };
    expect(json.items.length).toBeGreaterThan(0);
  });

  it('describes exactly the routes the API has', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const routed = [
      ...new Set(
        app.routes
          .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ].sort();
    expect(described).toEqual(routed);
  });
});
