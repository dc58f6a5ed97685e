// A phone's readiness for a talk (main thread, pure): from what the check page probed, one line per item with a
// state and, where it fails, the plain fix.
import { oneThreadReason, threadsObtained } from '../../shared/threads.ts';

export interface ReadinessFacts {
  /** Whether /api/check/ping answered; the error when not. */
  reached: { ok: true } | { ok: false; error: string };
  secureContext: boolean;
  crossOriginIsolated: boolean;
  /** Whether shared WebAssembly memory could be created (WebKit is isolated yet cannot). */
  sharedMemory: boolean;
  /** navigator.hardwareConcurrency */
  cores: number;
  webgpu:
    | { kind: 'unsupported' }
    | { kind: 'no-adapter'; error?: string }
    | { kind: 'adapter'; fallback: boolean; description: string };
  /** navigator.ml exists */
  webnn: boolean;
  /** Time to download 1 MiB from this server, ms; null when it failed. */
  megabyteMs: number | null;
}

export type ItemState = 'ok' | 'warn' | 'fail' | 'info';

export interface ReadinessItem {
  id: 'reached' | 'secure' | 'isolated' | 'threads' | 'webgpu' | 'webnn' | 'download';
  label: string;
  state: ItemState;
  detail: string;
  /** What to do about it (null when nothing needs doing). */
  fix: string | null;
}

const HTTPS_FIX =
  'Open TierLab over https: the presenter starts it with `npm start -- --https` and phones accept its certificate (docs/deploy.md).';

/** WASM threads the benchmark gets: every core with isolation and shared memory, else one. */
export function threadsOf(f: Pick<ReadinessFacts, 'crossOriginIsolated' | 'sharedMemory' | 'cores'>): number {
  return threadsObtained(f, f.cores);
}

export function readiness(f: ReadinessFacts): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  items.push(
    f.reached.ok
      ? { id: 'reached', label: 'Server reached', state: 'ok', detail: 'this phone reached the TierLab server', fix: null }
      : {
          id: 'reached',
          label: 'Server reached',
          state: 'fail',
          detail: `no answer: ${f.reached.error}`,
          fix: "Join the same Wi-Fi as the presenter's machine (guest networks often keep devices apart), or use the address on the screen.",
        },
  );
  items.push(
    f.secureContext
      ? {
          id: 'secure',
          label: 'Secure context',
          state: 'ok',
          detail: 'https or localhost: WebGPU and threads are allowed',
          fix: null,
        }
      : {
          id: 'secure',
          label: 'Secure context',
          state: 'fail',
          detail: 'plain http: the browser withholds WebGPU and cross-origin isolation',
          fix: HTTPS_FIX,
        },
  );
  items.push(
    f.crossOriginIsolated
      ? { id: 'isolated', label: 'Cross-origin isolated', state: 'ok', detail: 'threads and fine timers available', fix: null }
      : {
          id: 'isolated',
          label: 'Cross-origin isolated',
          state: 'fail',
          detail: 'not isolated: WASM runs on one thread and timers are coarse',
          fix: f.secureContext
            ? 'Reload the page; if it stays so, something between the server and this phone drops the COOP/COEP headers.'
            : HTTPS_FIX,
        },
  );
  const threads = threadsOf(f);
  items.push(
    threads > 1
      ? { id: 'threads', label: 'WASM threads', state: 'ok', detail: `${threads} threads`, fix: null }
      : {
          id: 'threads',
          label: 'WASM threads',
          state: 'warn',
          detail: f.cores > 1 ? `1 thread of ${f.cores} cores` : '1 thread (this device reports one core)',
          fix:
            f.cores <= 1
              ? null
              : f.crossOriginIsolated
                ? `${oneThreadReason(f) ?? ''}: nothing to fix on this phone; its results say one thread.`
                : 'Threads need cross-origin isolation: fix the items above.',
        },
  );
  const gpu = f.webgpu;
  items.push(
    gpu.kind === 'adapter' && !gpu.fallback
      ? { id: 'webgpu', label: 'WebGPU', state: 'ok', detail: gpu.description, fix: null }
      : gpu.kind === 'adapter'
        ? {
            id: 'webgpu',
            label: 'WebGPU',
            state: 'warn',
            detail: `software fallback adapter (${gpu.description}): WebGPU results will be flagged`,
            fix: 'Run on WASM, or try another browser that gives this phone its GPU.',
          }
        : {
            id: 'webgpu',
            label: 'WebGPU',
            state: 'fail',
            detail:
              gpu.kind === 'unsupported'
                ? 'this browser exposes no WebGPU here'
                : `no adapter${gpu.error ? `: ${gpu.error}` : ''}`,
            fix: !f.secureContext
              ? HTTPS_FIX
              : 'Use a browser with WebGPU (recent Chrome or Edge on Android, Safari 26 or later on iOS), or run on WASM.',
          },
  );
  items.push({
    id: 'webnn',
    label: 'WebNN',
    state: 'info',
    detail: f.webnn
      ? 'present (navigator.ml); TierLab does not offer it as a backend yet'
      : 'absent (navigator.ml is not defined); nothing needs it',
    fix: null,
  });
  items.push(
    f.megabyteMs === null
      ? {
          id: 'download',
          label: 'Download speed',
          state: 'fail',
          detail: 'the 1 MB test download failed',
          fix: 'Check the connection to the venue network.',
        }
      : f.megabyteMs <= 2000
        ? {
            id: 'download',
            label: 'Download speed',
            state: 'ok',
            detail: `1 MB in ${Math.round(f.megabyteMs)} ms`,
            fix: null,
          }
        : {
            id: 'download',
            label: 'Download speed',
            state: 'warn',
            detail: `1 MB in ${(f.megabyteMs / 1000).toFixed(1)} s: a model download will take a while`,
            fix: 'Move closer to the access point, or open the join page early so the model is cached before the talk.',
          },
  );
  return items;
}

/** One word for the whole check: every required item ok, some limited, or something that stops the benchmark. */
export function overall(items: readonly ReadinessItem[]): 'ready' | 'limited' | 'not ready' {
  const reached = items.find((i) => i.id === 'reached');
  if (reached?.state === 'fail') return 'not ready';
  if (items.some((i) => i.state === 'fail' || i.state === 'warn')) return 'limited';
  return 'ready';
}
