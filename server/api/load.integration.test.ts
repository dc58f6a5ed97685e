// Load on loopback: many concurrent submitters for a bounded time against the real HTTP server and a PGlite data
// folder. Every 201 must be in the database exactly once and nothing else; latency percentiles are printed, not asserted.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { quantile } from '../../src/bench/stats.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { migrate } from '../store/migrations.ts';
import { openPglite } from '../store/pglite-client.ts';
import { SqlResultStore } from '../store/result-store.ts';
import { resultsApi } from './results-api.ts';
import { TEST_CATALOG } from './testing/test-catalog.ts';

const SUBMITTERS = 16;
const DURATION_MS = 6000;

const catalog = TEST_CATALOG;

describe('results API under load', () => {
  it('every acknowledged submission is stored exactly once, and nothing else', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-load-'));
    const db = await openPglite(dir, async (c) => {
      await migrate(c);
    });
    const store = new SqlResultStore(db);
    const app = new Hono();
    app.route('/api', resultsApi({ store, catalog: () => catalog, rateLimit: { perMinute: 1e9, burst: 1e9 } }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/results`;
    const acknowledged = new Map<string, string>();
    const latencies: number[] = [];
    let replays = 0;
    let other = 0;
    const until = Date.now() + DURATION_MS;
    const submitter = async (s: number) => {
      for (let i = 0; Date.now() < until; i++) {
        const key = `load-${s}-${i}-${'k'.repeat(8)}`;
        const r = sampleResult();
        r.model.id = 'tierlab/tiny-code-encoder';
        r.id = `${s}-${i}`;
        const body = JSON.stringify(r);
        // Every fifth submission is sent twice, as a retry after a lost response would be.
        for (let attempt = 0; attempt < (i % 5 === 0 ? 2 : 1); attempt++) {
          const t0 = performance.now();
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body,
          });
          latencies.push(performance.now() - t0);
          const json = (await res.json()) as { id?: string };
          if (res.status !== 201 || !json.id) {
            other++;
            continue;
          }
          if (attempt === 1) {
            replays++;
            expect(json.id).toBe(acknowledged.get(key));
          } else acknowledged.set(key, json.id);
        }
      }
    };
    await Promise.all(Array.from({ length: SUBMITTERS }, (_, s) => submitter(s)));
    server.close();
    const ids = await db.query<{ id: string; client_result_id: string }>('select id, client_result_id from results');
    expect(other).toBe(0);
    expect(ids.length).toBe(acknowledged.size);
    expect(new Set(ids.map((r) => r.id))).toEqual(new Set(acknowledged.values()));
    console.log(
      `load: ${SUBMITTERS} submitters for ${DURATION_MS / 1000} s: ${acknowledged.size} stored, ${replays} replays answered with the original id; ` +
        `latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
    );
    await store.close();
  });
});
