// The traced runs' part of docs/perf.md section 5 (Node, pure): V8's work per thread role and kind during TierLab's
// timing window and the bare loop's, as milliseconds of work per second of window.
import type { ThreadRole, V8Kind, V8Work } from './v8-trace.ts';

const KINDS: Record<V8Kind, string> = {
  'wasm-tier-up': 'WebAssembly tier-up (optimising compilation)',
  'js-optimise': 'JavaScript optimisation (Maglev, TurboFan)',
  gc: 'garbage collection',
};
const ROLES: Record<ThreadRole, string> = {
  'thread pool': "renderer's thread pool",
  workers: 'workers (inference worker and onnxruntime threads)',
  page: "page's main thread",
};

const perS = (w: V8Work, role: ThreadRole, kind: V8Kind) => w.ms[role][kind] / w.windowS;

export function v8Markdown(tierlab: V8Work, bare: V8Work, categories: readonly string[]): string {
  const rows: string[] = [];
  for (const role of Object.keys(ROLES) as ThreadRole[])
    for (const kind of Object.keys(KINDS) as V8Kind[]) {
      const t = perS(tierlab, role, kind);
      const b = perS(bare, role, kind);
      if (Math.max(t, b) < 0.05) continue;
      rows.push(`| ${ROLES[role]} · ${KINDS[kind]} | ${t.toFixed(1)} | ${b.toFixed(1)} |`);
    }
  const total = (w: V8Work) =>
    (Object.keys(ROLES) as ThreadRole[]).reduce(
      (a, r) => a + (Object.keys(KINDS) as V8Kind[]).reduce((s, k) => s + perS(w, r, k), 0),
      0,
    );
  return [
    '### What V8 did beside the runs',
    '',
    `One more run of TierLab and of the bare loop (in a row), with Chromium's tracing on (categories ${categories
      .filter((c) => c !== '__metadata')
      .map((c) => `\`${c}\``)
      .join(', ')}) and the same windows as above, marked in the trace. Tracing slows the page (windows of`,
    `${tierlab.windowS.toFixed(1)} s and ${bare.windowS.toFixed(1)} s), so these runs are not among the timed ones: they name the work, the`,
    'table above weighs it. Figures are milliseconds of work per second of window, nested events counted once per thread.',
    '',
    '| thread · work | TierLab ms/s | bare loop ms/s |',
    '| --- | ---: | ---: |',
    ...(rows.length ? rows : ['| nothing above 0.05 ms/s | | |']),
    `| all of the above | ${total(tierlab).toFixed(1)} | ${total(bare).toFixed(1)} |`,
    '',
    'What each is, and why it stays:',
    '',
    `- WebAssembly tier-up (${perS(tierlab, 'thread pool', 'wasm-tier-up').toFixed(1)} against ${perS(bare, 'thread pool', 'wasm-tier-up').toFixed(1)} ms/s).`,
    "  V8 first compiles onnxruntime's WebAssembly with its baseline compiler and recompiles a function with TurboFan once",
    "  it has run enough (dynamic tiering), on the renderer's thread pool. Functions called rarely get there late, so",
    '  compilation goes on in small pieces through the whole run, beside the bare loop too after its settling time. A',
    '  page cannot compile a module eagerly or learn when tier-up is done (no web API does either; Chromium has browser',
    "  flags for it, which a visitor's browser does not set). What a page can do is what TierLab does: warm each batch",
    '  size up until its timings agree and have stopped falling (`warmupSettled` in src/bench/protocol.ts).',
    `- JavaScript optimisation (${perS(tierlab, 'thread pool', 'js-optimise').toFixed(1)} against ${perS(bare, 'thread pool', 'js-optimise').toFixed(1)} ms/s).`,
    "  TierLab's own JavaScript between visits (the protocol's statistics, the progress message, the page's update of",
    '  one line of text) becomes hot and V8 compiles it with Maglev and TurboFan, in the background after the visit that',
    '  made it hot. The bare loop runs almost no JavaScript between runs. The work itself is done between visits',
    '  (the worker waits until the page has painted); the background compilation it triggers is not under its control.',
    `- Garbage collection (${(perS(tierlab, 'thread pool', 'gc') + perS(tierlab, 'workers', 'gc') + perS(tierlab, 'page', 'gc')).toFixed(1)} against ${(perS(bare, 'thread pool', 'gc') + perS(bare, 'workers', 'gc') + perS(bare, 'page', 'gc')).toFixed(1)} ms/s on all threads).`,
    "  The samples, the progress messages and the page's update allocate; V8 collects in the background and, briefly, on",
    '  the thread that allocated.',
    '',
  ].join('\n');
}
