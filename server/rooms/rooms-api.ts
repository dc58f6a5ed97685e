// The rooms API (Node, server): create a room, read it, its live event stream (SSE) and export, audience presence,
// and the presenter-only actions (close, reset, hide a result) behind the room's secret.
import { HttpError } from '../../src/shared/errors.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { Catalog } from '../../src/shared/catalog.ts';
import {
  CreateRoomSchema,
  joinPath,
  PresenceSchema,
  RECORDED_ROOM_FORMAT,
  ROOM_CODE,
  type RecordedRoom,
  type JoinOrigins,
  type RoomCreated,
  type RoomEnvelope,
  type RoomJoin,
} from '../../src/shared/rooms.ts';
import { clientAddress, tokenBuckets, type RateLimit } from '../http/rate-limit.ts';
import { checkPlainData } from '../http/plain-data.ts';
import { answerRefusal } from '../http/http-errors.ts';
import type { RoomService } from './room-service.ts';
import { lastEventIdOf, roomEventStream, SSE_HEADERS } from './sse-stream.ts';

export interface RoomsApiOptions {
  rooms: RoomService;
  catalog: () => Catalog;
  /** Room creations per address. */
  createLimit?: RateLimit;
  /** Presence reports per address (a phone sends a few per run). */
  presenceLimit?: RateLimit;
  trustedProxies?: string[];
  queueLimit?: number;
  /** Most open streams in this process; more get 503 (each holds a socket and a queue). */
  maxStreams?: number;
  heartbeatMs?: number;
  retryMs?: number;
  /** Where phones can reach this server (PUBLIC_URL, LAN addresses); none known when absent. */
  joinOrigins?: () => JoinOrigins;
}

const MAX_JSON_BYTES = 64 * 1024;

async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/json(;|$)/i.test(c.req.header('content-type') ?? ''))
    throw new HttpError(400, 'Content-Type must be application/json');
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) throw new HttpError(413, `body over ${MAX_JSON_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  checkPlainData(data);
  return data;
}

function parse<T extends v.GenericSchema>(schema: T, data: unknown): v.InferOutput<T> {
  const r = v.safeParse(schema, data);
  if (!r.success) throw new HttpError(422, `${v.getDotPath(r.issues[0]) ?? '(root)'}: ${r.issues[0].message}`);
  return r.output;
}

function codeOf(c: Context): string {
  const code = c.req.param('code') ?? '';
  if (!ROOM_CODE.test(code)) throw new HttpError(404, `no room ${code.slice(0, 20)}`);
  return code;
}

function peer(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function roomsApi(o: RoomsApiOptions): Hono {
  const api = new Hono();
  const proxies = new Set(o.trustedProxies ?? []);
  const takeCreate = tokenBuckets(o.createLimit ?? { perMinute: 6, burst: 5 });
  // Generous: a venue's phones often share one public address, and a device's repeated state appends nothing.
  const takePresence = tokenBuckets(o.presenceLimit ?? { perMinute: 1200, burst: 600 });
  const limited = (c: Context, take: (k: string) => number) => {
    const wait = take(clientAddress(peer(c), c.req.header('x-forwarded-for') ?? null, proxies));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, `too many requests from this address; retry in ${wait} s`);
    }
  };
  const presenter = async (c: Context, code: string) => {
    const secret = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!secret) throw new HttpError(401, "only the room's presenter can do this (no presenter secret sent)");
    const ok = await o.rooms.isPresenter(code, secret);
    if (ok === null) throw new HttpError(404, `no room ${code}`);
    if (!ok) throw new HttpError(403, "only the room's presenter can do this (wrong presenter secret)");
  };

  api.onError(answerRefusal);

  api.post('/', async (c) => {
    limited(c, takeCreate);
    const req = parse(CreateRoomSchema, await jsonBody(c));
    const m = req.plan.model;
    const entry = m.kind === 'catalog' ? o.catalog().entries.find((e) => e.id === m.id) : undefined;
    if (m.kind !== 'catalog' || !entry) throw new HttpError(422, 'a room runs a model from the catalog');
    if (!entry.variants.some((x) => x.dtype === m.dtype)) throw new HttpError(422, `model "${m.id}" has no ${m.dtype} variant`);
    const { room, secret } = await o.rooms.create(req.title.trim() || 'TierLab live', req.plan);
    const body: RoomCreated = { room, secret, joinPath: joinPath(room.code), joinUrls: joinUrls(room.code).joinUrls };
    return c.json(body, 201);
  });

  const joinUrls = (code: string): RoomJoin => {
    const { origins, source } = o.joinOrigins?.() ?? { origins: [], source: 'none' };
    return { joinUrls: origins.map((origin) => `${origin}${joinPath(code)}`), source };
  };

  api.get('/:code/join', async (c) => {
    const code = codeOf(c);
    if (!(await o.rooms.store.get(code))) throw new HttpError(404, `no room ${code}`);
    return c.json(joinUrls(code));
  });

  api.get('/:code', async (c) => {
    const code = codeOf(c);
    const room = await o.rooms.store.get(code);
    if (!room) throw new HttpError(404, `no room ${code}`);
    return c.json(room);
  });

  api.get('/:code/events', async (c) => {
    const code = codeOf(c);
    if (!(await o.rooms.store.get(code))) throw new HttpError(404, `no room ${code}`);
    if (o.rooms.hub.count() >= (o.maxStreams ?? 5000)) {
      c.header('Retry-After', '10');
      throw new HttpError(503, 'too many open room streams on this server; retrying shortly');
    }
    const after = lastEventIdOf(c.req.header('last-event-id') ?? c.req.query('after'));
    const stream = roomEventStream({
      room: code,
      after,
      hub: o.rooms.hub,
      queueLimit: o.queueLimit ?? 256,
      heartbeatMs: o.heartbeatMs ?? 15_000,
      retryMs: o.retryMs ?? 2000,
    });
    return new Response(stream, { headers: SSE_HEADERS });
  });

  api.get('/:code/export', async (c) => {
    const code = codeOf(c);
    if (!(await o.rooms.store.get(code))) throw new HttpError(404, `no room ${code}`);
    const events: RoomEnvelope[] = [];
    for (;;) {
      const page = await o.rooms.store.eventsAfter(code, events.at(-1)?.id ?? 0, 1000);
      events.push(...page);
      if (page.length < 1000) break;
    }
    const body: RecordedRoom = { format: RECORDED_ROOM_FORMAT, version: 1, exportedAt: new Date().toISOString(), code, events };
    c.header('Content-Disposition', `attachment; filename="tierlab-room-${code}.json"`);
    return c.json(body);
  });

  api.post('/:code/presence', async (c) => {
    const code = codeOf(c);
    limited(c, takePresence);
    const p = parse(PresenceSchema, await jsonBody(c));
    const env = await o.rooms.store.presence(code, p.deviceId, p.state, p.reason, p.readiness);
    if (env) o.rooms.published(code);
    return c.json({ id: env?.id ?? null });
  });

  api.post('/:code/close', async (c) => {
    const code = codeOf(c);
    await presenter(c, code);
    const env = await o.rooms.store.close(code);
    if (env) o.rooms.published(code);
    return c.json({ closed: true });
  });

  api.post('/:code/reset', async (c) => {
    const code = codeOf(c);
    await presenter(c, code);
    await o.rooms.store.reset(code);
    o.rooms.published(code);
    return c.json({ reset: true });
  });

  api.post('/:code/results/:id/hide', async (c) => {
    const code = codeOf(c);
    await presenter(c, code);
    const env = await o.rooms.store.hide(code, c.req.param('id').slice(0, 64));
    if (!env) throw new HttpError(404, 'no such result in this room');
    o.rooms.published(code);
    return c.json({ hidden: true });
  });

  return api;
}
