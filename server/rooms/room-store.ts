// Rooms in SQL (Node, server): rooms, their event log and their devices over either SqlClient. Event ids are taken
// from the room's row inside the appending transaction, so they count up from 1 with no gaps even when several
// server processes append to one room (the row lock orders them).
import { RoomStateError } from '../../src/shared/errors.ts';
import type { DeviceReadiness, RoomEnvelope, RoomEvent, RoomInfo } from '../../src/shared/rooms.ts';
import type { RunPlan } from '../../src/shared/run-plan.ts';
import type { SqlClient } from '../store/sql-client.ts';

/** Publishes "room has a new event" to other processes, inside the appending transaction (NOTIFY fires on commit). */
export type NotifyInTx = (tx: SqlClient, code: string, id: number) => Promise<void>;

interface RoomRow {
  code: string;
  title: string;
  plan: RunPlan | string;
  created_at: string | Date;
  closed_at: string | Date | null;
  last_event_id: number;
}

interface EventRow {
  id: number;
  at: string | Date;
  event: RoomEvent | string;
}

const iso = (t: string | Date) => new Date(t).toISOString();
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function infoOf(r: RoomRow): RoomInfo {
  return {
    code: r.code,
    title: r.title,
    plan: json(r.plan),
    createdAt: iso(r.created_at),
    closedAt: r.closed_at ? iso(r.closed_at) : null,
    lastEventId: r.last_event_id,
  };
}

export const MAX_DEVICES_PER_ROOM = 2000;

export class RoomStore {
  constructor(
    private readonly db: SqlClient,
    private readonly notifyInTx: NotifyInTx = async () => {},
  ) {}

  /** Creates the room with its 'opened' event; null when the code is taken. */
  async create(code: string, secretSha256: string, title: string, plan: RunPlan): Promise<RoomInfo | null> {
    return this.db.transaction(async (tx) => {
      const made = await tx.query<RoomRow>(
        `insert into rooms (code, secret_sha256, title, plan) values ($1, $2, $3, $4)
         on conflict (code) do nothing returning code`,
        [code, secretSha256, title, JSON.stringify(plan)],
      );
      if (made.length === 0) return null;
      await this.appendInTx(tx, code, { kind: 'opened', title, plan });
      return this.get(code, tx);
    });
  }

  async get(code: string, db: SqlClient = this.db): Promise<RoomInfo | null> {
    const [row] = await db.query<RoomRow>('select * from rooms where code = $1', [code]);
    return row ? infoOf(row) : null;
  }

  async secretSha256(code: string): Promise<string | null> {
    const [row] = await this.db.query<{ secret_sha256: string }>('select secret_sha256 from rooms where code = $1', [code]);
    return row?.secret_sha256 ?? null;
  }

  /**
   * Appends `event` in `tx`; throws RoomStateError when the room is unknown or closed. The row update takes the
   * room's row lock, so concurrent appends (any process) get consecutive ids in commit order.
   */
  async appendInTx(tx: SqlClient, code: string, event: RoomEvent): Promise<RoomEnvelope> {
    const [row] = await tx.query<{ last_event_id: number }>(
      `update rooms set last_event_id = last_event_id + 1
       where code = $1 and (closed_at is null or $2::boolean) returning last_event_id`,
      [code, event.kind === 'closed'],
    );
    if (!row) {
      const exists = await tx.query('select 1 from rooms where code = $1', [code]);
      throw exists.length > 0 ? new RoomStateError(409, `room ${code} is closed`) : new RoomStateError(404, `no room ${code}`);
    }
    const [stored] = await tx.query<EventRow>(
      'insert into room_events (room, id, event) values ($1, $2, $3) returning id, at, event',
      [code, row.last_event_id, JSON.stringify(event)],
    );
    await this.notifyInTx(tx, code, row.last_event_id);
    return { id: row.last_event_id, at: iso((stored as EventRow).at), event };
  }

  append(code: string, event: RoomEvent): Promise<RoomEnvelope> {
    return this.db.transaction((tx) => this.appendInTx(tx, code, event));
  }

  async resultCount(code: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('select count(*)::int as n from results where room = $1', [code]);
    return row?.n ?? 0;
  }

  /** Events after `after`, oldest first, at most `limit`. */
  async eventsAfter(code: string, after: number, limit = 500): Promise<RoomEnvelope[]> {
    const rows = await this.db.query<EventRow>(
      'select id, at, event from room_events where room = $1 and id > $2 order by id limit $3',
      [code, after, limit],
    );
    return rows.map((r) => ({ id: r.id, at: iso(r.at), event: json(r.event) }));
  }

  /** Records a device's state; appends a 'device' event only when it changed. Null when nothing changed. */
  async presence(
    code: string,
    deviceId: string,
    state: 'joined' | 'running' | 'failed',
    reason?: string,
    readiness?: DeviceReadiness,
  ): Promise<RoomEnvelope | null> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.query<{ state: string }>('select state from room_devices where room = $1 and device_id = $2', [
        code,
        deviceId,
      ]);
      if (before?.state === state && state !== 'failed') return null;
      if (!before) {
        const [n] = await tx.query<{ n: number }>('select count(*)::int as n from room_devices where room = $1', [code]);
        if ((n?.n ?? 0) >= MAX_DEVICES_PER_ROOM)
          throw new RoomStateError(409, `room ${code} is full (${MAX_DEVICES_PER_ROOM} devices)`);
      }
      const env = await this.appendInTx(tx, code, {
        kind: 'device',
        deviceId,
        state,
        ...(reason ? { reason } : {}),
        ...(readiness ? { readiness } : {}),
      });
      await tx.query(
        `insert into room_devices (room, device_id, state) values ($1, $2, $3)
         on conflict (room, device_id) do update set state = excluded.state`,
        [code, deviceId, state],
      );
      return env;
    });
  }

  /** Hides a result: its event is replaced by a 'hidden' one (a replay never shows it), and a 'hidden' event follows. */
  async hide(code: string, resultId: string): Promise<RoomEnvelope | null> {
    return this.db.transaction(async (tx) => {
      const [found] = await tx.query<{ device_id: string }>(
        `select event->>'deviceId' as device_id from room_events
         where room = $1 and event->>'kind' = 'result' and event->>'resultId' = $2 for update`,
        [code, resultId],
      );
      if (!found) return null;
      // The device still counts as finished; only its numbers go.
      const hidden: RoomEvent = { kind: 'hidden', resultId, deviceId: found.device_id };
      await tx.query(
        `update room_events set event = $3 where room = $1 and event->>'kind' = 'result' and event->>'resultId' = $2`,
        [code, resultId, JSON.stringify(hidden)],
      );
      return this.appendInTx(tx, code, hidden);
    });
  }

  /** Starts the room over: devices are forgotten and a 'reset' event follows. */
  async reset(code: string): Promise<RoomEnvelope> {
    return this.db.transaction(async (tx) => {
      const env = await this.appendInTx(tx, code, { kind: 'reset' });
      await tx.query('delete from room_devices where room = $1', [code]);
      return env;
    });
  }

  /** Closes the room (a 'closed' event follows); null when it was closed already. */
  async close(code: string): Promise<RoomEnvelope | null> {
    return this.db.transaction(async (tx) => {
      const open = await tx.query('update rooms set closed_at = now() where code = $1 and closed_at is null returning code', [
        code,
      ]);
      return open.length > 0 ? this.appendInTx(tx, code, { kind: 'closed' }) : null;
    });
  }
}
