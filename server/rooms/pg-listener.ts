// Room notifications across server processes (Node, server): PostgreSQL NOTIFY inside the appending transaction
// (delivered on commit) and one LISTEN connection per process that tells the local hub. A lost connection is
// re-opened with back-off; the hub's poll covers the gap meanwhile.
import pg from 'pg';
import type { SqlClient } from '../store/sql-client.ts';

export const ROOM_CHANNEL = 'tierlab_room_events';

/** NotifyInTx for PostgreSQL: payload "<code>:<id>". */
export async function pgNotifyInTx(tx: SqlClient, code: string, id: number): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [ROOM_CHANNEL, `${code}:${id}`]);
}

export interface RoomListener {
  close(): Promise<void>;
}

/** Listens on ROOM_CHANNEL and calls `onRoom(code)` per notification until closed. */
export async function listenForRooms(
  connectionString: string,
  onRoom: (code: string) => void,
  log: (message: string) => void = () => {},
): Promise<RoomListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (msg) => {
      const code = msg.payload?.split(':', 1)[0];
      if (code) onRoom(code);
    });
    c.on('error', (err) => {
      log(`room notifications lost (${err.message}); reconnecting`);
      retry();
    });
    await c.connect();
    await c.query(`listen ${ROOM_CHANNEL}`);
    client = c;
    delay = 500;
  };
  const retry = () => {
    const old = client;
    client = null;
    void old?.end().catch(() => {});
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch((err: Error) => {
        log(`room notifications: ${err.message}; retrying in ${delay} ms`);
        delay = Math.min(delay * 2, 30_000);
        retry();
      });
    }, delay);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
