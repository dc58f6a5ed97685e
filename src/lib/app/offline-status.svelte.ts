// What this browser can do offline (main thread): registers the service worker (built app only) and reads what the
// caches hold: the app shell against the build's manifest, the onnxruntime-web builds runs loaded, Pyodide, the model mirror, downloaded Hub models.
import { ortBuildOfPath, type OrtBuild } from '../../shared/ort-build.ts';
import { describeError } from '../../shared/errors.ts';
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

/** The paths cached under `name` (none when there is no such cache). */
async function pathsIn(store: CacheReader, name: string): Promise<string[]> {
  if (!(await store.has(name))) return [];
  return (await (await store.open(name)).keys()).map((r) => new URL(r.url).pathname);
}

interface ShellManifest {
  build: string;
  shell: string[];
}

/** The part of the service-worker container the status uses. */
export type Workers = Pick<ServiceWorkerContainer, 'register' | 'ready' | 'addEventListener'>;

/** The part of CacheStorage the status reads. */
export type CacheReader = Pick<CacheStorage, 'keys' | 'has' | 'open'>;

/** What the status reaches outside itself; tests give fakes. */
export interface OfflineDeps {
  /** The service workers, or null where this page can have none. */
  workers: Workers | null;
  caches: CacheReader | null;
  /** Whether this is the built app (the development server installs no service worker). */
  production: boolean;
  /** The build's shell manifest from the server; throws when the server cannot be reached. */
  manifest: () => Promise<ShellManifest>;
  /** Storage used by this origin, in bytes, or null where the browser does not say. */
  usage: () => Promise<number | null>;
}

function browserDeps(): OfflineDeps {
  const hasWorkers = typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof caches !== 'undefined';
  return {
    workers: hasWorkers ? navigator.serviceWorker : null,
    caches: hasWorkers ? caches : null,
    production: import.meta.env.PROD,
    manifest: async () => (await (await fetch('/sw-manifest.json', { cache: 'no-store' })).json()) as ShellManifest,
    usage: async () => (await navigator.storage?.estimate?.().catch(() => null))?.usage ?? null,
  };
}

export class OfflineStatus {
  #state = $state<OfflineState>('installing');
  #report = $state.raw<CacheReport>(EMPTY);
  #reason = $state<string | null>(null);
  #serverReachable = $state<boolean | null>(null);
  readonly #deps: OfflineDeps;

  constructor(deps: Partial<OfflineDeps> = {}) {
    this.#deps = { ...browserDeps(), ...deps };
  }

  get state(): OfflineState {
    return this.#state;
  }

  /** What the caches hold. */
  get report(): CacheReport {
    return this.#report;
  }

  /** Why this page works only online, or why the service worker failed. */
  get reason(): string | null {
    return this.#reason;
  }

  /** Whether the server answered the last check: navigator.onLine alone says true on a network that reaches nothing
   *  (a captive portal, a venue Wi-Fi without uplink, and Chromium after a reload under emulated offline). */
  get serverReachable(): boolean | null {
    return this.#serverReachable;
  }

  /** Registers /sw.js when the page may have one, then reports. */
  async start(): Promise<void> {
    const { workers, caches: store } = this.#deps;
    if (!workers || !store) {
      this.#state = 'unsupported';
      this.#reason = 'this browser (or a page not served over https or localhost) has no service workers';
      return;
    }
    if (!this.#deps.production) {
      this.#state = 'unsupported';
      this.#reason = 'the development server does not install the service worker (npm start does)';
      return;
    }
    try {
      await workers.register('/sw.js', { type: 'module', scope: '/' });
      await workers.ready;
      workers.addEventListener('controllerchange', () => void this.refresh());
    } catch (err) {
      this.#state = 'error';
      this.#reason = `the service worker could not be installed: ${describeError(err).message}`;
      return;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    let manifest: ShellManifest | null = null;
    try {
      manifest = await this.#deps.manifest();
      this.#serverReachable = true;
    } catch {
      // Offline: count what the current shell cache holds.
      this.#serverReachable = false;
    }
    const r = await this.#read(manifest);
    this.#report = r;
    this.#state = r.shellTotal > 0 && r.shellCached >= r.shellTotal ? 'ready' : 'partial';
  }

  async #read(manifest: ShellManifest | null): Promise<CacheReport> {
    const store = this.#deps.caches;
    if (!store) return EMPTY;
    const keysOf = (name: string) => pathsIn(store, name);
    const countKeys = async (name: string, test: (path: string) => boolean = () => true) =>
      (await keysOf(name)).filter(test).length;
    const names = await store.keys();
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
    return {
      shellCached,
      shellTotal: manifest?.shell.length ?? shellCached,
      ortBuilds,
      pyodideFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/pyodide/')),
      mirrorFiles: await countKeys('tierlab-runtime', (p) => p.startsWith('/models/') || p.startsWith('/hub/')),
      hubModelFiles: await countKeys(TRANSFORMERS_CACHE),
      usageBytes: await this.#deps.usage(),
    };
  }
}
