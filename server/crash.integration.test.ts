// Crash safety: the real server (`server/main.ts`, PGlite in a data folder) killed with SIGKILL in the middle of a
// stream of submissions, restarted, several times. Every acknowledged submission must survive, and the store must
// open every time (the dead process's lock is taken over).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleResult } from '../src/shared/testing/sample-result.ts';
import { freePort, startServer } from './testing/spawn-server.ts';

const ROUNDS = 3;

const start = (dataDir: string, port: number): Promise<ChildProcess> => startServer(port, { DATA_DIR: dataDir });

describe('crash safety', () => {
  it('acknowledged submissions survive SIGKILL, and the store opens after every crash', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tierlab-crash-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/api/results`;
    const acknowledged = new Set<string>();
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server = await start(dataDir, port);
      let stop = false;
      const stream = (async () => {
        while (!stop) {
          const r = sampleResult();
          r.model.id = 'tierlab/tiny-code-encoder';
          const key = `crash-${round}-${n++}-${'k'.repeat(8)}`;
          try {
            const res = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
              body: JSON.stringify(r),
            });
            if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
          } catch {
            // The connection died with the server: this one was never acknowledged.
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 1500 + round * 700));
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      stop = true;
      await stream;
    }
    const server = await start(dataDir, port);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await fetch(`${url}/${id}`);
        if (res.status !== 200) missing.push(id);
      }
      expect(acknowledged.size).toBeGreaterThan(0);
      expect(missing).toEqual([]);
      console.log(`crash: ${ROUNDS} SIGKILLs, ${acknowledged.size} acknowledged submissions, all still stored`);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });
});
