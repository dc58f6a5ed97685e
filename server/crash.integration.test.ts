// Crash safety: the real server (`server/main.ts`, PGlite in a data folder) SIGKILLed in the middle of concurrent
// submissions and restarted at once on the same folder, 50 times. Every restart must succeed (the dead process's
// lock goes with it, even while it is still a zombie) and every acknowledged submission must survive.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleResult } from '../src/bench/testing/sample-result.ts';
import { freePort, startServer } from './testing/spawn-server.ts';

const ROUNDS = 50;
/** Concurrent submitters, each behind its own forwarded address so the per-address rate limit does not idle them. */
const SUBMITTERS = 16;

describe('crash safety', () => {
  it(`${ROUNDS} SIGKILLs during concurrent submissions: every restart succeeds, no acknowledged result is lost`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tierlab-crash-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, TRUSTED_PROXIES: '127.0.0.1' };
    const url = `http://127.0.0.1:${port}/api/results`;
    const acknowledged = new Set<string>();
    let n = 0;
    const submitter = async (who: number, stop: () => boolean) => {
      while (!stop()) {
        const r = sampleResult();
        r.model.id = 'tierlab/tiny-code-encoder';
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `crash-${n++}-${'k'.repeat(8)}`,
              'x-forwarded-for': `10.0.${who}.1`,
            },
            body: JSON.stringify(r),
          });
          if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
          else if (res.status === 429) await new Promise((w) => setTimeout(w, 200));
        } catch {
          // The connection died with the server: this one was never acknowledged. Wait for the restart.
          await new Promise((w) => setTimeout(w, 50));
        }
      }
    };
    let server: ChildProcess = await startServer(port, env);
    for (let round = 0; round < ROUNDS; round++) {
      let stopped = false;
      const streams = Array.from({ length: SUBMITTERS }, (_, who) => submitter(who, () => stopped));
      await new Promise((r) => setTimeout(r, 300 + (round % 5) * 200));
      const dead = server;
      dead.kill('SIGKILL');
      // Restart at once: the killed process may not even have been reaped yet.
      server = await startServer(port, env);
      stopped = true;
      await Promise.all(streams);
      if (dead.exitCode === null && dead.signalCode === null) await new Promise((r) => dead.once('exit', r));
    }
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await fetch(`${url}/${id}`);
        if (res.status !== 200) missing.push(id);
      }
      expect(acknowledged.size).toBeGreaterThan(ROUNDS);
      expect(missing).toEqual([]);
      console.log(
        `crash: ${ROUNDS} SIGKILLs and immediate restarts, ${acknowledged.size} acknowledged submissions, all still stored`,
      );
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 900_000);
});
