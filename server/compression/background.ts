// Best-quality compressed copies of the built app, made after the server is up (Node, server). At start every
// compressible file of dist/ is hashed; copies already in the cache (by content hash, outside dist/, so a rebuild of
// unchanged files costs nothing) are put beside their files at once, and the rest are compressed in the background,
// smallest first, by low-priority threads. Until a file's copies are in place it is pending, and the on-the-fly
// middleware compresses it quickly on request. Several servers sharing a cache (the e2e suite starts two) compress
// each file once: a lock file per content hash names the process making it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BestPool, type BestCopies } from './best-pool.ts';
import { isCompressible, isText } from './encodings.ts';

interface Entry {
  /** Relative to dist, forward slashes. */
  rel: string;
  file: string;
  bytes: number;
  mtimeMs: number;
  /** The cache's path for this content, without extension. */
  key: string;
}

export interface CompressionSummary {
  files: number;
  fromCache: number;
  compressed: number;
  failed: number;
  seconds: number;
}

export interface CompressionOptions {
  distDir: string;
  cacheDir: string;
  log: (line: string) => void;
  /** Threads for the background work (default: the pool's, up to 4). */
  threads?: number;
  /** At most one progress line per this many ms (default 5000). */
  progressEveryMs?: number;
}

function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `data` to `file` so that a reader sees the old file or the whole new one, never a part. */
function writeAtomically(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Whether the process that wrote a lock file still runs (a lock over 15 minutes old is taken as abandoned). */
function lockIsLive(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(lock: string): boolean {
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (lockIsLive(lock)) return false;
    rmSync(lock, { force: true });
    return tryLock(lock);
  }
}

export class BackgroundCompression {
  readonly #opts: CompressionOptions;
  readonly #pending = new Map<string, Entry>();
  readonly #listeners: ((rel: string) => void)[] = [];
  readonly #total: number;
  #fromCache = 0;
  #compressed = 0;
  #failed = 0;
  #pool: BestPool | null = null;
  #closed = false;
  #started = 0;
  #done: Promise<CompressionSummary> | null = null;

  constructor(opts: CompressionOptions) {
    this.#opts = opts;
    mkdirSync(opts.cacheDir, { recursive: true });
    const entries: Entry[] = [];
    for (const rel of filesUnder(opts.distDir)) {
      const file = path.join(opts.distDir, rel);
      const stat = statSync(file);
      if (!isCompressible(rel, stat.size)) continue;
      const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
      entries.push({ rel, file, bytes: stat.size, mtimeMs: stat.mtimeMs, key: path.join(opts.cacheDir, hash) });
    }
    this.#total = entries.length;
    for (const e of entries) {
      if (this.#installFromCache(e)) this.#fromCache++;
      else this.#pending.set(e.rel, e);
    }
  }

  /** Starts compressing what the cache did not have; resolves when nothing is pending any more (or on close). */
  start(): Promise<CompressionSummary> {
    this.#started = performance.now();
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Whether `rel` (relative to dist) is compressible and its best copies are not in place yet. */
  pending(rel: string): boolean {
    return this.#pending.has(rel);
  }

  /** Calls `listener` with each file whose best copies have just been put in place. */
  onInstalled(listener: (rel: string) => void): void {
    this.#listeners.push(listener);
  }

  get progress(): { done: number; total: number } {
    return { done: this.#total - this.#pending.size, total: this.#total };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool?.close();
  }

  #installFromCache(e: Entry): boolean {
    if (!existsSync(`${e.key}.br`) || !existsSync(`${e.key}.gz`)) return false;
    const copies = { br: readFileSync(`${e.key}.br`), gz: readFileSync(`${e.key}.gz`) };
    return this.#install(e, copies);
  }

  /** Puts the copies beside the file, unless the file changed since it was hashed (a rebuild under a running server). */
  #install(e: Entry, copies: BestCopies): boolean {
    const now = statSync(e.file, { throwIfNoEntry: false });
    if (!now || now.size !== e.bytes || now.mtimeMs !== e.mtimeMs) {
      this.#opts.log(`  ${e.rel} changed while it was being compressed (rebuilt?): restart the server to compress it`);
      return false;
    }
    writeAtomically(`${e.file}.br`, copies.br);
    writeAtomically(`${e.file}.gz`, copies.gz);
    return true;
  }

  async #run(): Promise<CompressionSummary> {
    const summary = (): CompressionSummary => ({
      files: this.#total,
      fromCache: this.#fromCache,
      compressed: this.#compressed,
      failed: this.#failed,
      seconds: (performance.now() - this.#started) / 1000,
    });
    const queue = [...this.#pending.values()].sort((a, b) => a.bytes - b.bytes);
    if (queue.length === 0) return summary();
    this.#pool = new BestPool(this.#opts.threads);
    const { log } = this.#opts;
    log(
      `compressing ${queue.length} of ${this.#total} files at best quality in the background (${this.#pool.size} low-priority threads; until each is done it is compressed quickly on request)`,
    );
    let lastLine = performance.now();
    const worker = async () => {
      for (let e = queue.shift(); e && !this.#closed; e = queue.shift()) {
        await this.#make(e);
        if (performance.now() - lastLine >= (this.#opts.progressEveryMs ?? 5000) && this.#pending.size > 0) {
          lastLine = performance.now();
          log(`compressing: ${this.progress.done} of ${this.#total} files done`);
        }
      }
    };
    await Promise.all(Array.from({ length: this.#pool.size }, worker));
    await this.#pool.close();
    const s = summary();
    if (!this.#closed)
      log(
        `compressed ${s.compressed} files at best quality in ${s.seconds.toFixed(1)} s (${s.fromCache} from the cache${s.failed ? `, ${s.failed} failed and stay quickly compressed` : ''})`,
      );
    return s;
  }

  /** Makes (or waits for another server to make) one file's copies, and puts them in place. */
  async #make(e: Entry): Promise<void> {
    const lock = `${e.key}.lock`;
    try {
      while (!this.#closed) {
        if (existsSync(`${e.key}.br`) && existsSync(`${e.key}.gz`)) break;
        if (tryLock(lock)) {
          try {
            const copies = await this.#pool!.encode(readFileSync(e.file), isText(e.rel));
            writeAtomically(`${e.key}.gz`, copies.gz);
            writeAtomically(`${e.key}.br`, copies.br);
          } finally {
            rmSync(lock, { force: true });
          }
          break;
        }
        await sleep(500);
      }
      if (this.#closed) return;
      if (this.#installFromCache(e)) {
        this.#compressed++;
        this.#pending.delete(e.rel);
        for (const l of this.#listeners) l(e.rel);
      } else this.#failed++;
    } catch (err) {
      this.#failed++;
      this.#opts.log(`  could not compress ${e.rel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
