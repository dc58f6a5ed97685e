// The interpreter pool with fake workers (Node): one fresh interpreter per program, thrown away after it; one report
// believed per program, only from its own interpreter; crashes, forged or broken reports and time limits become that
// program's outcome; the next program always gets an interpreter that has run nothing.
import { SandboxBrokenError } from '../shared/errors.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterpreterPool, type WorkerLike } from './interpreter-pool.ts';

type Behaviour = (w: FakeWorker, program: string) => void;

class FakeWorker implements WorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  onmessageerror: ((e: unknown) => void) | null = null;
  terminated = false;
  programs: string[] = [];
  constructor(
    readonly n: number,
    private readonly behave: Behaviour,
    bootOk = true,
  ) {
    queueMicrotask(() => this.emit(bootOk ? { type: 'booted', ms: 5 } : { type: 'boot-failed', message: 'no wasm' }));
  }
  emit(data: unknown): void {
    if (!this.terminated) this.onmessage?.({ data });
  }
  die(message: string): void {
    if (!this.terminated) this.onerror?.({ message });
  }
  postMessage(m: unknown): void {
    const msg = m as { type: string; program: string };
    if (msg.type !== 'run') return;
    this.programs.push(msg.program);
    queueMicrotask(() => this.behave(this, msg.program));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const report = (outcome: string, stdout = '') => ({ type: 'report', outcome, errorType: null, message: null, stdout });

function poolWith(behave: Behaviour, opts: { spares?: number; bootOk?: (n: number) => boolean } = {}) {
  const workers: FakeWorker[] = [];
  const pool = new InterpreterPool({
    spares: opts.spares ?? 2,
    spawn: () => {
      const w = new FakeWorker(workers.length, behave, opts.bootOk?.(workers.length) ?? true);
      workers.push(w);
      return w;
    },
  });
  return { pool, workers };
}

/** Runs like a real interpreter: "state" set by one program is seen by later programs of the same worker only. */
const stateful: Behaviour = (w, program) => {
  const s = w as FakeWorker & { poisoned?: boolean };
  if (program === 'poison') s.poisoned = true;
  w.emit(report(s.poisoned && program !== 'poison' ? 'pass' : program === 'wrong' ? 'fail' : 'pass'));
};

describe('InterpreterPool', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('runs every program in an interpreter that has run nothing, and terminates it afterwards', async () => {
    const { pool, workers } = poolWith(stateful);
    await pool.run('poison', 1000);
    expect((await pool.run('wrong', 1000)).outcome).toBe('fail');
    const ran = workers.filter((w) => w.programs.length > 0);
    expect(ran.map((w) => w.programs)).toEqual([['poison'], ['wrong']]);
    expect(ran.every((w) => w.terminated)).toBe(true);
    // Spares were booted ahead: two waiting, untouched.
    expect(workers.filter((w) => !w.terminated && w.programs.length === 0)).toHaveLength(2);
  });

  it('believes only the first message, and only a report that parses', async () => {
    const { pool } = poolWith((w) => {
      w.emit(report('fail', 'first'));
      w.emit(report('pass', 'second'));
    });
    expect(await pool.run('x', 1000)).toMatchObject({ outcome: 'fail', stdout: 'first' });

    const forged = poolWith((w) => w.emit({ type: 'report', outcome: 'pass', errorType: null, message: null, stdout: 1, ms: 0 }));
    expect(await forged.pool.run('x', 1000)).toMatchObject({ outcome: 'crash', errorType: 'InvalidReport' });
  });

  it("cannot let a program's interpreter answer for the next program", async () => {
    let first: FakeWorker | null = null;
    const { pool } = poolWith((w, program) => {
      if (program === 'spammer') {
        first = w;
        w.emit(report('pass'));
      } else w.emit(report('fail'));
    });
    await pool.run('spammer', 1000);
    const next = pool.run('wrong', 1000);
    (first as FakeWorker | null)?.emit(report('pass', 'forged'));
    expect(await next).toMatchObject({ outcome: 'fail', stdout: '' });
  });

  it('turns a dead interpreter into that program crashing, and the next program runs', async () => {
    const { pool } = poolWith((w, program) =>
      program === 'exit' ? w.die('Program terminated with exit(0)') : w.emit(report('pass')),
    );
    expect(await pool.run('exit', 1000)).toMatchObject({ outcome: 'crash', errorType: 'InterpreterDied' });
    expect(await pool.run('ok', 1000)).toMatchObject({ outcome: 'pass' });
  });

  it('stops a program at its limit, with the time on the frame clock', async () => {
    const { pool, workers } = poolWith((w, program) => program !== 'loop' && w.emit(report('pass')));
    const looping = pool.run('loop', 3000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await looping).toMatchObject({ outcome: 'timeout', message: 'no result within 3.0 s: stopped' });
    expect(workers.find((w) => w.programs[0] === 'loop')?.terminated).toBe(true);
    expect(await pool.run('ok', 1000)).toMatchObject({ outcome: 'pass' });
  });

  it('runs programs one at a time, in order', async () => {
    const order: string[] = [];
    const { pool } = poolWith((w, program) => {
      order.push(`start ${program}`);
      setTimeout(() => {
        order.push(`end ${program}`);
        w.emit(report('pass'));
      }, 10);
    });
    const runs = [pool.run('a', 1000), pool.run('b', 1000)];
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(runs);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('retries one failed boot, then says the sandbox is broken', async () => {
    const once = poolWith((w) => w.emit(report('pass')), { spares: 1, bootOk: (n) => n !== 0 });
    expect(await once.pool.run('x', 1000)).toMatchObject({ outcome: 'pass' });
    const never = poolWith((w) => w.emit(report('pass')), { spares: 1, bootOk: () => false });
    await expect(never.pool.run('x', 1000)).rejects.toBeInstanceOf(SandboxBrokenError);
  });

  it('boots nothing during a quiet run', async () => {
    const { pool, workers } = poolWith((w) => w.emit(report('pass')), { spares: 2 });
    await pool.idle();
    const before = workers.length;
    let during = -1;
    const run = pool.run('calibrate', 1000, true);
    queueMicrotask(() => queueMicrotask(() => (during = workers.length)));
    await run;
    expect(during).toBe(before);
    expect(workers.length).toBe(before + 1);
  });
});
