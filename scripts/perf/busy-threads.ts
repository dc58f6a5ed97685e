// Which threads of a browser's process tree keep a core busy (Node, Linux: reads /proc). The cross-engine suite uses it
// to see that no worker of a stopped program goes on running: JavaScriptCore cannot stop a worker that spins in
// WebAssembly without calling out to JavaScript, so in WebKit a timed-out program whose thread was never reached by
// terminate() burns a core until the tab's process ends (docs/sandbox.md).
import { descendants, threadsOf } from './thread-cpu.ts';

export interface ThreadStat {
  pid: number;
  tid: number;
  /** The thread's name (comm), e.g. "WebCore: Worker" or "DOM Worker". */
  name: string;
  /** CPU time so far, clock ticks (utime + stime). */
  ticks: number;
}

/** Every thread of `root`'s process tree whose name matches `name`. */
export function threads(root: number, name: RegExp): ThreadStat[] {
  return descendants(root).flatMap((pid) => threadsOf(pid).flatMap((t) => (name.test(t.name) ? [{ pid, ...t }] : [])));
}

export interface BusyThread {
  thread: ThreadStat;
  /** Share of one core it used over the window, 0–1 (or a little over, from tick rounding). */
  share: number;
}

/** The threads that used more than `share` of a core between two samples taken `ms` apart (pure). */
export function busyBetween(
  before: readonly ThreadStat[],
  after: readonly ThreadStat[],
  ms: number,
  share: number,
  hz = 100,
): BusyThread[] {
  const was = new Map(before.map((t) => [`${t.pid}/${t.tid}`, t.ticks]));
  const busy: BusyThread[] = [];
  for (const t of after) {
    const start = was.get(`${t.pid}/${t.tid}`);
    if (start === undefined) continue; // started within the window: not a thread left over from before it
    const used = (t.ticks - start) / hz / (ms / 1000);
    if (used > share) busy.push({ thread: t, share: used });
  }
  return busy;
}

/**
 * Waits until at most `allowed` threads of `root`'s tree named like `name` keep more than half a core busy over a
 * `windowMs` window (spare interpreters may still be booting when a check ends; they finish in a few seconds).
 * Resolves with the busy threads of the last window: the settled tree's, or the spinning ones when `timeoutMs` ran out.
 */
export async function settle(root: number, name: RegExp, timeoutMs: number, windowMs = 3000, allowed = 0): Promise<BusyThread[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const before = threads(root, name);
    await new Promise((r) => setTimeout(r, windowMs));
    const busy = busyBetween(before, threads(root, name), windowMs, 0.5);
    if (busy.length <= allowed || Date.now() > until) return busy;
  }
}
