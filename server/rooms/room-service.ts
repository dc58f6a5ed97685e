// Rooms as one service (Node, server): the store, this process's hub, room codes and presenter secrets, and the
// room side of a submission (check it fits the room, then append its event in the submission's transaction).
import { HttpError, RoomStateError } from '../../src/shared/errors.ts';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ROOM_ALPHABET, ROOM_CODE_LENGTH, type RoomEnvelope, type RoomEvent } from '../../src/shared/rooms.ts';
import type { RunPlan } from '../../src/shared/run-plan.ts';
import type { RunResult } from '../../src/shared/run-result.ts';
import type { NewResult } from '../store/result-store.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { RoomHub, type RoomHubOptions } from './room-hub.ts';
import { RoomStore } from './room-store.ts';

/** Room submissions have a generous rate limit (one venue, one address), so a room holds at most this many. */
export const MAX_RESULTS_PER_ROOM = 5000;

export function newRoomCode(): string {
  return Array.from({ length: ROOM_CODE_LENGTH }, () => ROOM_ALPHABET[randomInt(ROOM_ALPHABET.length)]).join('');
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares a presented secret with the stored hash in constant time. */
export function secretMatches(presented: string, storedSha256: string): boolean {
  const a = Buffer.from(sha256(presented), 'hex');
  const b = Buffer.from(storedSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The plan fields a room fixes (the sampling protocol too: a looser stop rule would be a different measurement); a
 * result whose plan differs in any of them does not belong in the room. */
const FIXED = ['model', 'runtime', 'backend', 'batches', 'seq', 'language', 'padding', 'generation', 'protocol'] as const;

/** JSON with object keys sorted (jsonb does not keep key order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

export function planMismatch(room: RunPlan, result: RunPlan): string | null {
  const differs = FIXED.filter((k) => canonicalJson(room[k]) !== canonicalJson(result[k]));
  return differs.length > 0 ? `the result's plan differs from the room's in: ${differs.join(', ')}` : null;
}

/** What a room shows of a stored result: what the explorer shows, no more. */
export function resultEvent(row: NewResult, deviceId: string, result: RunResult): RoomEvent {
  return {
    kind: 'result',
    resultId: row.id,
    deviceId,
    deviceClass: row.device.deviceClass,
    engine: row.device.engine,
    backend: row.backend,
    threads: result.environment.threads,
    crossOriginIsolated: result.environment.crossOriginIsolated,
    flags: row.flags,
    points: row.points.map((p) => ({ batchSize: p.batchSize, medianMs: p.medianMs, ciLoMs: p.ciLoMs, ciHiMs: p.ciHiMs })),
    ...batteryCost(result),
  };
}

/** Battery % per 1,000 inferences from a verified endurance run's measured drain under load; nothing otherwise. */
function batteryCost(result: RunResult): { batteryPer1000?: number } {
  const perPercent = result.energy?.drain?.a?.itemsPerPercent;
  return perPercent && perPercent > 0 ? { batteryPer1000: 1000 / perPercent } : {};
}

export class RoomService {
  readonly store: RoomStore;
  readonly hub: RoomHub;

  constructor(db: SqlClient, notifyInTx?: ConstructorParameters<typeof RoomStore>[1], hubOptions?: RoomHubOptions) {
    this.store = new RoomStore(db, notifyInTx);
    this.hub = new RoomHub(this.store, hubOptions);
  }

  /** Creates a room under a fresh code; returns it with the presenter's secret. */
  async create(title: string, plan: RunPlan) {
    const secret = newSecret();
    for (let attempt = 0; attempt < 20; attempt++) {
      const room = await this.store.create(newRoomCode(), sha256(secret), title, plan);
      if (room) {
        this.hub.notify(room.code);
        return { room, secret };
      }
    }
    throw new HttpError(503, 'no free room code after 20 tries: too many open rooms on this server; try again later');
  }

  /** Whether `secret` is the presenter's for `code`; null when the room does not exist. */
  async isPresenter(code: string, secret: string): Promise<boolean | null> {
    const stored = await this.store.secretSha256(code);
    return stored === null ? null : secretMatches(secret, stored);
  }

  /**
   * Throws RoomStateError for an unknown room, or returns why the result does not fit it (null when it does). A closed
   * room is refused when the result's event is appended, so a replay of a submission made before closing still answers.
   */
  async misfit(code: string, result: RunResult): Promise<string | null> {
    const room = await this.store.get(code);
    if (!room) throw new RoomStateError(404, `no room ${code}`);
    if ((await this.store.resultCount(code)) >= MAX_RESULTS_PER_ROOM)
      throw new RoomStateError(409, `room ${code} is full (${MAX_RESULTS_PER_ROOM} results)`);
    return planMismatch(room.plan, result.plan);
  }

  appendInTx(tx: SqlClient, code: string, event: RoomEvent): Promise<RoomEnvelope> {
    return this.store.appendInTx(tx, code, event);
  }

  /** This process appended to `code` (other processes learn it by NOTIFY or their poll). */
  published(code: string): void {
    this.hub.notify(code);
  }

  close(): void {
    this.hub.close();
  }
}
