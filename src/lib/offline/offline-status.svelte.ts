// What this browser can do offline (main thread): registers the service worker (built app only) and reads what the
// caches hold: the app shell against the build's manifest, Pyodide, the model mirror, downloaded Hub models.
import { TRANSFORMERS_CACHE } from '../model-cache.ts';

export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'partial' | 'error';

export interface CacheReport {
  shellCached: number;
  shellTotal: number;
  /** Files cached on first use: Pyodide, the model mirror and catalog. */
  pyodideFiles: number;
  mirrorFiles: number;
  /** Files of Hub models that transformers.js cached. */
  hubModelFiles: number;
  usageBytes: number | null;
}

const EMPTY: CacheReport = { shellCached: 0, shellTotal: 0, pyodideFiles: 0, mirrorFiles: 0, hubModelFiles: 0, usageBytes: null };

async function countKeys(name: string, test: (path: string) => boolean = () => true): Promise<number> {
  if (!(await caches.has(name))) return 0;
  const keys = await (await caches.open(name)).keys();
  return keys.filter((r) => test(new URL(r.url).pathname)).length;
}

interface ShellManifest {
  build: string;
  shell: string[];
}

export class OfflineStatus {
  state = $state<OfflineState>('installing');
  report = $state.raw<CacheReport>(EMPTY);
  reason = $state<string | null>(null);

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
    } catch {
      // Offline: count what the current shell cache holds.
    }
    const r = await this.read(manifest);
    this.report = r;
    this.state = r.shellTotal > 0 && r.shellCached >= r.shellTotal ? 'ready' : 'partial';
  }

  private async read(manifest: ShellManifest | null): Promise<CacheReport> {
    const names = await caches.keys();
    const shellName = manifest ? `tierlab-shell-${manifest.build}` : names.find((n) => n.startsWith('tierlab-shell-'));
    const shellCached = shellName ? await countKeys(shellName) : 0;
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    return {
      shellCached,
      shellTotal: manifest?.shell.length ?? shellCached,
      pyodideFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/pyodide/')),
      mirrorFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/models/') || p.startsWith('/hub/')),
      hubModelFiles: await countKeys(TRANSFORMERS_CACHE),
      usageBytes: estimate?.usage ?? null,
    };
  }
}
