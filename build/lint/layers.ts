// TierLab's layer rules as data (Node, pure): which folders a file may import from, read from its path. The ESLint
// rule (layer-rule.ts) reports a violation where it is typed; the import-graph test checks the same table.

/** A layer: files under `dir` may import files under any of `may` (a feature folder may also import itself). */
export interface Layer {
  dir: string;
  /** What the layer is, in the rule's message. */
  what: string;
  may: readonly string[];
  /** Further folders its tests (`*.test.ts`, `*.spec.ts`, `*.suite.ts`, `testing/`) may import: fixtures, helpers. */
  testsMay?: readonly string[];
}

/** The page's shared folders; every other folder of src/lib is a feature (one page) that imports no other feature. */
export const PAGE_COMMON = ['src/lib/ui', 'src/lib/core', 'src/lib/app', 'src/lib/submit'] as const;

const PURE = ['src/shared', 'src/bench'];
const FIXTURES = ['models/fixtures', 'src/bench/testing', 'scripts/browsers'];

/** Most specific first: a file belongs to the first layer whose folder holds it. */
export const LAYERS: readonly Layer[] = [
  { dir: 'src/shared/contracts', what: 'a worker contract (types all threads share)', may: ['src/shared'] },
  { dir: 'src/shared', what: 'shared code (pure, every thread)', may: ['src/shared'], testsMay: ['src/bench'] },
  { dir: 'src/bench', what: 'the statistics layer (pure, every thread)', may: PURE },
  { dir: 'src/workers', what: 'worker code', may: [...PURE, 'src/workers'], testsMay: FIXTURES },
  { dir: 'src/sandbox-frame', what: 'the sandbox frame', may: [...PURE, 'src/sandbox-frame'], testsMay: ['src/workers/sandbox'] },
  { dir: 'src/service-worker', what: 'the service worker', may: ['src/shared', 'src/service-worker'] },
  { dir: 'src/lib/ui', what: 'page UI parts', may: [...PURE, 'src/lib/ui'] },
  { dir: 'src/lib/core', what: 'page services', may: [...PURE, 'src/lib/ui', 'src/lib/core'] },
  { dir: 'src/lib/app', what: 'the app shell', may: [...PURE, 'src/lib/ui', 'src/lib/core', 'src/lib/app'] },
  {
    dir: 'src/lib/submit',
    what: 'result submission',
    may: [...PURE, 'src/lib/ui', 'src/lib/core', 'src/lib/app', 'src/lib/submit'],
  },
  { dir: 'src/lib', what: 'a page feature', may: [...PURE, ...PAGE_COMMON], testsMay: ['src/bench/testing'] },
  { dir: 'src', what: 'the app entry', may: [...PURE, 'src/lib', 'src/App.svelte', 'src/app.css'] },
  { dir: 'server', what: 'the server', may: [...PURE, 'server'], testsMay: [...FIXTURES, 'build'] },
  { dir: 'build', what: 'build plugins', may: ['src/shared', 'server', 'build'] },
  { dir: 'models', what: 'the fixture builder', may: [...PURE, 'src/workers', 'models'] },
  { dir: 'scripts', what: 'scripts', may: [...PURE, 'src/workers', 'server', 'models', 'build', 'scripts'] },
  { dir: 'e2e', what: 'browser tests', may: [...PURE, 'server', 'models', 'scripts', 'e2e'] },
];

const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);

export const isTestFile = (file: string): boolean => /\.(test|spec|suite)\.ts$|(^|\/)testing\//.test(file);

/** The layer holding a repository-relative path, or null for files outside every layer (configs, docs). */
export function layerOf(file: string): Layer | null {
  return LAYERS.find((l) => under(file, l.dir)) ?? null;
}

/** The feature folder of a page file (src/lib/<feature>), or null for the page's shared folders and other layers. */
export function pageFeature(file: string): string | null {
  const m = /^src\/lib\/([^/]+)\//.exec(file);
  if (!m) return null;
  const dir = `src/lib/${m[1]!}`;
  return (PAGE_COMMON as readonly string[]).includes(dir) ? null : dir;
}

/**
 * Why `from` may not import `to` (both repository-relative), or null when it may. A page file may import a worker
 * entry (`*.worker.ts`) for its API type only, as comlink's wrap needs; nothing else of src/workers.
 */
export function layerViolation(from: string, to: string, typeOnly: boolean): string | null {
  const layer = layerOf(from);
  if (!layer) return null;
  const own = pageFeature(from);
  const allowed = [...layer.may, ...(own ? [own] : []), ...(isTestFile(from) ? (layer.testsMay ?? []) : [])];
  if (allowed.some((d) => under(to, d))) return null;
  if (isTestFile(from) && /(^|\/)testing\//.test(to)) return null;
  if (typeOnly && under(from, 'src/lib') && /^src\/workers\/[^/]+\.worker\.ts$/.test(to)) return null;
  const may = [...layer.may, ...(own ? [`its own ${own}`] : [])].join(', ');
  const hint = hintFor(from, to);
  return `${from} is ${layer.what} and may import only ${may}; not ${to}${hint ? ` (${hint})` : ''}`;
}

function hintFor(from: string, to: string): string {
  if (under(to, 'src/workers') && under(from, 'src/lib'))
    return 'import its types from src/shared/contracts and call it through the client';
  if (under(from, 'src/shared/contracts')) return 'a contract names types only from other contracts and src/shared';
  if (pageFeature(to) && pageFeature(from))
    return "another page's code: move what both need to src/lib/core, src/lib/ui or src/bench";
  if (under(from, 'src/shared') && under(to, 'src/bench'))
    return 'shared code runs everywhere and cannot depend on the statistics layer';
  return '';
}
