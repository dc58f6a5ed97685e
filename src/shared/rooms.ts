// The live-demo rooms' contract (runs everywhere): room codes, the plan a room fixes, the events its stream carries,
// and the recorded-room file; the server validates with these schemas and the app reads with the same types.
import { ENGINES } from './device-buckets.ts';
import { DataFormatError } from './errors.ts';
import * as v from 'valibot';
import { parseData } from './parse-data.ts';
import { RunPlanSchema } from './run-plan.ts';

/** Room codes avoid letters and digits that read alike on a projector (0/O, 1/I/L). */
export const ROOM_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;
export const ROOM_CODE = new RegExp(`^[${ROOM_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);
/** Device ids are random per browser and room; they name no person. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const MAX_TITLE = 120;

/** A room measures one catalog model and variant with one plan, so every device measures the same thing. */
export const RoomPlanSchema = v.pipe(
  RunPlanSchema,
  v.check((p) => p.model.kind === 'catalog', 'a room runs a catalog model (a URL or a local file cannot be shared)'),
);

export const CreateRoomSchema = v.strictObject({
  title: v.pipe(v.string(), v.maxLength(MAX_TITLE)),
  plan: RoomPlanSchema,
});
export type CreateRoomRequest = v.InferOutput<typeof CreateRoomSchema>;

export const DEVICE_STATES = ['joined', 'running', 'failed'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** What a joining device can do (its readiness check, in short): the presenter counts phones by it before a run. */
export const DeviceReadinessSchema = v.strictObject({
  secure: v.boolean(),
  isolated: v.boolean(),
  threads: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024)),
  /** 'hardware' a real adapter, 'fallback' a software one, 'none' no WebGPU. */
  webgpu: v.picklist(['hardware', 'fallback', 'none']),
});
export type DeviceReadiness = v.InferOutput<typeof DeviceReadinessSchema>;

export const PresenceSchema = v.strictObject({
  deviceId: v.pipe(v.string(), v.regex(DEVICE_ID)),
  state: v.picklist(DEVICE_STATES),
  /** Why a run failed, in words (shown to the presenter). */
  reason: v.optional(v.pipe(v.string(), v.maxLength(300))),
  readiness: v.optional(DeviceReadinessSchema),
});
export type Presence = v.InferOutput<typeof PresenceSchema>;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Ms = v.pipe(v.number(), v.minValue(0));

export const RoomPointSchema = v.strictObject({
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  medianMs: Ms,
  ciLoMs: Ms,
  ciHiMs: Ms,
});
export type RoomPoint = v.InferOutput<typeof RoomPointSchema>;

/** What a room's stream says. Result events carry only what the results explorer shows of a result. */
export const RoomEventSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('opened'), title: Text(MAX_TITLE), plan: RunPlanSchema }),
  v.strictObject({
    kind: v.literal('device'),
    deviceId: Text(64),
    state: v.picklist(DEVICE_STATES),
    reason: v.optional(Text(300)),
    readiness: v.optional(DeviceReadinessSchema),
  }),
  v.strictObject({
    kind: v.literal('result'),
    resultId: Text(64),
    deviceId: Text(64),
    deviceClass: Text(300),
    /** The browser engine (absent from rooms recorded before engines were). */
    engine: v.optional(v.picklist(ENGINES)),
    /** Execution provider the run actually used. */
    backend: Text(40),
    threads: v.number(),
    crossOriginIsolated: v.boolean(),
    flags: v.array(Text(60)),
    points: v.array(RoomPointSchema),
    /** Battery % per 1,000 inferences, measured by an endurance run (the server's recomputed drain); else absent. */
    batteryPer1000: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  }),
  /** The presenter hid a result; its result event is replaced by this one too, so a replay never shows it. */
  v.strictObject({ kind: v.literal('hidden'), resultId: Text(64), deviceId: v.optional(Text(64)) }),
  /** The presenter started over: everything before this event no longer counts. */
  v.strictObject({ kind: v.literal('reset') }),
  v.strictObject({ kind: v.literal('closed') }),
]);
export type RoomEvent = v.InferOutput<typeof RoomEventSchema>;

/** One event as stored and streamed: `id` counts up from 1 in each room with no gaps. */
export const RoomEnvelopeSchema = v.strictObject({
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: v.pipe(v.string(), v.isoTimestamp()),
  event: RoomEventSchema,
});
export type RoomEnvelope = v.InferOutput<typeof RoomEnvelopeSchema>;

/** GET /api/rooms/:code */
export interface RoomInfo {
  code: string;
  title: string;
  plan: v.InferOutput<typeof RunPlanSchema>;
  createdAt: string;
  closedAt: string | null;
  lastEventId: number;
}

/** Where phones can reach the server: PUBLIC_URL, the LAN addresses it listens on, or nothing known. */
export interface JoinOrigins {
  origins: string[];
  source: 'public-url' | 'lan' | 'none';
}

/** POST /api/rooms answered 201. The secret is shown once; the presenter's browser keeps it. */
export interface RoomCreated {
  room: RoomInfo;
  secret: string;
  /** Path and hash the audience opens, e.g. /#/join/ABC234. */
  joinPath: string;
  /** Full join URLs at the addresses phones can reach, best first (empty when the server knows none). */
  joinUrls: string[];
}

/** GET /api/rooms/<code>/join: the join URLs and where their addresses came from (checked where it is read). */
export const RoomJoinSchema = v.strictObject({
  joinUrls: v.pipe(v.array(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//), v.maxLength(300))), v.maxLength(16)),
  source: v.picklist(['public-url', 'lan', 'none']),
});
export type RoomJoin = v.InferOutput<typeof RoomJoinSchema>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** Whether a hostname is this machine only (a phone opening it reaches itself, not the server). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

export const RECORDED_ROOM_FORMAT = 'tierlab-room';
export const MAX_RECORDED_EVENTS = 50_000;

/** An exported room: everything its stream said, in order, to be replayed with no server. */
export const RecordedRoomSchema = v.strictObject({
  format: v.literal(RECORDED_ROOM_FORMAT),
  version: v.literal(1),
  exportedAt: v.pipe(v.string(), v.isoTimestamp()),
  code: v.pipe(v.string(), v.regex(ROOM_CODE)),
  events: v.pipe(v.array(RoomEnvelopeSchema), v.maxLength(MAX_RECORDED_EVENTS)),
});
export type RecordedRoom = v.InferOutput<typeof RecordedRoomSchema>;

/** Reads an exported room file; throws with the first problem's path. */
export function parseRecordedRoom(data: unknown): RecordedRoom {
  const room = parseData(RecordedRoomSchema, data, 'not a TierLab room recording');
  const ids = room.events.map((e) => e.id);
  if (ids.some((id, i) => i > 0 && id <= (ids[i - 1] as number)))
    throw new DataFormatError('not a TierLab room recording: event ids must increase');
  return room;
}

/** The path and hash the audience opens to join `code`. */
export function joinPath(code: string): string {
  return `/#/join/${code}`;
}
