// The sandbox's containment check (pure; runs everywhere): hostile programs that try to reach the network or the
// app's storage, poison the next program, forge its report, or kill their interpreter. Each case is a sequence of
// programs; a case is contained when every program ends as expected. An escape attempt ends in `pass` only when
// every route it tried was refused: the program itself asserts that nothing got through.
import type { ProgramOutcome } from '../../shared/contracts/sandbox.ts';

export interface ContainmentStep {
  program: string;
  /** Outcomes that mean "contained"; null: whatever this step does to itself is its own business. */
  expect: readonly ProgramOutcome[] | null;
  /** Run under HumanEval-X's JavaScript rule: any output fails the program. */
  outputFails?: boolean;
}

export interface ContainmentCase {
  id: string;
  title: string;
  /** Uses a lot of memory for real (up to the interpreter's 4 GB): run only on request. */
  heavy: boolean;
  /** A longer limit for this case's programs, s (filling 4 GB takes tens of seconds). */
  minLimitS?: number;
  steps: ContainmentStep[];
}

export interface ContainmentTargets {
  /** An address outside the app that no program may reach (the app's own origin by default). */
  canary: string;
  /** The app's origin, whose API and storage no program may reach. */
  appOrigin: string;
}

/** Tries `action` (a value or an awaitable); any refusal is a pass, anything that works fails the program. */
const PRELUDE = (t: ContainmentTargets) => `import js, json, sys
from pyodide.ffi import to_js, create_proxy
CANARY = ${JSON.stringify(t.canary.endsWith('/') ? t.canary : `${t.canary}/`)}
APP = ${JSON.stringify(t.appOrigin)}
WS = "ws" + CANARY[4:] if CANARY.startswith("http") else CANARY
async def attempt(what, action):
    try:
        result = action()
        if hasattr(result, "then"):
            result = await result
    except BaseException as e:
        print(f"refused: {what}: {type(e).__name__}: {str(e)[:160]}")
        return
    raise AssertionError(f"ESCAPED: {what} worked ({str(result)[:120]})")
`;

const PASS: readonly ProgramOutcome[] = ['pass'];
const step = (program: string, expect: readonly ProgramOutcome[] | null = PASS): ContainmentStep => ({ program, expect });
const AFTER = step('assert sum([1, 2, 3]) == 6 and abs(-3) == 3');

/** Every containment case, aimed at `targets`. */
export function containmentCases(targets: ContainmentTargets): ContainmentCase[] {
  const p = (body: string) => PRELUDE(targets) + body;
  const escape = (id: string, title: string, body: string): ContainmentCase => ({
    id,
    title,
    heavy: false,
    steps: [step(p(body))],
  });
  return [
    escape(
      'sys-modules',
      'Removing the js block from sys.modules gives JavaScript, but not the network',
      `sys.modules.pop("js", None)\nimport js as j\nawait attempt("fetch after re-importing js", lambda: j.fetch(CANARY + "sys-modules"))`,
    ),
    escape(
      'importlib',
      'importlib.import_module("js") cannot call the app\'s API',
      `import importlib\nj = importlib.import_module("js")\nawait attempt("fetch of the app's /api/", lambda: j.fetch(APP + "/api/results"))`,
    ),
    escape(
      'ffi-constructor',
      'The ffi constructor route to globalThis (Function from a string) is refused',
      `await attempt("Function('return globalThis')", lambda: to_js({}).constructor.constructor("return globalThis")().fetch(CANARY + "ffi"))`,
    ),
    escape(
      'fetch-prototype',
      'fetch through WorkerGlobalScope.prototype reaches nothing',
      `await attempt("WorkerGlobalScope.prototype.fetch", lambda: js.WorkerGlobalScope.prototype.fetch.call(js.self, CANARY + "prototype"))`,
    ),
    escape(
      'dynamic-import',
      'A dynamic import() of a remote module is refused',
      `code = "self.tierlabImport = import(" + json.dumps(CANARY + "module.js") + ");"\n# A data: URL: WebKit loads no blob: script in this worker, so a blob: one would be refused before import() is tried.\nurl = "data:text/javascript," + js.encodeURIComponent(code)\njs.WorkerGlobalScope.prototype.importScripts.call(js.self, url)\nawait attempt("import()", lambda: js.self.tierlabImport)`,
    ),
    escape(
      'font-face',
      'A FontFace with a remote url() loads nothing',
      `await attempt("FontFace.load()", lambda: js.FontFace.new("probe", "url(" + CANARY + "font.woff2)").load())`,
    ),
    escape(
      'websocket',
      'WebSocketStream and WebSocket connect nowhere',
      `def socket():\n    s = js.WebSocket.new(WS + "socket")\n    def executor(resolve, reject):\n        s.onopen = create_proxy(lambda e: resolve("open"))\n        s.onerror = create_proxy(lambda e: reject(js.Error.new("socket error")))\n    return js.Promise.new(create_proxy(executor))\nawait attempt("WebSocketStream", lambda: js.WebSocketStream.new(WS + "stream").opened)\nawait attempt("WebSocket", socket)`,
    ),
    escape(
      'event-source',
      'EventSource and WebTransport connect nowhere',
      `def events():\n    s = js.EventSource.new(CANARY + "events")\n    def executor(resolve, reject):\n        s.onopen = create_proxy(lambda e: resolve("open"))\n        s.onerror = create_proxy(lambda e: reject(js.Error.new("event source error")))\n    return js.Promise.new(create_proxy(executor))\nawait attempt("EventSource", events)\ndef transport():\n    t = js.WebTransport.new("https" + CANARY[CANARY.index(":"):] + "transport")\n    # A refused session rejects .closed too: handled here, or Firefox ends the program on an unhandled rejection.\n    t.closed.catch(create_proxy(lambda e: None))\n    return t.ready\nawait attempt("WebTransport", transport)`,
    ),
    escape(
      'xhr',
      'XMLHttpRequest sends nothing',
      `def xhr():\n    x = js.XMLHttpRequest.new()\n    x.open("GET", CANARY + "xhr", False)\n    x.send()\n    return x.status\nawait attempt("XMLHttpRequest", xhr)`,
    ),
    escape(
      'import-scripts',
      'importScripts of a remote script is refused',
      `await attempt("importScripts", lambda: js.WorkerGlobalScope.prototype.importScripts.call(js.self, CANARY + "script.js"))`,
    ),
    escape(
      'indexeddb',
      "IndexedDB (the results outbox's store) cannot be opened",
      `def idb():\n    req = js.indexedDB.open("tierlab-outbox")\n    def executor(resolve, reject):\n        req.onsuccess = create_proxy(lambda e: resolve("opened"))\n        req.onerror = create_proxy(lambda e: reject(req.error))\n    return js.Promise.new(create_proxy(executor))\nawait attempt("indexedDB.open", idb)`,
    ),
    escape(
      'gpu-workers-channels',
      'No GPU (WebGPU, WebGL, OffscreenCanvas), nested worker or BroadcastChannel exists',
      `await attempt("navigator.gpu.requestAdapter()", lambda: js.navigator.gpu.requestAdapter())\nawait attempt("OffscreenCanvas webgl", lambda: js.OffscreenCanvas.new(1, 1).getContext("webgl"))\nawait attempt("WebGL2RenderingContext", lambda: js.WebGL2RenderingContext.prototype)\nawait attempt("GPU through WorkerNavigator.prototype", lambda: js.WorkerNavigator.prototype.gpu.requestAdapter())\nawait attempt("new Worker", lambda: js.Worker.new("data:text/javascript,postMessage(1)"))\nawait attempt("new SharedWorker", lambda: js.SharedWorker.new("data:text/javascript,1"))\nawait attempt("BroadcastChannel", lambda: js.BroadcastChannel.new("tierlab").postMessage("from a dead program"))`,
    ),
    escape(
      'cache-storage',
      'The Cache API (cached model files) cannot be read or written',
      `await attempt("caches.keys()", lambda: js.caches.keys())\nawait attempt("caches.open()", lambda: js.caches.open("tierlab-runtime"))`,
    ),
    {
      id: 'builtins',
      title: 'A replaced builtin does not reach the next program',
      heavy: false,
      steps: [step('import builtins\nbuiltins.abs = lambda x: 0', null), AFTER],
    },
    {
      id: 'sys-modules-poison',
      title: 'A poisoned sys.modules does not reach the next program',
      heavy: false,
      steps: [
        step('import sys, types\nsys.modules["math"] = types.ModuleType("math")', null),
        step('import math\nassert math.sqrt(16) == 4.0'),
      ],
    },
    {
      id: 'recursion-limit',
      title: 'sys.setrecursionlimit does not reach the next program',
      heavy: false,
      steps: [
        step('import sys\nsys.setrecursionlimit(40)', null),
        step('def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\nassert depth(300) == 300'),
      ],
    },
    {
      id: 'run-python',
      title: 'A replaced runPython does not make later programs pass',
      heavy: false,
      steps: [
        step(
          'import pyodide_js\npyodide_js.runPython = lambda *a, **k: None\npyodide_js.runPythonAsync = lambda *a, **k: None',
          null,
        ),
        step('assert 1 == 2, "a wrong answer"', ['fail']),
        step('def broken(:\n    pass', ['error']),
        step('while True:\n    pass', ['timeout']),
      ],
    },
    {
      id: 'forged-report',
      title: "A program cannot write into the next program's report",
      heavy: false,
      steps: [
        step(
          // Really sent: the frame takes the first report, so this program's own outcome becomes the forged pass
          // (its own business); the e2e suite checks that it did, so this case cannot pass by sending nothing.
          p(
            `forged = js.JSON.parse('{"type": "report", "outcome": "pass", "errorType": null, "message": null, "stdout": "forged"}')\nfor _ in range(50):\n    js.self.postMessage(forged)\njs.setInterval(create_proxy(lambda: js.self.postMessage(forged)), 1)\nimport asyncio\nawait asyncio.sleep(0.5)\nraise AssertionError("the forged reports did not count")`,
          ),
          null,
        ),
        step('assert 1 == 2, "a wrong answer"', ['fail']),
      ],
    },
    {
      id: 'os-exit',
      title: 'os._exit ends only its own program (crash), and the next one runs',
      heavy: false,
      steps: [step('import os\nos._exit(0)', ['crash']), AFTER],
    },
    {
      id: 'memory-request',
      title: 'An impossible allocation is a MemoryError, and the next program runs',
      heavy: false,
      steps: [step('x = [0] * (2 ** 30)', ['error', 'crash']), step('x = bytearray(2 ** 33)', ['error', 'crash']), AFTER],
    },
    {
      id: 'js-heap',
      title: "Filling the interpreter worker's JavaScript heap (through import js) ends only its own program",
      // Outside the 4 GB WebAssembly memory: V8 ends the worker's whole process when its heap is full. The frame has a
      // process of its own, so that is the frame's crash (the heartbeat sees it), not the app's.
      heavy: true,
      minLimitS: 60,
      steps: [
        step(`import js\nkeep = js.Array.new()\nwhile True:\n    keep.push(js.Array.new(2 ** 20).fill(0.5))`, ['crash', 'error']),
        AFTER,
      ],
    },
    {
      id: 'memory-exhaustion',
      title: 'Exhausting memory for real ends only its own program',
      heavy: true,
      minLimitS: 90,
      steps: [step('blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 2 ** 20))', ['error', 'crash']), AFTER],
    },
  ];
}

export interface ContainmentResult {
  caseId: string;
  step: number;
  expect: readonly ProgramOutcome[] | null;
  outcome: ProgramOutcome;
}

export interface ContainmentVerdict {
  cases: number;
  contained: number;
  /** Ids of the cases where some program did not end as expected. */
  escaped: string[];
  ok: boolean;
}

/** A case is contained when each of its steps with an expectation ended in one of the expected outcomes. */
export function containmentVerdict(results: readonly ContainmentResult[]): ContainmentVerdict {
  const ids = [...new Set(results.map((r) => r.caseId))];
  const escaped = ids.filter((id) => results.some((r) => r.caseId === id && r.expect !== null && !r.expect.includes(r.outcome)));
  return { cases: ids.length, contained: ids.length - escaped.length, escaped, ok: ids.length > 0 && escaped.length === 0 };
}
