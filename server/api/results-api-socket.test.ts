// The results API over a real loopback socket (Node): chunked bodies and forged X-Forwarded-For headers, which
// app.request cannot show because it has no socket and no transfer encoding.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/shared/run-result.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { migrate } from '../store/migrations.ts';
import { openPglite } from '../store/pglite-client.ts';
import { SqlResultStore } from '../store/result-store.ts';
import { MAX_BODY_BYTES, resultsApi } from './results-api.ts';
import { TEST_CATALOG } from './testing/test-catalog.ts';

let store: SqlResultStore;
const servers: ServerType[] = [];
let keyN = 0;
const newKey = () => `socket-key-${String(++keyN).padStart(8, '0')}`;

function validBody(): string {
  const r: RunResult = sampleResult();
  r.model.id = 'tierlab/tiny-code-encoder';
  r.id = `socket-${keyN}`;
  return JSON.stringify(r);
}

/** Serves the API on a loopback port with a one-submission burst; `trustedProxies` as given. */
async function start(trustedProxies: string[]): Promise<string> {
  const app = new Hono();
  app.route('/api', resultsApi({ store, catalog: () => TEST_CATALOG, rateLimit: { perMinute: 1, burst: 1 }, trustedProxies }));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function chunked(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

const send = (base: string, init: RequestInit & { duplex?: 'half' }, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/results`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), ...headers },
  });

beforeAll(async () => {
  store = new SqlResultStore(await openPglite('memory://', async (c) => void (await migrate(c))));
});

afterAll(async () => {
  for (const s of servers) s.close();
  await store.close();
});

describe('over a real socket', () => {
  it('refuses a chunked body that grows past the limit with 413 and stores nothing', async () => {
    const base = await start([]);
    const mb = new Uint8Array(1024 * 1024).fill(0x20);
    const before = await store.count();
    const res = await send(base, { body: chunked([mb, mb, mb]), duplex: 'half' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`body over ${MAX_BODY_BYTES}`));
    expect(await store.count()).toBe(before);
  });

  it('accepts a valid result sent in chunks', async () => {
    const base = await start([]);
    const bytes = new TextEncoder().encode(validBody());
    const res = await send(base, { body: chunked([bytes.slice(0, 100), bytes.slice(100)]), duplex: 'half' });
    expect(res.status).toBe(201);
  });

  it('a forged X-Forwarded-For does not dodge the rate limit from an untrusted peer', async () => {
    const base = await start([]);
    expect((await send(base, { body: validBody() }, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    const before = await store.count();
    const forged = await send(base, { body: validBody() }, { 'x-forwarded-for': '203.0.113.2' });
    expect(forged.status).toBe(429);
    expect(await store.count()).toBe(before);
  });

  it('behind a trusted proxy, each forwarded client has its own limit, and a forged left part is ignored', async () => {
    const base = await start(['127.0.0.1']);
    expect((await send(base, { body: validBody() }, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await send(base, { body: validBody() }, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(201);
    // The client at .1 prepends a made-up address: the proxy appended the real one, which is the one counted.
    const before = await store.count();
    const forged = await send(base, { body: validBody() }, { 'x-forwarded-for': '192.0.2.99, 198.51.100.1' });
    expect(forged.status).toBe(429);
    expect(await store.count()).toBe(before);
  });
});
