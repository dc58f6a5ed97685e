// Calls to the rooms API (main thread): create and read rooms, report this device's state, the presenter's actions.
import { ResultsApiError } from '../../shared/errors.ts';
import * as v from 'valibot';
import {
  RoomJoinSchema,
  type CreateRoomRequest,
  type DeviceReadiness,
  type DeviceState,
  type RoomCreated,
  type RoomInfo,
  type RoomJoin,
} from '../../shared/rooms.ts';

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(15_000) });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ResultsApiError(`the results server could not be reached (${url}): offline?`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const reason = (body as { error?: unknown } | null)?.error;
    throw new ResultsApiError(typeof reason === 'string' ? reason : `${url} answered ${res.status}`);
  }
  return body as T;
}

const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export function createRoom(req: CreateRoomRequest): Promise<RoomCreated> {
  return call<RoomCreated>('/api/rooms', postJson(req));
}

/** The join URLs at the addresses phones can reach, as the server knows them. */
export async function roomJoin(code: string): Promise<RoomJoin> {
  const body = await call<unknown>(`/api/rooms/${encodeURIComponent(code)}/join`);
  const parsed = v.safeParse(RoomJoinSchema, body);
  if (!parsed.success) throw new ResultsApiError(`the server's join addresses are malformed: ${parsed.issues[0].message}`);
  return parsed.output;
}

export function getRoom(code: string): Promise<RoomInfo> {
  return call<RoomInfo>(`/api/rooms/${encodeURIComponent(code)}`);
}

/** Tells the room this device joined, is running or failed (the server ignores a repeat of the same state). */
export function reportPresence(
  code: string,
  deviceId: string,
  state: DeviceState,
  reason?: string,
  readiness?: DeviceReadiness,
): Promise<unknown> {
  return call(
    `/api/rooms/${encodeURIComponent(code)}/presence`,
    postJson({ deviceId, state, ...(reason ? { reason: reason.slice(0, 300) } : {}), ...(readiness ? { readiness } : {}) }),
  );
}

export type PresenterAction = 'close' | 'reset' | { hide: string };

export function presenterAction(code: string, secret: string, action: PresenterAction): Promise<unknown> {
  const path = typeof action === 'string' ? action : `results/${encodeURIComponent(action.hide)}/hide`;
  return call(`/api/rooms/${encodeURIComponent(code)}/${path}`, postJson({}, { authorization: `Bearer ${secret}` }));
}

export const roomEventsUrl = (code: string) => `/api/rooms/${encodeURIComponent(code)}/events`;
export const roomExportUrl = (code: string) => `/api/rooms/${encodeURIComponent(code)}/export`;
