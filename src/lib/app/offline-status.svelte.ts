// What this browser can do offline (main thread): registers the service worker (built app only) and reads what the
// caches hold: the app shell against the build's manifest, the onnxruntime-web builds runs loaded, Pyodide, the model mirror, downloaded Hub models.
import { ortBuildOfPath, type OrtBuild } from '../../shared/ort-build.ts';
import { TRANSFORMERS_CACHE } from '../core/model-cache.ts';

export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'partial' | 'error';

export interface CacheReport {
  shellCached: number;
  shellTotal: number;
  /** onnxruntime-web builds whose wasm is cached (each cached by the first run that loads it). */
  ortBuilds: OrtBuild[];
  /** Files cached on first use: Pyodide, the model mirror and catalog. */
  pyodideFiles: number;
  mirrorFiles: number;
  /** Files of Hub models that transformers.js cached. */
  hubModelFiles: number;
  usageBytes: number | null;
}

const EMPTY: CacheReport = {
  shellCached: 0,
  shellTotal: 0,
  ortBuilds: [],
  pyodideFiles: 0,
  mirrorFiles: 0,
  hubModelFiles: 0,
  usageBytes: null,
};

async function keysOf(name: string): Promise<string[]> {
  if (!(await caches.has(name))) return [];
  return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
}

async function countKeys(name: string, test: (path: string) => boolean = () => true): Promise<number> {
  return (await keysOf(name)).filter(test).length;
}

interface ShellManifest {
  build: string;
  shell: string[];
}

export class OfflineStatus {
  state = $state<OfflineState>('installing');
  report = $state.raw<CacheReport>(EMPTY);
  reason = $state<string | null>(null);
  /** Whether the server answered the last check: navigator.onLine alone says true on a network that reaches nothing
   *  (a captive portal, a venue Wi-Fi without uplink, and Chromium after a reload under emulated offline). */
  serverReachable = $state<boolean | null>(null);

  /** Registers /sw.js when the page may have one, then reports. */
  async start(): Promise<void> {
    if (!('serviceWorker' in navigator) || typeof caches === 'undefined') {
      this.state = 'unsupported';
      this.reason = 'this browser (or a page not served over https or localhost) has no service workers';
      return;
    }
    if (!import.meta.env.PROD) {
      this.state = 'unsupported';
      this.reason = 'the development server does not install the service worker (npm start does)';
      return;
    }
    try {
      await navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' });
      await navigator.serviceWorker.ready;
      navigator.serviceWorker.addEventListener('controllerchange', () => void this.refresh());
    } catch (err) {
      this.state = 'error';
      this.reason = `the service worker could not be installed: ${(err as Error).message}`;
      return;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    let manifest: ShellManifest | null = null;
    try {
      manifest = (await (await fetch('/sw-manifest.json', { cache: 'no-store' })).json()) as ShellManifest;
      this.serverReachable = true;
    } catch {
      // Offline: count what the current shell cache holds.
      this.serverReachable = false;
    }
    const r = await this.read(manifest);
    this.report = r;
    this.state = r.shellTotal > 0 && r.shellCached >= r.shellTotal ? 'ready' : 'partial';
  }

  private async read(manifest: ShellManifest | null): Promise<CacheReport> {
    const names = await caches.keys();
    const shellName = manifest ? `tierlab-shell-${manifest.build}` : names.find((n) => n.startsWith('tierlab-shell-'));
    const shell = manifest?.shell ?? null;
    const shellCached = shellName
      ? await countKeys(shellName, (p) => (shell ? shell.includes(p) : ortBuildOfPath(p) === null))
      : 0;
    const ortBuilds: OrtBuild[] = [];
    for (const p of shellName ? await keysOf(shellName) : []) {
      const b = p.endsWith('.wasm') ? ortBuildOfPath(p) : null;
      if (b && !ortBuilds.includes(b)) ortBuilds.push(b);
    }
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    return {
      shellCached,
      shellTotal: manifest?.shell.length ?? shellCached,
      ortBuilds,
      pyodideFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/pyodide/')),
      mirrorFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/models/') || p.startsWith('/hub/')),
      hubModelFiles: await countKeys(TRANSFORMERS_CACHE),
      usageBytes: estimate?.usage ?? null,
    };
  }
}
