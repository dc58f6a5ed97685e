// Rooms over a PGlite store: creation, presenter-only actions, room submissions, and the SSE stream (replay from
// Last-Event-ID across forced reconnects, heartbeats, a slow consumer dropped at its queue limit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { RoomCreated, RoomEnvelope } from '../../src/shared/rooms.ts';
import { DEFAULT_PLAN } from '../../src/shared/run-plan.ts';
import type { RunResult } from '../../src/shared/run-result.ts';
import { CHROME_LINUX_UA, sampleResult } from '../../src/bench/testing/sample-result.ts';
import { resultsApi } from '../api/results-api.ts';
import { TEST_CATALOG } from '../api/testing/test-catalog.ts';
import { migrate } from '../store/migrations.ts';
import { openPglite } from '../store/pglite-client.ts';
import { SqlResultStore } from '../store/result-store.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { RoomService } from './room-service.ts';
import { roomsApi } from './rooms-api.ts';
import { readSse } from './testing/sse-reader.ts';

/** The plan of the sample results these tests submit (two batch sizes). */
const ROOM_PLAN = sampleResult().plan;
const BROWSER_UA = CHROME_LINUX_UA;

const QUEUE_LIMIT = 8;
let app: Hono;
let rooms: RoomService;
let db: SqlClient;
let keyN = 0;

beforeAll(async () => {
  db = await openPglite('memory://', async (c) => void (await migrate(c)));
  const store = new SqlResultStore(db);
  rooms = new RoomService(db, undefined, { pollMs: 0 });
  const api = resultsApi({ store, catalog: () => TEST_CATALOG, rateLimit: { perMinute: 6000, burst: 1000 }, rooms });
  const generous = { perMinute: 60_000, burst: 10_000 };
  api.route(
    '/rooms',
    roomsApi({
      rooms,
      catalog: () => TEST_CATALOG,
      createLimit: generous,
      presenceLimit: generous,
      queueLimit: QUEUE_LIMIT,
      heartbeatMs: 40,
      joinOrigins: () => ({ origins: ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'], source: 'lan' }),
    }),
  );
  app = new Hono();
  app.route('/api', api);
});
afterAll(async () => {
  rooms.close();
  await db.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  // A browser's request carries its user-agent; the server checks it against the result's.
  headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
  body: JSON.stringify(body),
});

async function createRoom(): Promise<RoomCreated> {
  const res = await app.request('/api/rooms', json({ title: 'Talk', plan: ROOM_PLAN }));
  expect(res.status).toBe(201);
  return (await res.json()) as RoomCreated;
}

function roomResult(): RunResult {
  const r = sampleResult();
  r.model.id = 'tierlab/tiny-code-encoder';
  r.environment.userAgent = BROWSER_UA;
  r.id = `client-${++keyN}`;
  return r;
}

function submit(code: string, device: string, result: RunResult, key = `room-key-${String(++keyN).padStart(10, '0')}`) {
  return app.request(`/api/results?room=${code}&device=${device}`, json(result, { 'idempotency-key': key }));
}

const presence = (code: string, deviceId: string, state: string) =>
  app.request(`/api/rooms/${code}/presence`, json({ deviceId, state }));

function stream(code: string, lastEventId?: number) {
  return app.request(`/api/rooms/${code}/events`, { headers: lastEventId ? { 'last-event-id': String(lastEventId) } : {} });
}

const ids = (events: RoomEnvelope[]) => events.map((e) => e.id);

describe('rooms', () => {
  it('creates a room with a short code and a presenter secret; refuses plans a room cannot fix', async () => {
    const made = await createRoom();
    expect(made.room.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(made.secret.length).toBeGreaterThanOrEqual(32);
    expect(made.joinPath).toBe(`/#/join/${made.room.code}`);
    const got = (await (await app.request(`/api/rooms/${made.room.code}`)).json()) as { plan: unknown; lastEventId: number };
    expect(got.plan).toEqual(ROOM_PLAN);
    expect(got.lastEventId).toBe(1);
    const url = await app.request(
      '/api/rooms',
      json({ title: 'x', plan: { ...DEFAULT_PLAN, model: { kind: 'url', url: 'https://e.org/m.onnx' } } }),
    );
    expect(url.status).toBe(422);
    const unknown = await app.request(
      '/api/rooms',
      json({ title: 'x', plan: { ...DEFAULT_PLAN, model: { kind: 'catalog', id: 'nope/x', dtype: 'fp32' } } }),
    );
    expect(unknown.status).toBe(422);
    expect((await app.request('/api/rooms/ZZZZZZ')).status).toBe(404);
    expect((await app.request('/api/rooms/../etc')).status).toBe(404);
    expect(
      (await app.request('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":' }))
        .status,
    ).toBe(400);
  });

  it('gives the join URLs at the addresses phones can reach, on creation and on request', async () => {
    const created = await createRoom();
    const code = created.room.code;
    expect(created.joinUrls).toEqual([`http://192.168.1.20:8080/#/join/${code}`, `http://10.0.0.5:8080/#/join/${code}`]);
    const res = await app.request(`/api/rooms/${code}/join`);
    expect(await res.json()).toEqual({ joinUrls: created.joinUrls, source: 'lan' });
    expect((await app.request('/api/rooms/ZZZZZZ/join')).status).toBe(404);
  });

  it('keeps what a joining device says it can do in its device event, and refuses a malformed readiness', async () => {
    const { room } = await createRoom();
    const readiness = { secure: true, isolated: true, threads: 8, webgpu: 'hardware' };
    const said = await app.request(
      `/api/rooms/${room.code}/presence`,
      json({ deviceId: 'ready-aaaa', state: 'joined', readiness }),
    );
    expect(said.status).toBe(200);
    const events = (await (await app.request(`/api/rooms/${room.code}/export`)).json()) as { events: RoomEnvelope[] };
    expect(events.events.at(-1)?.event).toEqual({ kind: 'device', deviceId: 'ready-aaaa', state: 'joined', readiness });
    for (const bad of [
      { ...readiness, threads: 1e9 },
      { ...readiness, webgpu: 'quantum' },
      { ...readiness, extra: 1 },
    ]) {
      const res = await app.request(
        `/api/rooms/${room.code}/presence`,
        json({ deviceId: 'ready-bbbb', state: 'joined', readiness: bad }),
      );
      expect(res.status).toBe(422);
    }
  });

  it('streams opened, device and result events in order; a replayed submission adds no event', async () => {
    const { room } = await createRoom();
    const sse = readSse((await stream(room.code)).body!);
    expect((await presence(room.code, 'phone-aaaa', 'joined')).status).toBe(200);
    // The same state again changes nothing.
    expect(((await (await presence(room.code, 'phone-aaaa', 'joined')).json()) as { id: number | null }).id).toBeNull();
    await presence(room.code, 'phone-aaaa', 'running');
    const result = roomResult();
    const first = await submit(room.code, 'phone-aaaa', result, 'replayed-key-000001');
    expect(first.status).toBe(201);
    const again = await submit(room.code, 'phone-aaaa', result, 'replayed-key-000001');
    expect(await again.json()).toEqual(await first.clone().json());
    const events = await sse.until(4);
    expect(ids(events)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.event.kind)).toEqual(['opened', 'device', 'device', 'result']);
    const r = events[3]!.event;
    expect(r.kind === 'result' && r.deviceClass).toBe('linux · chrome · cpu · 1-2 cores · 8+ GB');
    // Nothing private reaches the stream.
    expect(JSON.stringify(events)).not.toMatch(/Mozilla|userAgent|samplesMs/);
    expect((await sse.until(5, 300)).length).toBe(4);
    await sse.cancel();
  });

  it('refuses a submission whose plan differs from the room, or without a device id', async () => {
    const { room } = await createRoom();
    const other = roomResult();
    other.plan = { ...other.plan, seq: 64 };
    const res = await submit(room.code, 'phone-bbbb', other);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/differs from the room's in: seq/);
    // The room fixes the sampling protocol too: a looser stop rule does not enter its leaderboard.
    const loose = roomResult();
    loose.plan = { ...loose.plan, protocol: { ...loose.plan.protocol, targetRelCi: 1 } };
    const looser = await submit(room.code, 'phone-bbbb', loose);
    expect(looser.status).toBe(422);
    expect(((await looser.json()) as { error: string }).error).toMatch(/differs from the room's in: protocol/);
    expect(
      (await app.request(`/api/results?room=${room.code}`, json(roomResult(), { 'idempotency-key': 'no-device-key-0001' })))
        .status,
    ).toBe(422);
    expect((await submit('ZZZZZZ', 'phone-bbbb', roomResult())).status).toBe(404);
  });

  it('delivers every event exactly once, in order, across forced reconnects with Last-Event-ID', async () => {
    const { room } = await createRoom();
    const seen: RoomEnvelope[] = [];
    let n = 0;
    const join = () => presence(room.code, `dev-${String(++n).padStart(5, '0')}`, 'joined');
    for (let round = 0; round < 5; round++) {
      // The client reconnects with the last id it has (none the first time), as EventSource does.
      const sse = readSse((await stream(room.code, seen.at(-1)?.id)).body!);
      for (let i = 0; i < 3; i++) await join();
      // It drops after two of this round's events: whatever arrived by then is what it has.
      await sse.until(2);
      seen.push(...sse.events);
      await sse.cancel();
      // Events appended while it is away.
      for (let i = 0; i < 2; i++) await join();
    }
    const last = readSse((await stream(room.code, seen.at(-1)?.id)).body!);
    seen.push(...(await last.until(1 + n - seen.length)));
    await last.cancel();
    expect(ids(seen)).toEqual(Array.from({ length: 1 + n }, (_, i) => i + 1));
    expect(rooms.hub.count(room.code)).toBe(0);
  });

  it('delivers each event as it is appended, without waiting for the next one', async () => {
    const { room } = await createRoom();
    const sse = readSse((await stream(room.code)).body!);
    await sse.until(1);
    const late: number[] = [];
    for (let i = 0; i < 30; i++) {
      expect((await presence(room.code, `each-${String(i).padStart(5, '0')}`, 'joined')).status).toBe(200);
      if ((await sse.until(2 + i, 2000)).length < 2 + i) late.push(i);
    }
    expect(late).toEqual([]);
    await sse.cancel();
  });

  it('sends heartbeats', async () => {
    const { room } = await createRoom();
    const sse = readSse((await stream(room.code)).body!);
    await sse.comment('heartbeat', 2000);
    expect(sse.comments).toContain('heartbeat');
    await sse.cancel();
  });

  it('drops a consumer that stops reading once its queue reaches the limit; a reading one gets everything', async () => {
    const { room } = await createRoom();
    const droppedBefore = rooms.hub.dropped;
    const slow = await stream(room.code);
    const fast = readSse((await stream(room.code)).body!);
    for (let i = 0; i < QUEUE_LIMIT * 2; i++) await presence(room.code, `slow-${String(i).padStart(5, '0')}`, 'joined');
    await rooms.hub.idle();
    expect(rooms.hub.dropped).toBe(droppedBefore + 1);
    expect(rooms.hub.count(room.code)).toBe(1);
    const got = await fast.until(1 + QUEUE_LIMIT * 2);
    expect(ids(got)).toEqual(Array.from({ length: 1 + QUEUE_LIMIT * 2 }, (_, i) => i + 1));
    // The dropped stream ends in an error after what was queued; its browser would reconnect with Last-Event-ID.
    const reader = readSse(slow.body!);
    await reader.until(1000, 2000);
    expect(reader.error).toBeTruthy();
    expect(reader.events.length).toBeLessThan(1 + QUEUE_LIMIT * 2);
    await fast.cancel();
  });

  it('replays a backlog larger than the queue, paced by the reader, without dropping it', async () => {
    const { room } = await createRoom();
    for (let i = 0; i < QUEUE_LIMIT * 3; i++) await presence(room.code, `late-${String(i).padStart(5, '0')}`, 'joined');
    const droppedBefore = rooms.hub.dropped;
    const late = readSse((await stream(room.code)).body!);
    expect(ids(await late.until(1 + QUEUE_LIMIT * 3))).toEqual(Array.from({ length: 1 + QUEUE_LIMIT * 3 }, (_, i) => i + 1));
    expect(rooms.hub.dropped).toBe(droppedBefore);
    await late.cancel();
  });

  it('lets only the presenter hide a result, reset and close; a closed room takes nothing more', async () => {
    const { room, secret } = await createRoom();
    const res = await submit(room.code, 'phone-cccc', roomResult());
    const { id } = (await res.json()) as { id: string };
    const as = (s?: string) => json({}, s ? { authorization: `Bearer ${s}` } : {});
    expect((await app.request(`/api/rooms/${room.code}/results/${id}/hide`, as())).status).toBe(401);
    expect((await app.request(`/api/rooms/${room.code}/results/${id}/hide`, as('wrong-secret'))).status).toBe(403);
    expect((await app.request(`/api/rooms/${room.code}/reset`, as('wrong-secret'))).status).toBe(403);
    expect((await app.request(`/api/rooms/${room.code}/close`, as())).status).toBe(401);
    expect((await app.request(`/api/rooms/${room.code}/results/${id}/hide`, as(secret))).status).toBe(200);
    expect((await app.request(`/api/rooms/${room.code}/results/nope/hide`, as(secret))).status).toBe(404);
    // A replay from the start no longer holds the hidden result's details.
    const exported = (await (await app.request(`/api/rooms/${room.code}/export`)).json()) as { events: RoomEnvelope[] };
    expect(exported.events.map((e) => e.event.kind)).toEqual(['opened', 'hidden', 'hidden']);
    expect((await app.request(`/api/rooms/${room.code}/reset`, as(secret))).status).toBe(200);
    expect((await app.request(`/api/rooms/${room.code}/close`, as(secret))).status).toBe(200);
    expect((await presence(room.code, 'phone-dddd', 'joined')).status).toBe(409);
    expect((await submit(room.code, 'phone-dddd', roomResult())).status).toBe(409);
    const info = (await (await app.request(`/api/rooms/${room.code}`)).json()) as { closedAt: string | null };
    expect(info.closedAt).not.toBeNull();
    const sse = readSse((await stream(room.code)).body!);
    expect((await sse.until(5)).map((e) => e.event.kind)).toEqual(['opened', 'hidden', 'hidden', 'reset', 'closed']);
    await sse.cancel();
  });

  it('refuses a stream beyond the open-stream limit with 503 and Retry-After', async () => {
    const { room } = await createRoom();
    const small = new Hono();
    small.route('/api/rooms', roomsApi({ rooms, catalog: () => TEST_CATALOG, maxStreams: rooms.hub.count() + 1 }));
    const first = readSse((await small.request(`/api/rooms/${room.code}/events`)).body!);
    await first.until(1);
    const refused = await small.request(`/api/rooms/${room.code}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    await first.cancel();
  });

  it('gives room submissions their own per-address limit, so one venue address does not starve the room', async () => {
    const { room } = await createRoom();
    const strict = new Hono();
    strict.route(
      '/api',
      resultsApi({ store: new SqlResultStore(db), catalog: () => TEST_CATALOG, rateLimit: { perMinute: 1, burst: 1 }, rooms }),
    );
    const send = (url: string) =>
      strict.request(url, json(roomResult(), { 'idempotency-key': `limit-key-${String(++keyN).padStart(8, '0')}` }));
    expect((await send('/api/results')).status).toBe(201);
    expect((await send('/api/results')).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await send(`/api/results?room=${room.code}&device=venue-${i}-xxxx`)).status).toBe(201);
  });

  it('refuses hostile presence payloads', async () => {
    const { room } = await createRoom();
    for (const body of [
      { deviceId: 'x', state: 'joined' },
      { deviceId: 'phone-eeee', state: 'finished' },
      { deviceId: 'phone-eeee', state: 'joined', extra: 1 },
      { deviceId: 'phone\u0000eeee', state: 'joined' },
    ])
      expect((await app.request(`/api/rooms/${room.code}/presence`, json(body))).status).toBe(422);
    expect(
      (
        await app.request(`/api/rooms/${room.code}/presence`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
  });
});
