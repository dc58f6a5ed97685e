// Best-quality compression off the main thread (Node, server): a few worker threads, each lowered to the weakest CPU
// priority (nice 19) so that a page being benchmarked on the same machine keeps the processor. The work runs with
// zlib's synchronous calls inside the worker, so it stays on that low-priority thread (zlib's asynchronous calls would
// run on libuv's shared pool at normal priority). On Linux a thread's nice value is its own (setpriority(2), NOTES).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { brotliOptions, GZIP_LEVEL } from './encodings.ts';

export interface BestCopies {
  br: Buffer;
  gz: Buffer;
}

// Plain JavaScript evaluated by the worker (a .ts worker file would depend on how the server was started).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { setPriority } = require('node:os');
const { brotliCompressSync, gzipSync } = require('node:zlib');
try { setPriority(19); } catch {}
parentPort.on('message', ({ id, data, brotli, gzipLevel }) => {
  try {
    const br = brotliCompressSync(data, brotli);
    const gz = gzipSync(data, { level: gzipLevel });
    parentPort.postMessage({ id, br, gz });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});
`;

interface Reply {
  id: number;
  br?: Uint8Array;
  gz?: Uint8Array;
  error?: string;
}

/** A pool of low-priority compressing threads; `close` ends them (work in flight is abandoned). */
export class BestPool {
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #waiting: ((w: Worker) => void)[] = [];
  #next = 0;
  #closed = false;
  /** How many files are compressed at once. */
  readonly size: number;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.size = size;
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  #spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    this.#workers.push(w);
    return w;
  }

  /** Brotli 11 and gzip 9 of `data` (`text` picks brotli's text mode). */
  async encode(data: Buffer, text: boolean): Promise<BestCopies> {
    const worker = this.#idle.pop() ?? (await new Promise<Worker>((resolve) => this.#waiting.push(resolve)));
    const id = this.#next++;
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        const onMessage = (m: Reply) => {
          if (m.id !== id) return;
          worker.off('message', onMessage).off('error', reject).off('exit', onExit);
          resolve(m);
        };
        const onExit = () => reject(new Error('the compressing thread ended'));
        worker.on('message', onMessage).once('error', reject).once('exit', onExit);
        worker.postMessage({
          id,
          data,
          brotli: brotliOptions('best', data.length, text),
          gzipLevel: GZIP_LEVEL.best,
        });
      });
      if (reply.error || !reply.br || !reply.gz) throw new Error(reply.error ?? 'no output');
      return { br: Buffer.from(reply.br), gz: Buffer.from(reply.gz) };
    } finally {
      if (!this.#closed) {
        // A thread that died (out of memory, say) is replaced, so the next file still gets one.
        const next = worker.threadId === -1 ? this.#spawn() : worker;
        const waiter = this.#waiting.shift();
        if (waiter) waiter(next);
        else this.#idle.push(next);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
