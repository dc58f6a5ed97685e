// The results API (Node, server): POST /api/results (validated, idempotent, rate limited) and the read endpoints.
import { SubmissionError } from '../../src/shared/errors.ts';
import { checkRoutes } from './check-routes.ts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sourceOf } from '../http/source.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { Catalog } from '../../src/shared/catalog.ts';
import { MIN_ACCEPTED_VERSION, parseCurrentRunResult } from '../../src/shared/run-result.ts';
import {
  filterFromQuery,
  MAX_PAGE,
  MAX_RESULT_BODY_BYTES,
  type ResultPage,
  type StoredResult,
  type SubmitAccepted,
} from '../../src/shared/results-api.ts';
import { DEVICE_ID, ROOM_CODE } from '../../src/shared/rooms.ts';
import type { RoomService } from '../rooms/room-service.ts';
import { resultEvent } from '../rooms/room-service.ts';
import type { ResultStore } from '../store/result-store.ts';
import { clientAddress, DEFAULT_RATE_LIMIT, tokenBuckets, type RateLimit } from '../http/rate-limit.ts';
import { resultsCsv } from './export-csv.ts';
import { OPENAPI } from './openapi.ts';
import { datasetApi } from './dataset.ts';
import { checkPlainData } from '../http/plain-data.ts';
import { rowFor } from './submission.ts';
import { answerRefusal } from '../http/http-errors.ts';
import type { TokenCounter } from './token-counts.ts';

/** Largest accepted body. A full result of 32 batch sizes with a few thousand samples each stays well below. */
export const MAX_BODY_BYTES = MAX_RESULT_BODY_BYTES;
export const MAX_EXPORT = 10_000;
/** Room submissions: a talk's audience behind one address submits within a minute or two. */
export const ROOM_RATE_LIMIT: RateLimit = { perMinute: 600, burst: 300 };
const KEY = /^[A-Za-z0-9_-]{16,128}$/;

export interface ResultsApiOptions {
  store: ResultStore;
  catalog: () => Catalog;
  rateLimit?: RateLimit;
  /** Per address and room, for room submissions: a venue's phones often share one public address (NAT). */
  roomRateLimit?: RateLimit;
  /** Socket addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
  now?: () => number;
  /** Rooms, when submissions may be tagged with one (?room=CODE&device=ID). */
  rooms?: RoomService;
  /** Token counts by each model's own tokenizer, for the implausible-speed bound; absent: no tokenizer. */
  tokens?: TokenCounter;
  /** The key of source hashes (server/http/source.ts sourceKey, kept in the database); absent: one made for this
   *  process (tests), so sources still group within it. */
  sourceKey?: string;
  /** Results per query while the data set streams (server/api/dataset.ts DATASET_PAGE); tests make it small. */
  datasetPage?: number;
}

/** The room a submission is for, from ?room= and ?device=, or null. */
function roomOf(c: Context, rooms: RoomService | undefined): { code: string; deviceId: string } | null {
  const code = c.req.query('room');
  if (code === undefined) return null;
  if (!rooms) throw new SubmissionError(400, 'this server has no rooms');
  const deviceId = c.req.query('device') ?? '';
  if (!ROOM_CODE.test(code)) throw new SubmissionError(422, 'bad room code');
  if (!DEVICE_ID.test(deviceId))
    throw new SubmissionError(422, 'a room submission needs ?device= (8 to 64 letters, digits, - or _)');
  return { code, deviceId };
}

async function readBody(c: Context): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? 'NaN');
  if (declared > MAX_BODY_BYTES) throw new SubmissionError(413, `body over ${MAX_BODY_BYTES} bytes`);
  const reader = c.req.raw.body?.getReader();
  if (!reader) throw new SubmissionError(400, 'empty body');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new SubmissionError(413, `body over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  if (size === 0) throw new SubmissionError(400, 'empty body');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new SubmissionError(400, 'body is not valid UTF-8');
  }
}

/** The peer's socket address (under app.request in tests there is no socket). */
function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SubmissionError(400, `body is not valid JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}`);
  }
}

export function resultsApi(o: ResultsApiOptions): Hono {
  const api = new Hono();
  const take = tokenBuckets(o.rateLimit ?? DEFAULT_RATE_LIMIT, o.now);
  const takeInRoom = tokenBuckets(o.roomRateLimit ?? ROOM_RATE_LIMIT, o.now);
  const proxies = new Set(o.trustedProxies ?? []);
  const sourceKey = o.sourceKey ?? randomBytes(32).toString('hex');

  api.onError(answerRefusal);

  api.post('/results', async (c) => {
    const socket = socketAddress(c);
    const address = clientAddress(socket, c.req.header('x-forwarded-for') ?? null, proxies);
    const roomCode = c.req.query('room');
    const wait = roomCode && ROOM_CODE.test(roomCode) ? takeInRoom(`${address} ${roomCode}`) : take(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.json({ error: `too many submissions from this address; retry in ${wait} s` }, 429);
    }
    if (!/^application\/json(;|$)/i.test(c.req.header('content-type') ?? ''))
      throw new SubmissionError(400, 'Content-Type must be application/json');
    const key = c.req.header('idempotency-key');
    if (!key) throw new SubmissionError(400, 'missing Idempotency-Key header (16 to 128 letters, digits, - or _)');
    if (!KEY.test(key)) throw new SubmissionError(400, 'bad Idempotency-Key: use 16 to 128 letters, digits, - or _');
    const text = await readBody(c);
    const data = parseJson(text);
    checkPlainData(data);
    const version = data && typeof data === 'object' ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
    if (typeof version === 'number' && version < MIN_ACCEPTED_VERSION)
      throw new SubmissionError(
        422,
        `schemaVersion ${version} is no longer accepted: the server recomputes every statistic from version ${MIN_ACCEPTED_VERSION}'s raw data (update the app and run again)`,
      );
    let result;
    try {
      result = parseCurrentRunResult(data);
    } catch (err) {
      throw new SubmissionError(422, err instanceof Error ? err.message : 'not a valid RunResult');
    }
    const room = roomOf(c, o.rooms);
    const m = result.plan.model;
    const tokens = m.kind === 'catalog' && o.tokens ? await o.tokens(m.id, result.plan.language) : null;
    const row = rowFor(
      result,
      o.catalog(),
      randomUUID(),
      room?.code ?? null,
      c.req.header('user-agent') ?? '',
      tokens,
      sourceOf(address, sourceKey),
    );
    if (room && o.rooms) {
      const misfit = await o.rooms.misfit(room.code, result);
      if (misfit) throw new SubmissionError(422, misfit);
    }
    // The room is part of what was sent: the same body to another room is another submission.
    const hash = createHash('sha256')
      .update(`${room ? `${room.code}/${room.deviceId}\n` : ''}${text}`)
      .digest('hex');
    const rooms = o.rooms;
    const outcome = await o.store.submit(
      key,
      hash,
      row,
      room && rooms
        ? async (tx) => void (await rooms.appendInTx(tx, room.code, resultEvent(row, room.deviceId, result)))
        : undefined,
    );
    if (room && outcome.kind === 'created') o.rooms?.published(room.code);
    if (outcome.kind === 'key-conflict') return c.json({ error: 'this Idempotency-Key was used with a different body' }, 422);
    // A replay answers exactly as the first time: the stored result's id and flags.
    const flags = outcome.kind === 'created' ? row.flags : ((await o.store.get(outcome.id))?.flags ?? []);
    const accepted: SubmitAccepted = { id: outcome.id, url: `/api/results/${outcome.id}`, flags };
    return c.json(accepted, 201);
  });

  api.get('/results', async (c) => {
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(c.req.query('limit') ?? 20) || 20));
    const offset = Math.max(0, Math.min(1_000_000, Number(c.req.query('offset') ?? 0) || 0));
    const page = await o.store.list(
      filterFromQuery((k) => c.req.query(k)),
      { limit, offset },
    );
    const body: ResultPage = { ...page, limit, offset };
    return c.json(body);
  });

  api.get('/keys', async (c) => c.json({ keys: await o.store.keys(filterFromQuery((k) => c.req.query(k))) }));

  api.get('/aggregates', async (c) => c.json({ rows: await o.store.aggregates(filterFromQuery((k) => c.req.query(k))) }));

  api.get('/energy', async (c) => c.json({ rows: await o.store.energyAggregates(filterFromQuery((k) => c.req.query(k))) }));

  api.get('/export', async (c) => {
    const filter = filterFromQuery((k) => c.req.query(k));
    const items = [];
    for (let offset = 0; offset < MAX_EXPORT; offset += MAX_PAGE) {
      const page = await o.store.list(filter, { limit: MAX_PAGE, offset });
      items.push(...page.items);
      if (page.items.length < MAX_PAGE) break;
    }
    if (c.req.query('format') === 'json') return c.json({ items });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="tierlab-results.csv"');
    return c.body(resultsCsv(items));
  });

  api.route('/dataset', datasetApi(o.store, o.datasetPage));

  api.get('/openapi.json', (c) => c.json(OPENAPI));
  checkRoutes(api);

  api.get('/results/:id', async (c) => {
    const id = c.req.param('id');
    const found = /^[0-9a-f-]{36}$/.test(id) ? await o.store.get(id) : null;
    if (!found) return c.json({ error: `no result ${id}` }, 404);
    // Where it stands among the unflagged results of the same work, at each of its batch sizes.
    const body: StoredResult = { ...found, standing: await o.store.standing(id) };
    return c.json(body);
  });

  return api;
}
