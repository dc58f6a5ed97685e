// The interpreter pool on real interpreters in Node worker threads: the bundled oracle check (canonical solutions
// pass, wrong ones fail, the looping one times out) with a fresh interpreter per program, and state that does not
// carry over from one program to the next.
import { Worker } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleCases, oracleVerdict } from '../bench/code-eval/sandbox-oracle.ts';
import { programFor } from '../shared/code-problems/code-problems.ts';
import { BUNDLED_PROBLEMS } from '../shared/code-problems/bundled-problems.ts';
import { InterpreterPool, type WorkerLike } from './interpreter-pool.ts';

/** A worker thread running testing/node-interpreter.ts, seen through the pool's Worker-like interface. */
function nodeInterpreter(snapshot: Uint8Array): WorkerLike {
  const thread = new Worker(new URL('./testing/node-interpreter-entry.mjs', import.meta.url), { workerData: { snapshot } });
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: (m) => thread.postMessage(m),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: unknown) => w.onmessage?.({ data }));
  thread.on('error', (e: Error) => w.onerror?.({ message: e.message }));
  return w;
}

let pool: InterpreterPool;

beforeAll(async () => {
  const maker = await loadPyodide({ _makeSnapshot: true });
  const snapshot = maker.makeMemorySnapshot();
  pool = new InterpreterPool({ spawn: () => nodeInterpreter(snapshot), spares: 1 });
  await pool.idle();
}, 120_000);

afterAll(() => pool.dispose());

describe('the interpreter pool in Node', () => {
  it('agrees with the oracle on the bundled problems, the looping solution stopped at its limit', async () => {
    const cases = oracleCases(BUNDLED_PROBLEMS);
    const results = [];
    for (const c of cases) {
      const r = await pool.run(programFor(c.problem, c.completion), c.kind === 'looping' ? 2000 : 20_000);
      results.push({ kind: c.kind, expected: c.expected, outcome: r.outcome });
    }
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(oracleVerdict(results)).toMatchObject({ ok: true, canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true });
  }, 240_000);

  it('gives the next program an interpreter untouched by the one before', async () => {
    await pool.run('import builtins, sys\nbuiltins.abs = lambda x: 0\nsys.setrecursionlimit(40)', 20_000);
    expect(
      await pool.run('assert abs(-3) == 3\ndef d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\nassert d(300) == 300', 20_000),
    ).toMatchObject({
      outcome: 'pass',
    });
  }, 60_000);
});
