// Rooms scaled out: two real server processes (`server/main.ts`) behind one PostgreSQL. Events appended through
// either process reach stream clients of both, in the same order with the same ids (LISTEN/NOTIFY, poll as backup);
// a client that moves to the other process mid-stream resumes with Last-Event-ID and misses nothing.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomCreated, RoomEnvelope } from '../../src/shared/rooms.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../store/testing/private-postgres.ts';
import { freePort, startServer } from '../testing/spawn-server.ts';
import { readSse } from './testing/sse-reader.ts';

let pg: PrivatePostgres;
const servers: ChildProcess[] = [];
const bases: string[] = [];

beforeAll(async () => {
  pg = await startPrivatePostgres();
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    // Polling slowed right down, so delivery within the test's wait shows NOTIFY at work.
    servers.push(await startServer(port, { DATABASE_URL: pg.url, ROOM_POLL_MS: '60000' }));
    bases.push(`http://127.0.0.1:${port}`);
  }
});
afterAll(() => {
  for (const s of servers) s.kill('SIGTERM');
  pg?.stop();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function events(base: string, code: string, after = 0) {
  const res = await fetch(`${base}/api/rooms/${code}/events`, { headers: after ? { 'last-event-id': String(after) } : {} });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return readSse(res.body!);
}

const summary = (list: RoomEnvelope[]) => list.map((e) => `${e.id}:${e.event.kind}`);

describe('rooms across two server processes sharing one PostgreSQL', () => {
  it('delivers the same room events, in the same order, to clients of either process', async () => {
    const [a, b] = bases as [string, string];
    const made = (await (await post(`${a}/api/rooms`, { title: 'Scale-out', plan: sampleResult().plan })).json()) as RoomCreated;
    const code = made.room.code;
    const onA = await events(a, code);
    const onB = await events(b, code);
    // Appends alternate between the processes.
    for (let i = 0; i < 6; i++) {
      const res = await post(`${i % 2 ? b : a}/api/rooms/${code}/presence`, { deviceId: `device-${i}-xxxx`, state: 'joined' });
      expect(res.status).toBe(200);
    }
    const r = sampleResult();
    r.model.id = 'tierlab/tiny-code-encoder';
    const submitted = await post(`${b}/api/results?room=${code}&device=device-1-xxxx`, r, {
      'idempotency-key': 'scale-out-key-0001',
    });
    expect(submitted.status).toBe(201);
    // Hiding rewrites the stored result event (no replay may show it), so a client whose process had not yet delivered
    // event 8 rightly gets it already hidden. Both clients see the result first here, so their sequences must match:
    // on a busy 2-core CI machine process B once lagged past the hide.
    await onA.until(8, 10_000);
    await onB.until(8, 10_000);
    const hidden = await post(
      `${a}/api/rooms/${code}/results/${((await submitted.json()) as { id: string }).id}/hide`,
      {},
      {
        authorization: `Bearer ${made.secret}`,
      },
    );
    expect(hidden.status).toBe(200);
    const want = 1 + 6 + 1 + 1;
    const gotA = await onA.until(want, 10_000);
    const gotB = await onB.until(want, 10_000);
    expect(gotA.map((e) => e.id)).toEqual(Array.from({ length: want }, (_, i) => i + 1));
    expect(summary(gotB)).toEqual(summary(gotA));
    expect(gotB.at(-1)?.event.kind).toBe('hidden');

    // A client on A drops out and comes back on B with Last-Event-ID: exactly the rest, nothing twice.
    await onA.cancel();
    const have = gotA.slice(0, 4);
    for (let i = 0; i < 3; i++) await post(`${a}/api/rooms/${code}/presence`, { deviceId: `late-${i}-xxxx`, state: 'joined' });
    const resumed = await events(b, code, have.at(-1)!.id);
    const rest = await resumed.until(want + 3 - have.length, 10_000);
    expect([...have, ...rest].map((e) => e.id)).toEqual(Array.from({ length: want + 3 }, (_, i) => i + 1));
    await resumed.cancel();
    await onB.cancel();
  });
});
