// The readiness check's probes (main thread): the server's ping, secure context and isolation, cores, the WebGPU
// adapter (as the benchmark page probes it), WebNN, and a timed 1 MiB download. Each probe has a time limit, so the
// page answers within seconds even on a dead network.
import { probeWebGpu } from '../core/page-environment.ts';
import type { ReadinessFacts } from './readiness.ts';
import { canShareWasmMemory } from '../../shared/threads.ts';

const MEBIBYTE = 1024 * 1024;

async function ping(): Promise<ReadinessFacts['reached']> {
  try {
    const res = await fetch('/api/check/ping', { cache: 'no-store', signal: AbortSignal.timeout(4000) });
    if (!res.ok) return { ok: false, error: `the server answered ${res.status}` };
    const body = (await res.json().catch(() => null)) as { ok?: unknown } | null;
    return body?.ok === true ? { ok: true } : { ok: false, error: 'the answer was not TierLab’s' };
  } catch (err) {
    return { ok: false, error: err instanceof Error && err.name === 'TimeoutError' ? 'no answer within 4 s' : String(err) };
  }
}

async function megabyteMs(): Promise<number | null> {
  const started = performance.now();
  try {
    const res = await fetch('/api/check/megabyte', { cache: 'no-store', signal: AbortSignal.timeout(20_000) });
    if (!res.ok) return null;
    const bytes = await res.arrayBuffer();
    return bytes.byteLength === MEBIBYTE ? performance.now() - started : null;
  } catch {
    return null;
  }
}

async function webgpu(): Promise<ReadinessFacts['webgpu']> {
  const probe = await probeWebGpu();
  if (probe.adapter)
    return {
      kind: 'adapter',
      fallback: probe.adapter.isFallbackAdapter,
      description: [probe.adapter.vendor, probe.adapter.architecture].filter(Boolean).join(' · ') || 'unnamed adapter',
    };
  if (!window.isSecureContext || !('gpu' in navigator) || !navigator.gpu) return { kind: 'unsupported' };
  return { kind: 'no-adapter', ...(probe.reason ? { error: probe.reason } : {}) };
}

export async function probeReadiness(): Promise<ReadinessFacts> {
  const [reached, gpu] = await Promise.all([ping(), webgpu()]);
  // The download goes last, alone, so the other probes do not share its bandwidth.
  const ms = reached.ok ? await megabyteMs() : null;
  return {
    reached,
    secureContext: window.isSecureContext,
    crossOriginIsolated: window.crossOriginIsolated,
    sharedMemory: canShareWasmMemory(),
    cores: navigator.hardwareConcurrency || 1,
    webgpu: gpu,
    webnn: 'ml' in navigator,
    megabyteMs: ms,
  };
}
