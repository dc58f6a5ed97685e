// A results API on a fresh in-memory store for crowd tests (Node, test support): submissions from networks of the
// test's choosing, and valid results of one model at a chosen scale, sequence length and core count.
import { expect } from 'vitest';
import { Hono } from 'hono';
import type { RunResult } from '../../../src/shared/run-result.ts';
import { CHROME_LINUX_UA, sampleResult } from '../../../src/bench/testing/sample-result.ts';
import { migrate } from '../../store/migrations.ts';
import { openPglite } from '../../store/pglite-client.ts';
import { SqlResultStore } from '../../store/result-store.ts';
import { resultsApi } from '../results-api.ts';
import { TEST_CATALOG } from './test-catalog.ts';

export const CROWD_MODEL = 'tierlab/tiny-code-encoder';

/** A results API on a fresh in-memory store that believes X-Forwarded-For (Hono's test requests have no socket), so
 *  each submission can come from a network of its own. */
export async function freshCrowdApi(options: { datasetPage?: number; sourceKey?: string } = {}) {
  const db = await openPglite('memory://', async (c) => void (await migrate(c)));
  const app = new Hono();
  const store = new SqlResultStore(db);
  app.route(
    '/api',
    resultsApi({
      store,
      catalog: () => TEST_CATALOG,
      rateLimit: { perMinute: 1e6, burst: 1e5 },
      trustedProxies: ['unknown'],
      ...options,
    }),
  );
  let n = 0;
  const get = async <T>(path: string) => (await (await app.request(path)).json()) as T;
  return {
    get,
    /** The raw response of a GET. */
    fetch: (path: string, init?: RequestInit) => app.request(path, init),
    /** Submits `r` from `address`; the stored id. */
    async post(r: RunResult, address: string): Promise<string> {
      const res = await app.request('/api/results', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `crowd-test-${String(++n).padStart(8, '0')}`,
          'user-agent': CHROME_LINUX_UA,
          'x-forwarded-for': address,
        },
        body: JSON.stringify(r),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    close: () => store.close(),
  };
}

/** A valid result of the model: `scale` times the sample's times, at sequence `seq`, on a device with `cores`. */
export function crowdResult(scale: number, seq = 128, cores = 2): RunResult {
  const r = sampleResult(scale);
  r.id = crypto.randomUUID();
  r.model.id = CROWD_MODEL;
  r.environment = { ...r.environment, userAgent: CHROME_LINUX_UA, hardwareConcurrency: cores };
  // A minimum sampling time these few made-up samples reach at every scale (it is no part of the key).
  r.plan = { ...r.plan, seq, protocol: { ...r.plan.protocol, minTimeMs: 5 } };
  r.inputs = { ...r.inputs, sequenceLength: seq };
  return r;
}
