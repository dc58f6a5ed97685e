// Probes the page's environment on the main thread: browser, isolation, and whether WebGPU can be had (and why not).
import { describeAdapter } from '../../shared/adapter-info.ts';
import { emulationFromQuery, type Emulation } from '../../shared/emulation.ts';
import type { AdapterInfo } from '../../shared/run-result.ts';
import { browserLabel } from '../../shared/device-buckets.ts';

export interface PageEnvironment {
  userAgent: string;
  platform: string;
  browser: string;
  hardwareConcurrency: number;
  deviceMemoryGb: number | null;
  secureContext: boolean;
  crossOriginIsolated: boolean;
  webgpu: { available: boolean; reason: string | null; adapter: AdapterInfo | null };
  /** Emulation the page's query declares (the benchmark CLI sets it), or null. */
  emulation: Emulation | null;
}

function browserName(ua: string): string {
  const brands = (navigator as Navigator & { userAgentData?: { brands: { brand: string; version: string }[] } }).userAgentData
    ?.brands;
  const brand =
    brands?.find((b) => !/not.?a.?brand/i.test(b.brand) && b.brand !== 'Chromium') ?? brands?.find((b) => b.brand === 'Chromium');
  if (brand) return `${brand.brand} ${brand.version}`;
  return browserLabel(ua);
}

export async function probeWebGpu(): Promise<PageEnvironment['webgpu']> {
  if (!window.isSecureContext) {
    return {
      available: false,
      reason: 'the page is not a secure context (plain http on a network address); WebGPU needs https or localhost',
      adapter: null,
    };
  }
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)', adapter: null };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return {
        available: false,
        reason: 'no GPU adapter was offered (WebGPU disabled or the GPU is blocklisted)',
        adapter: null,
      };
    const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
    return { available: true, reason: null, adapter: describeAdapter(adapter.info, adapter.features, legacy.isFallbackAdapter) };
  } catch (err) {
    return {
      available: false,
      reason: `requesting a GPU adapter failed: ${err instanceof Error ? err.message : String(err)}`,
      adapter: null,
    };
  }
}

/** Everything the main thread can tell about the device before a run. */
export async function probePageEnvironment(): Promise<PageEnvironment> {
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return {
    userAgent: navigator.userAgent,
    platform: navigator.platform || 'unknown',
    browser: browserName(navigator.userAgent),
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
    deviceMemoryGb: typeof memory === 'number' ? memory : null,
    secureContext: window.isSecureContext,
    crossOriginIsolated: window.crossOriginIsolated,
    webgpu: await probeWebGpu(),
    emulation: emulationFromQuery(window.location.search),
  };
}
