// The steps the cross-engine suite runs in each engine (Node), written once against engine.ts: what a visitor does
// at a talk, each with the checks that failed in Firefox or WebKit before the fix that made it pass (docs/testing.md).
import { parseRunResult, type RunResult } from '../../src/shared/run-result.ts';
import { browserLabel, ENGINE_NAMES, type Engine as BrowserEngine } from '../../src/shared/device-buckets.ts';
import { type Engine, type EngineName, type EngineWindow, tid, waitFor } from './engine.ts';
import { settle, threads } from '../../scripts/perf/busy-threads.ts';

export interface StepContext {
  engine: Engine;
  /** The app's origin, e.g. http://127.0.0.1:4397. */
  base: string;
  /** The step's own window, in the profile every step shares (one visitor's session, a tab per step). */
  win: EngineWindow;
  /** A listener on another port that counts what reaches it (the sandbox step's escape target). */
  canary: { url: string; hits: string[] };
  /** Stops the app's server (the offline step); the steps after it have no network. */
  stopServer: () => Promise<void>;
}

export interface Step {
  name: string;
  run: (ctx: StepContext) => Promise<void>;
  /** False: the step cannot run a second time (it stops the app's server), so a failure gets no retry (run.ts). */
  retry?: boolean;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

const ENCODER_PLAN = {
  model: 'tierlab/tiny-code-encoder',
  variant: 'fp32',
  backend: 'wasm',
  batches: '1,2',
  seq: '32',
  ci: '0.25',
};
/** The first visit's plan: a variant no later step loads, so the offline step sees only what that first visit kept. */
const FIRST_VISIT_PLAN = { ...ENCODER_PLAN, variant: 'int8' };
const GENERATOR_PLAN = {
  model: 'tierlab/tiny-code-decoder',
  variant: 'q4',
  runtime: 'transformers.js',
  backend: 'wasm',
  batches: '1',
  seq: '32',
  tokens: '4',
  ci: '0.25',
};
const link = (base: string, plan: Record<string, string>, extra: Record<string, string> = {}) =>
  `${base}/?${new URLSearchParams({ ...plan, ...extra }).toString()}`;

/** Waits for the benchmark page's run to end; throws with the page's error when it failed. */
async function waitForRun(win: EngineWindow, timeoutMs = 240_000): Promise<void> {
  const end = await waitFor<string>(
    win,
    'the run to finish',
    `const e = document.querySelector('${tid('run-error')}'); if (e) return 'error: ' + e.textContent.trim();
     return document.querySelector('${tid('results-table')}') ? 'done' : null;`,
    timeoutMs,
  );
  check(end === 'done', `the run failed: ${end}`);
}

/** Clicks an export button and returns the file's text, caught where the app hands it to the browser (a Blob URL):
 *  WebDriver has no download events, and the bytes are the same. */
async function exported(win: EngineWindow, button: string): Promise<string> {
  await win.run(`
    window.__tierlabExports = [];
    if (!window.__tierlabHooked) {
      window.__tierlabHooked = true;
      const make = URL.createObjectURL;
      URL.createObjectURL = function (blob) {
        if (blob instanceof Blob) blob.text().then((t) => window.__tierlabExports.push(t));
        return make.call(URL, blob);
      };
    }
    return true;`);
  await win.click(tid(button));
  return waitFor<string>(win, `the ${button} file`, 'return window.__tierlabExports[0] ?? null', 20_000);
}

async function exportedResult(win: EngineWindow): Promise<RunResult> {
  return parseRunResult(JSON.parse(await exported(win, 'export-json')));
}

/** What the engine itself says it has (asked in the page, not taken from the app). */
async function engineFacts(win: EngineWindow): Promise<{ userAgent: string; sharedMemory: boolean; isolated: boolean }> {
  return win.run(`
    let sharedMemory = false;
    try { sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer; } catch {}
    return { userAgent: navigator.userAgent, sharedMemory, isolated: self.crossOriginIsolated };`);
}

/** A result's threads and isolation as the engine really gives them. WebKit is isolated but has no shared memory:
 *  before the fix its results claimed 4 threads, unflagged. */
async function checkThreads(win: EngineWindow, result: RunResult): Promise<void> {
  const facts = await engineFacts(win);
  if (!facts.sharedMemory) {
    check(result.environment.threads === 1, `${result.environment.threads} threads without shared memory`);
    check(result.flags.singleThreaded === true, 'one thread of several asked for, unflagged');
  } else check(result.environment.threads >= 1, 'threads');
  check(result.environment.crossOriginIsolated === facts.isolated, 'isolation as the page has it');
}

export const benchmarkShareLink: Step = {
  name: 'a benchmark share link runs on open and exports a valid result',
  async run({ win, base }) {
    // The suite's first visit, in a fresh profile: the service worker registers while the run starts.
    await win.goto(link(base, FIRST_VISIT_PLAN, { autorun: '1' }));
    await waitForRun(win);
    const result = await exportedResult(win);
    const facts = await engineFacts(win);
    check(
      result.model.id === FIRST_VISIT_PLAN.model && result.model.variant === 'int8',
      `model ${result.model.id} ${result.model.variant}`,
    );
    check(result.points.map((p) => p.batchSize).join() === '1,2', 'batch sizes 1 and 2');
    check(result.environment.executionProvider === 'wasm', `ran on ${result.environment.executionProvider}`);
    await checkThreads(win, result);
    // Before the fix Firefox and WebKit sent no size for the runtime's wasm.
    check((result.environment.ortBuild?.wasmBytes ?? 0) > 1e6, `runtime wasm size ${result.environment.ortBuild?.wasmBytes}`);
    // The browser is named as a person names it (WebKit showed "Safari 605" before the fix).
    const label = browserLabel(facts.userAgent);
    const shown = await win.run<string>(`return document.querySelector('${tid('environment')}').innerText`);
    check(shown.includes(label), `the environment panel names "${label}": ${shown.slice(0, 300)}`);
    check(!/Safari 60\d/.test(shown), 'a WebKit build shown as a Safari version');
  },
};

/** A containment row as the page shows it. */
interface ContainmentRowSeen {
  id: string;
  step: string;
  ok: string;
  outcome: string;
  text: string;
}

/** Clicks Check the sandbox at a 2 s limit and waits for it to end; the oracle rows and containment rows it shows. */
async function runSandboxCheck(
  win: StepContext['win'],
  what: string,
  timeoutMs: number,
): Promise<{ rows: { kind: string; outcome: string }[]; cases: ContainmentRowSeen[] }> {
  await win.fill(tid('sandbox-limit'), '2');
  await win.click(tid('sandbox-run'));
  const end = await waitFor<string>(
    win,
    `${what} to finish`,
    `const e = document.querySelector('${tid('sandbox-error')}'); if (e) return 'error: ' + e.textContent.trim();
     const v = document.querySelector('${tid('containment-verdict')}');
     return v && !document.querySelector('${tid('sandbox-step')}') ? 'done' : null;`,
    timeoutMs,
  );
  check(end === 'done', end);
  const rows = await win.run<{ kind: string; outcome: string }[]>(
    `return [...document.querySelectorAll('${tid('sandbox-row')}')].map((r) => ({ kind: r.dataset.kind, outcome: r.dataset.outcome }));`,
  );
  // Each program's step and the row's text, so a failure names which program ended how, and with what message.
  const cases = await win.run<ContainmentRowSeen[]>(
    `return [...document.querySelectorAll('${tid('containment-row')}')].map((r) => ({ id: r.dataset.case, step: r.dataset.step, ok: r.dataset.ok, outcome: r.dataset.outcome, text: r.textContent.replace(/\\s+/g, ' ').trim().slice(-200) }));`,
  );
  return { rows, cases };
}

/**
 * Fails when a worker thread of the browser keeps a core busy after the check ended: the thread of a program the frame
 * stopped that never stopped. Spare interpreters boot for a few seconds after the last program; a leftover spins on.
 * Before the fix, WebKit kept one thread per timed-out Python program spinning, for good (JavaScriptCore could not
 * reach a worker looping in WebAssembly; python-interpreter.worker.ts), and every later step ran 3–15× slower.
 * `known`: leftovers this engine is known to keep, with the reason (docs/sandbox.md); exactly that many must remain,
 * so one more fails, and so does the limitation going away unnoticed.
 */
async function checkWorkersStopped(engine: Engine, known?: { engine: EngineName; count: number; why: string }): Promise<void> {
  if (!engine.workers) return;
  const expected = known?.engine === engine.name ? known.count : 0;
  // Waiting for none when some are known would wait the whole 30 s: settle to the known count instead.
  const busy = await settle(engine.workers.root, engine.workers.name, 30_000, 3000, expected);
  // The frame keeps spare interpreters booted, so worker threads are there to see: a check that saw none saw nothing.
  const seen = threads(engine.workers.root, engine.workers.name).length;
  check(seen > 0, `no ${engine.workers.name.source} thread found under process ${engine.workers.root}: the check saw nothing`);
  check(
    busy.length === expected,
    `worker threads still running 30 s after the check ended: ${busy.length}, expected ${expected}${expected ? ` (${known?.why})` : ''}: ${busy.map((b) => `${b.thread.name} ${b.thread.tid} at ${Math.round(b.share * 100)}% of a core`).join(', ')}`,
  );
}

/** A containment row that was not contained, in a failure message: case, program, outcome and the row's end. */
const describeRow = (c: ContainmentRowSeen) => `${c.id} program ${Number(c.step) + 1} (${c.outcome}: ${c.text})`;

export const sandboxCheck: Step = {
  name: 'the Python sandbox check agrees with the oracle and contains every hostile program',
  async run({ engine, win, base, canary }) {
    await win.goto(`${base}/?canary=${encodeURIComponent(canary.url)}#/code`);
    await waitFor(win, 'the code page', `return !!document.querySelector('${tid('sandbox-run')}')`, 30_000);
    // Before the fixes: "the sandbox frame did not load within 30 s" (Firefox), "Pyodide did not start" (WebKit).
    const { rows, cases } = await runSandboxCheck(win, 'the sandbox check', 420_000);
    const count = (kind: string, outcome: string) => rows.filter((r) => r.kind === kind && r.outcome === outcome).length;
    check(count('canonical', 'pass') === 8, `canonical solutions passing: ${count('canonical', 'pass')} of 8`);
    check(count('wrong', 'fail') === 8, `wrong solutions failing: ${count('wrong', 'fail')} of 8`);
    check(count('looping', 'timeout') === 1, 'the looping solution timed out');
    const verdict = await win.run<string>(`return document.querySelector('${tid('sandbox-verdict')}').dataset.ok`);
    check(verdict === 'true', 'the oracle verdict');
    check(cases.length >= 19, `${cases.length} containment cases ran`);
    // Before the fix four WebKit cases (sys-modules, importlib, fetch-prototype, dynamic-import) ended as a crash: a
    // refusal without a stack reached Python as no exception (src/workers/sandbox/error-stack.ts).
    const bad = cases.filter((c) => c.ok !== 'true');
    check(bad.length === 0, `not contained: ${bad.map(describeRow).join(', ')}`);
    check(canary.hits.length === 0, `requests reached the listener: ${canary.hits.join(', ')}`);
    await checkWorkersStopped(engine);
  },
};

/**
 * The sandbox check of a QuickJS or wasmoon set: five problems whose correct bodies pass and wrong or empty ones fail,
 * a loop that times out, and every containment case contained, with nothing reaching the canary.
 */
function wasmSandboxCheck(
  name: string,
  set: string,
  runtime: string,
  minCases: number,
  leftovers?: Parameters<typeof checkWorkersStopped>[1],
): Step {
  return {
    name,
    async run({ engine, win, base, canary }) {
      await win.goto(`${base}/?hub=local&canary=${encodeURIComponent(canary.url)}#/code`);
      await waitFor(win, 'the code page', `return !!document.querySelector('${tid('sandbox-run')}')`, 30_000);
      await win.run(
        `const s = document.querySelector('${tid('problem-set')}'); s.value = ${JSON.stringify(set)};
         s.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
      );
      await waitFor(
        win,
        `the ${runtime} set to be chosen`,
        `return document.querySelector('${tid('sandbox-language')}')?.textContent.includes(${JSON.stringify(runtime)})`,
        10_000,
      );
      const { rows, cases } = await runSandboxCheck(win, `the ${runtime} sandbox check`, 300_000);
      const count = (kind: string, outcome: string) => rows.filter((r) => r.kind === kind && r.outcome === outcome).length;
      check(count('canonical', 'pass') === 5, `canonical solutions passing: ${count('canonical', 'pass')} of 5`);
      check(count('wrong', 'fail') === 5, `wrong or empty bodies failing: ${count('wrong', 'fail')} of 5`);
      check(count('looping', 'timeout') === 1, 'the looping solution timed out');
      check(cases.length >= minCases, `${cases.length} containment programs ran`);
      const bad = cases.filter((c) => c.ok !== 'true');
      check(bad.length === 0, `not contained: ${bad.map(describeRow).join(', ')}`);
      check(canary.hits.length === 0, `requests reached the listener: ${canary.hits.join(', ')}`);
      await checkWorkersStopped(engine, leftovers);
    },
  };
}

export const jsSandboxCheck = wasmSandboxCheck(
  'the JavaScript (QuickJS) sandbox check agrees with the oracle on HumanEval-X and contains every hostile program',
  'hub:THUDM/humaneval-x-js',
  'QuickJS',
  20,
);

export const tsSandboxCheck = wasmSandboxCheck(
  'the TypeScript (sucrase, then QuickJS) sandbox check agrees with the oracle and contains every hostile program',
  'bundled-multipl-e-ts',
  'sucrase',
  25,
);

export const luaSandboxCheck = wasmSandboxCheck(
  'the Lua (wasmoon) sandbox check agrees with the oracle and contains every hostile program',
  'bundled-multipl-e-lua',
  'wasmoon',
  20,
  {
    engine: 'webkit',
    count: 1,
    why: 'lua-c-loop: a pattern match inside C reaches no JavaScript, where JavaScriptCore could stop its worker',
  },
);

export const operatorsLab: Step = {
  name: 'the operators lab applies every operator at batch size 1',
  async run({ win, base }) {
    await win.goto(`${base}/#/operators`);
    await waitFor(win, 'the lab', `const b = document.querySelector('${tid('lab-run')}'); return b && !b.disabled`, 60_000);
    await win.fill(tid('lab-batches'), '1');
    await win.click(tid('lab-run'));
    await waitFor(
      win,
      'the lab to start',
      `return !!(document.querySelector('${tid('lab-progress')}') || document.querySelector('${tid('lab-row')}'))`,
      30_000,
    );
    const end = await waitFor<string>(
      win,
      'the lab to finish',
      `const e = document.querySelector('${tid('lab-error')}'); if (e) return 'error: ' + e.textContent.trim();
       return document.querySelector('${tid('lab-progress')}') ? null : 'done';`,
      // 22–33 s by hand, 90–128 s with both cores busy elsewhere (docs/testing.md).
      300_000,
    );
    check(end === 'done', end);
    const rows = await win.run<{ id: string; error: boolean }[]>(
      `return [...document.querySelectorAll('${tid('lab-row')}')].map((r) => ({ id: r.dataset.variant, error: !!r.querySelector('${tid('lab-row-error')}') }));`,
    );
    check(rows.length === 13, `${rows.length} variants of 13`);
    const failed = rows.filter((r) => r.error).map((r) => r.id);
    check(failed.length === 0, `variants that failed: ${failed.join(', ')}`);
  },
};

export const roomWithOnePhone: Step = {
  name: 'a room with one phone: the phone joins, runs and reports, the presenter sees it',
  async run({ engine, win, base }) {
    await win.goto(link(base, ENCODER_PLAN));
    await waitFor(win, 'the benchmark page', `return !!document.querySelector('${tid('model-select')}')`, 30_000);
    await win.click(tid('nav-rooms'));
    await waitFor(
      win,
      'the rooms page',
      `return document.querySelector('${tid('room-plan-preview')}')?.textContent.includes('${ENCODER_PLAN.model}')`,
      30_000,
    );
    await win.fill(tid('room-title-input'), `${engine.name} room`);
    await win.click(tid('create-room'));
    const joinUrl = await waitFor<string>(
      win,
      'the presenter screen',
      `return document.querySelector('${tid('join-url')}')?.innerText.trim()`,
      30_000,
    );
    // The phone is a second window (a background tab would be hidden, and its run flagged).
    const phone = await engine.window();
    try {
      await phone.goto(joinUrl);
      await waitFor(
        phone,
        'the join page',
        `return document.querySelector('${tid('join-title')}')?.textContent === '${engine.name} room'`,
        30_000,
      );
      await waitFor(
        win,
        'the presenter to count the phone',
        `return document.querySelector('${tid('count-joined')}')?.textContent.trim() === '1'`,
        30_000,
      );
      // The phone's readiness: threads only where it can share WebAssembly memory (WebKit counted as "with threads"
      // from its isolation alone before the fix).
      const threads = (await engineFacts(phone)).sharedMemory ? 1 : 0;
      const ready = await waitFor<string>(
        win,
        'the readiness count',
        `return document.querySelector('${tid('room-readiness')}')?.textContent.replace(/\\s+/g, ' ').trim() || null`,
        30_000,
      );
      check(ready.startsWith(`1 reported: 0 with WebGPU, ${threads} with threads`), `readiness: ${ready}`);
      await phone.click(tid('join-run'));
      const end = await waitFor<string>(
        phone,
        'the phone to send its result',
        `const e = document.querySelector('${tid('join-error')}'); if (e) return 'error: ' + e.textContent.trim();
         return document.querySelector('${tid('join-sent')}') ? 'sent' : null;`,
        240_000,
      );
      check(end === 'sent', end);
    } finally {
      await phone.close();
    }
    await waitFor(
      win,
      'the presenter to show the result',
      `return document.querySelector('${tid('count-finished')}')?.textContent.trim() === '1'`,
      30_000,
    );
    // The leaderboard (key 2) ranks the phone's device class, or says the run was flagged and left out: on a loaded
    // 2-core machine a tiny model's run can be flagged (drift, a coarse timer) in any engine. A one-thread WebKit run
    // is informational and stays in.
    await presenterKey(win, '2');
    const board = await waitFor<string>(
      win,
      'the leaderboard',
      `const rows = document.querySelectorAll('${tid('leaderboard')} tbody tr').length;
       const flagged = document.querySelector('${tid('flagged-note')}')?.textContent ?? '';
       return rows ? 'ranked ' + rows : /^\\s*1 run flagged/.test(flagged) ? 'flagged' : null;`,
      10_000,
    );
    check(board === 'ranked 1' || board === 'flagged', `the leaderboard: ${board}`);
    // The devices view (key 4) names the phone's engine; before the engine was recorded it had no such column.
    await presenterKey(win, '4');
    const shown = await waitFor<string>(
      win,
      'the devices view',
      `return document.querySelector('${tid('room-result-engine')}')?.textContent.trim() || null`,
      10_000,
    );
    check(shown === ENGINE_NAMES[BROWSER_ENGINE[engine.name]], `the presenter names the engine "${shown}"`);
  },
};

const BROWSER_ENGINE: Record<EngineName, BrowserEngine> = { firefox: 'gecko', webkit: 'webkit' };

/** Presses one of the presenter screen's view keys. */
async function presenterKey(win: EngineWindow, key: string): Promise<void> {
  await win.run(`window.dispatchEvent(new KeyboardEvent('keydown', { key: '${key}' })); return true;`);
}

export const generatorShareLink: Step = {
  name: 'a generator share link runs transformers.js on open',
  async run({ win, base }) {
    await win.goto(link(base, GENERATOR_PLAN, { autorun: '1' }));
    await waitForRun(win);
    const result = await exportedResult(win);
    check(result.model.id === GENERATOR_PLAN.model, `model ${result.model.id}`);
    check(
      result.points.every((p) => p.generation?.newTokens === 4),
      'four new tokens per point',
    );
    // transformers.js takes its thread count from the same test as onnxruntime-web; WebKit recorded 4 before the fix.
    await checkThreads(win, result);
  },
};

export const profiledRun: Step = {
  name: 'a profiled share link shows where the time went, from the trace of onnxruntime in this engine',
  async run({ win, base }) {
    // The profiler's records reach the app through console.log in the worker (src/workers/ort/ort-stdout.ts): each
    // engine's console and worker plumbing must hand them over.
    await win.goto(link(base, { ...ENCODER_PLAN, batches: '2' }, { autorun: '1', profile: '1' }));
    await waitForRun(win);
    const result = await exportedResult(win);
    const profile = result.profile;
    check(profile !== undefined, `no profile in the export: ${result.notes.join('; ')}`);
    check(profile!.batches.map((b) => b.batchSize).join() === '2', 'a profile of batch 2');
    check(profile!.clock === 'cpu' && profile!.layers === 4, `clock ${profile!.clock}, ${profile!.layers} layers`);
    const shown = await win.run<{ opMs: number; wallMs: number; layers: string[] }>(`
      const ops = [...document.querySelectorAll('${tid('profile-op-row')}')];
      return {
        opMs: ops.reduce((s, r) => s + Number(r.dataset.ms), 0),
        wallMs: Number(document.querySelector('${tid('profile-coverage')}').dataset.wallMs),
        layers: [...document.querySelectorAll('${tid('profile-layer-row')}')].map((r) => r.dataset.layer),
      };`);
    // Loose on purpose: the point is that the profile exists and adds up in this engine (Firefox 93%, WebKit 92%
    // when first checked by hand; Chromium's e2e holds the 90% bar).
    const coverage = shown.opMs / shown.wallMs;
    check(coverage > 0.5 && coverage <= 1, `op time ${shown.opMs.toFixed(2)} ms of ${shown.wallMs.toFixed(2)} ms wall`);
    check(shown.layers.join() === '0,1,2,3,none', `layers ${shown.layers.join()}`);
  },
};

export const offlineReload: Step = {
  name: 'with the server gone, the first-visit share link reloads and runs from what the visit kept',
  retry: false,
  async run({ win, base, stopServer }) {
    // The visitor comes back in a new tab while the server is still up: the service worker takes the page.
    await win.goto(`${base}/`);
    await waitFor(win, 'the service worker to control the page', 'return Boolean(navigator.serviceWorker.controller)', 30_000);
    await stopServer();
    // The share link of the first step, opened again with no server: the app, the runtime and the model all come
    // from what that first visit kept (before the fix, a first visit straight to an autorun link kept no model).
    await win.goto(link(base, FIRST_VISIT_PLAN, { autorun: '1' }));
    await waitForRun(win);
    const status = await win.run<string>(`return document.querySelector('${tid('offline-status')}')?.textContent ?? ''`);
    check(/offline/i.test(status), `the page says it is offline: ${status}`);
  },
};

export const STEPS: readonly Step[] = [
  benchmarkShareLink,
  sandboxCheck,
  jsSandboxCheck,
  tsSandboxCheck,
  luaSandboxCheck,
  operatorsLab,
  roomWithOnePhone,
  generatorShareLink,
  offlineReload,
];

/**
 * Steps run only when named with --only (by hand, not by npm test). The profiled step passes in both engines, but the
 * one CI run that had it before the offline step saw Firefox's offline session creation hang (docs/testing.md), and
 * that is not understood yet.
 */
export const EXTRA_STEPS: readonly Step[] = [profiledRun];
