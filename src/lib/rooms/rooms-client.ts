// Calls to the rooms API (main thread): create and read rooms, report this device's state, the presenter's actions.
import type { CreateRoomRequest, DeviceState, RoomCreated, RoomInfo } from '../../shared/rooms.ts';
import { ResultsApiError } from '../results/results-client.ts';

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

export function getRoom(code: string): Promise<RoomInfo> {
  return call<RoomInfo>(`/api/rooms/${encodeURIComponent(code)}`);
}

/** Tells the room this device joined, is running or failed (the server ignores a repeat of the same state). */
export function reportPresence(code: string, deviceId: string, state: DeviceState, reason?: string): Promise<unknown> {
  return call(
    `/api/rooms/${encodeURIComponent(code)}/presence`,
    postJson({ deviceId, state, ...(reason ? { reason: reason.slice(0, 300) } : {}) }),
  );
}

export type PresenterAction = 'close' | 'reset' | { hide: string };

export function presenterAction(code: string, secret: string, action: PresenterAction): Promise<unknown> {
  const path = typeof action === 'string' ? action : `results/${encodeURIComponent(action.hide)}/hide`;
  return call(`/api/rooms/${encodeURIComponent(code)}/${path}`, postJson({}, { authorization: `Bearer ${secret}` }));
}

export const roomEventsUrl = (code: string) => `/api/rooms/${encodeURIComponent(code)}/events`;
export const roomExportUrl = (code: string) => `/api/rooms/${encodeURIComponent(code)}/export`;
