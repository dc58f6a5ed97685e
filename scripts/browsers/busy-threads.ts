// Which threads of a browser's process tree keep a core busy (Node, Linux: reads /proc). The cross-engine suite uses it
// to see that no worker of a stopped program goes on running: JavaScriptCore cannot stop a worker that spins in
// WebAssembly without calling out to JavaScript, so in WebKit a timed-out program whose thread was never reached by
// terminate() burns a core until the tab's process ends (docs/sandbox.md).
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadStat {
  pid: number;
  tid: number;
  /** The thread's name (comm), e.g. "WebCore: Worker" or "DOM Worker". */
  name: string;
  ppid: number;
  /** CPU time so far, clock ticks (utime + stime). */
  ticks: number;
}

/** One /proc/<pid>/task/<tid>/stat line: the name sits in parentheses and may hold spaces and parentheses itself. */
export function parseStat(line: string, pid: number): ThreadStat | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const tid = Number(line.slice(0, open).trim());
  // After the name: state(3) ppid(4) … utime(14) stime(15), counted from 1 over the whole line.
  const rest = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isInteger(tid) || !Number.isFinite(ppid) || !Number.isFinite(ticks)) return null;
  return { pid, tid, name: line.slice(open + 1, close), ppid, ticks };
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` and every process below it. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = read(`/proc/${pid}/stat`);
    const st = s ? parseStat(s, pid) : null;
    if (st) parent.set(pid, st.ppid);
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree];
}

/** Every thread of `root`'s process tree whose name matches `name`. */
export function threads(root: number, name: RegExp): ThreadStat[] {
  const out: ThreadStat[] = [];
  for (const pid of descendants(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const s = read(`/proc/${pid}/task/${tid}/stat`);
      const st = s ? parseStat(s, pid) : null;
      if (st && name.test(st.name)) out.push(st);
    }
  }
  return out;
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
