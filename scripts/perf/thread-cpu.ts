// CPU time per thread of this process and the browsers it started (Node, Linux /proc): what `top -H` shows, taken as two snapshots around
// a measurement window, so that `npm run perf` can say which threads spent the machine's cores while runs were timed.
import { readdirSync, readFileSync } from 'node:fs';

/** One thread's accumulated CPU time, and what it is. */
export interface ThreadTicks {
  /** The process's role: browser, renderer, gpu-process, utility, zygote, node (the perf script and its servers). */
  process: string;
  /** The thread's name as the kernel keeps it (15 characters at most: "DedicatedWorker", "CrRendererMain"). */
  thread: string;
  /** User plus system time, in clock ticks. */
  ticks: number;
}

export type Snapshot = Map<string, ThreadTicks>;

/** Name and user+system ticks from a /proc/<pid>/task/<tid>/stat line (the name may hold spaces and parentheses). */
export function parseStat(line: string): { name: string; ppid: number; ticks: number } | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return null;
  return { name: line.slice(open + 1, close), ppid, ticks };
}

/** A Chromium process's role from its command line (`--type=renderer`; none for the browser process). */
export function processRole(cmdline: string): string {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return `utility${/--utility-sub-type=([\w.-]+)/.exec(cmdline)?.[1]?.replace(/^.*\./, ' ') ?? ''}`;
  return type;
}

export function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process or thread ended between listing and reading
  }
}

/** The process and every descendant of it. */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    const parsed = stat ? parseStat(stat) : null;
    if (parsed) children.set(parsed.ppid, [...(children.get(parsed.ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Every thread of one process, with its name and CPU ticks so far (none when the process is gone). */
export function threadsOf(pid: number): { tid: number; name: string; ticks: number }[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => {
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    const parsed = stat ? parseStat(stat) : null;
    return parsed ? [{ tid: Number(tid), name: parsed.name, ticks: parsed.ticks }] : [];
  });
}

/**
 * CPU ticks of every thread of this Node process (the harness, its servers, Playwright) and of every process below it:
 * the browsers Playwright launched, all their processes included.
 */
export function snapshot(): Snapshot {
  const snap: Snapshot = new Map();
  for (const pid of descendants(process.pid)) {
    const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
    const role = pid === process.pid ? 'node' : /chrom/i.test(cmdline) ? processRole(cmdline) : 'other';
    for (const t of threadsOf(pid)) snap.set(`${pid}/${t.tid}`, { process: role, thread: t.name, ticks: t.ticks });
  }
  return snap;
}

/** CPU seconds spent between two snapshots, summed per process role and thread name, largest first. */
export function cpuByThread(before: Snapshot, after: Snapshot, ticksPerSecond: number): { group: string; cpuS: number }[] {
  const sums = new Map<string, number>();
  for (const [key, t] of after) {
    const spent = t.ticks - (before.get(key)?.ticks ?? 0);
    if (spent <= 0) continue;
    const group = `${t.process} · ${t.thread}`;
    sums.set(group, (sums.get(group) ?? 0) + spent / ticksPerSecond);
  }
  return [...sums].map(([group, cpuS]) => ({ group, cpuS })).sort((a, b) => b.cpuS - a.cpuS);
}
