// `npm run bench:crowd-scale -- [--sizes=100000,1000000] [--pglite=100000] [--reps=40]` (Node): the results
// service at scale. Fills a throwaway PostgreSQL (Debian's, server/store/testing/private-postgres.ts) and, on
// request, an in-memory PGlite with synthetic verified results, then times the explorer's requests as a visitor
// makes them, through the real API (Hono, JSON and all), and a submission. A benchmark, not a test: it prints the
// p50/p95 of each request at each size as a markdown table for docs/perf.md, and writes the figures as JSON.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { quantile } from '../src/bench/stats.ts';
import { CHROME_LINUX_UA, sampleResult } from '../src/bench/testing/sample-result.ts';
import type { KeyCount, ResultPage } from '../src/shared/results-api.ts';
import { resultsApi } from '../server/api/results-api.ts';
import { TEST_CATALOG } from '../server/api/testing/test-catalog.ts';
import { migrate } from '../server/store/migrations.ts';
import { openPglite } from '../server/store/pglite-client.ts';
import { openPostgres } from '../server/store/pg-client.ts';
import { SqlResultStore } from '../server/store/result-store.ts';
import type { SqlClient } from '../server/store/sql-client.ts';
import { startPrivatePostgres } from '../server/store/testing/private-postgres.ts';
import { aggregateSynthetic, fillSynthetic, SYNTHETIC } from './crowd-scale/fill.ts';

interface Args {
  sizes: number[];
  pglite: number[];
  reps: number;
}

function parseArgs(argv: readonly string[]): Args {
  const list = (v: string) => v.split(',').filter(Boolean).map(Number);
  const args: Args = { sizes: [100_000, 1_000_000], pglite: [100_000], reps: 40 };
  for (const a of argv) {
    const [k, v = ''] = a.replace(/^--/, '').split('=');
    if (k === 'sizes') args.sizes = list(v);
    else if (k === 'pglite') args.pglite = list(v);
    else if (k === 'reps') args.reps = Number(v);
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

interface Timing {
  request: string;
  p50: number;
  p95: number;
  max: number;
  n: number;
}

/** Times `make()` `reps` times after two untimed calls, each on the argument `pick(i)` gives. */
async function time<T>(request: string, reps: number, pick: (i: number) => T, call: (x: T) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 2; i++) await call(pick(reps + i));
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const x = pick(i);
    const t0 = performance.now();
    await call(x);
    ms.push(performance.now() - t0);
  }
  return { request, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: Math.max(...ms), n: reps };
}

/** The explorer's requests and a submission, through the API, against a filled store. */
async function measure(db: SqlClient, reps: number): Promise<Timing[]> {
  const app = new Hono();
  app.route(
    '/api',
    resultsApi({
      store: new SqlResultStore(db),
      catalog: () => TEST_CATALOG,
      rateLimit: { perMinute: 1e9, burst: 1e9 },
      trustedProxies: ['unknown'],
    }),
  );
  const get = async <T>(path: string): Promise<T> => {
    const res = await app.request(path);
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
  // What visitors ask about: every model, its keys (the largest first, as the picker lists them), stored results.
  const models = SYNTHETIC.models;
  const keysOf = new Map<string, KeyCount[]>();
  for (const model of models) keysOf.set(model, await get<{ keys: KeyCount[] }>(`/api/keys?${q({ model })}`).then((k) => k.keys));
  const topKeys = models.map((m) => keysOf.get(m)![0]!.key);
  const anyKeys = models.flatMap((m) =>
    keysOf
      .get(m)!
      .slice(0, 4)
      .map((k) => k.key),
  );
  const ids = (await get<ResultPage>(`/api/results?limit=100&offset=5000`)).items.map((r) => r.id);
  const pickModel = (i: number) => models[i % models.length]!;
  const out: Timing[] = [];
  out.push(
    await time(
      'explorer, no filter: first page and count',
      reps,
      (i) => i,
      () => get('/api/results?limit=20'),
    ),
  );
  out.push(await time('keys of a model', reps, pickModel, (model) => get(`/api/keys?${q({ model })}`)));
  out.push(
    await time('results of a model, page 3', reps, pickModel, (model) =>
      get(`/api/results?${q({ model, limit: '20', offset: '40' })}`),
    ),
  );
  out.push(
    await time(
      'crowd figures of the largest key',
      reps,
      (i) => topKeys[i % topKeys.length]!,
      (key) => get(`/api/aggregates?${q({ key })}`),
    ),
  );
  out.push(
    await time(
      'crowd figures of a key (top 4 per model)',
      reps,
      (i) => anyKeys[i % anyKeys.length]!,
      (key) => get(`/api/aggregates?${q({ key })}`),
    ),
  );
  out.push(await time('battery figures of a model', reps, pickModel, (model) => get(`/api/energy?${q({ model })}`)));
  out.push(
    await time(
      "a result's page: the result and its standing",
      reps,
      (i) => ids[i % ids.length]!,
      (id) => get(`/api/results/${id}`),
    ),
  );
  out.push(
    await time(
      'open data set: its size',
      reps,
      (i) => i,
      () => get('/api/dataset'),
    ),
  );
  let n = 0;
  out.push(
    await time(
      'a submission (verified, stored)',
      reps,
      (i) => i,
      async () => {
        const r = sampleResult(1 + (n % 10) / 10);
        r.id = randomUUID();
        r.model.id = TEST_CATALOG.entries[0]!.id;
        r.environment = { ...r.environment, userAgent: CHROME_LINUX_UA };
        const res = await app.request('/api/results', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `crowd-scale-${process.pid}-${++n}-${Date.now()}`,
            'user-agent': CHROME_LINUX_UA,
            'x-forwarded-for': `10.${n % 250}.${(n >> 8) % 250}.1`,
          },
          body: JSON.stringify(r),
        });
        if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
      },
    ),
  );
  return out;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function run(
  kind: 'postgres' | 'pglite',
  size: number,
  reps: number,
): Promise<{ kind: string; size: number; fillS: number; aggregateS: number; timings: Timing[] }> {
  let stop = () => {};
  let db: SqlClient;
  if (kind === 'postgres') {
    const pg = await startPrivatePostgres();
    stop = pg.stop;
    db = await openPostgres(pg.url);
  } else db = await openPglite('memory://', async () => {});
  try {
    await migrate(db);
    const t0 = performance.now();
    await fillSynthetic(db, size, (done) => process.stderr.write(`\r${kind} ${size}: ${done} results`));
    const fillS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await aggregateSynthetic(db);
    const aggregateS = (performance.now() - t1) / 1000;
    process.stderr.write(` in ${fillS.toFixed(0)} s, pre-aggregated in ${aggregateS.toFixed(0)} s\n`);
    return { kind, size, fillS, aggregateS, timings: await measure(db, reps) };
  } finally {
    await db.close();
    stop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = [];
  for (const size of args.pglite) runs.push(await run('pglite', size, args.reps));
  for (const size of args.sizes) runs.push(await run('postgres', size, args.reps));
  const out = path.join('bench-results', `crowd-scale-${Date.now()}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(runs, null, 2)}\n`);
  const head = runs.map((r) => `${r.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${r.size.toLocaleString('en')}`);
  console.log(`| request (ms, p50 / p95) | ${head.join(' | ')} |`);
  console.log(`| --- | ${head.map(() => '---:').join(' | ')} |`);
  for (const [i, t] of runs[0]!.timings.entries())
    console.log(`| ${t.request} | ${runs.map((r) => `${fmt(r.timings[i]!.p50)} / ${fmt(r.timings[i]!.p95)}`).join(' | ')} |`);
  console.log(
    `\nfill: ${runs.map((r) => `${r.kind} ${r.size}: ${r.fillS.toFixed(0)} s`).join(', ')}; ${args.reps} timed requests each`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
