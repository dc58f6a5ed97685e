// The JavaScript sandbox's containment check (pure; runs everywhere): hostile programs for the QuickJS realm. QuickJS
// is given no host API but console's two writers, which the prelude removes from the global object, so the first
// case checks the realm's global names against ECMAScript's list, and the escape cases try every browser API a
// program could hope for (the frame's and its worker's included) by name, through the Function constructor and
// through indirect eval. The rest are the same attacks as Python's: state left for the next program, a forged
// report, an endless loop, a runaway recursion, memory exhaustion.
import type { ContainmentCase, ContainmentStep, ContainmentTargets } from './sandbox-containment.ts';
import type { ProgramOutcome, QuickJsDialect } from '../../shared/contracts/sandbox.ts';

/**
 * The global names a fresh realm may hold: QuickJS's ECMAScript built-ins (quickjs-emscripten 0.32's release build),
 * plus the prelude's console and require. Anything else is a host object that leaked in.
 */
export const JS_REALM_GLOBALS: readonly string[] = [
  ...'Error EvalError RangeError ReferenceError SyntaxError TypeError URIError InternalError AggregateError'.split(' '),
  ...'Array Object Function Iterator parseInt parseFloat isNaN isFinite decodeURI decodeURIComponent encodeURI'.split(' '),
  ...'encodeURIComponent escape unescape Infinity NaN undefined eval Number Boolean String Math Reflect Symbol'.split(' '),
  ...'globalThis BigInt Date RegExp JSON Proxy Map Set WeakMap WeakSet ArrayBuffer SharedArrayBuffer'.split(' '),
  ...'Uint8ClampedArray Int8Array Uint8Array Int16Array Uint16Array Int32Array Uint32Array BigInt64Array'.split(' '),
  ...'BigUint64Array Float16Array Float32Array Float64Array DataView Promise WeakRef FinalizationRegistry'.split(' '),
  'console',
  'require',
];

/** Browser APIs that reach the network, storage, other programs, the GPU or time: none may exist in the realm. */
export const JS_FORBIDDEN_APIS: readonly string[] = [
  ...'fetch XMLHttpRequest WebSocket WebSocketStream EventSource WebTransport RTCPeerConnection importScripts'.split(' '),
  ...'navigator location self window document postMessage close Worker SharedWorker BroadcastChannel'.split(' '),
  ...'MessageChannel indexedDB caches localStorage sessionStorage cookieStore FontFace Image Request'.split(' '),
  ...'OffscreenCanvas WebGLRenderingContext GPU setTimeout setInterval queueMicrotask requestAnimationFrame'.split(' '),
  ...'performance crypto Atomics WebAssembly'.split(' '),
  '__tierlabOut',
  '__tierlabErr',
];

/** Tries `action` (a value or a promise); any refusal is a pass, anything that works fails the program. In
 *  TypeScript the helpers carry types, so a program that ran without its types erased would fail to parse. */
const PRELUDE = (
  t: ContainmentTargets,
  ts: boolean,
) => `const CANARY${ts ? ': string' : ''} = ${JSON.stringify(t.canary.endsWith('/') ? t.canary : `${t.canary}/`)};
const APP${ts ? ': string' : ''} = ${JSON.stringify(t.appOrigin)};
const refusals${ts ? ': string[]' : ''} = [];
const escaped = (what${ts ? ': string' : ''}, result${ts ? ': unknown' : ''}) => {
  const e = new Error('ESCAPED: ' + what + ' worked (' + String(result).slice(0, 120) + ')');
  e.name = 'AssertionError';
  return e;
};
async function attempt(what${ts ? ': string' : ''}, action${ts ? ': () => any' : ''}) {
  let result;
  try {
    result = action();
    if (result && typeof result.then === 'function') result = await result;
  } catch (e) {
    refusals.push(what + ': ' + (e && e.name) + ': ' + String(e && e.message).slice(0, 160));
    return;
  }
  throw escaped(what, result);
}
`;

const PASS: readonly ProgramOutcome[] = ['pass'];
const step = (program: string, expect: readonly ProgramOutcome[] | null = PASS, outputFails = false): ContainmentStep => ({
  program,
  expect,
  ...(outputFails ? { outputFails } : {}),
});
const AFTER = step(
  `if ([1, 2, 3].reduce((a, b) => a + b) !== 6 || Math.abs(-3) !== 3 || JSON.stringify({ a: [1] }) !== '{"a":[1]}')\n  throw new Error('the next program saw a broken realm');`,
);

/**
 * Every JavaScript containment case, aimed at `targets`. Async cases end on a promise, whose rejection fails them.
 * TypeScript gets the same cases (ids `ts-…`, helpers typed) and one for its transpiler: a program that makes the
 * transpiler itself fail ends only that program.
 */
export function jsContainmentCases(targets: ContainmentTargets, dialect: QuickJsDialect = 'javascript'): ContainmentCase[] {
  const ts = dialect === 'typescript';
  const p = (body: string) =>
    `${PRELUDE(targets, ts)}(async () => {\n${body}\nconsole.log('refused: ' + refusals.length + ' attempts, the last ' + refusals.at(-1));\n})();`;
  const cases = jsCases(targets, p);
  if (!ts) return cases;
  return [
    ...cases.map((c) => ({ ...c, id: c.id.replace(/^js-/, 'ts-') })),
    {
      id: 'ts-transpiler',
      title: 'A program the transpiler cannot take (100,000 nested brackets, a bad type, a namespace) ends only itself',
      heavy: false,
      steps: [
        step(`const x = ${'('.repeat(100_000)}1${')'.repeat(100_000)};`, ['error', 'crash']),
        step('let n: = 1;', ['error']),
        step(
          `enum Tier { Mobile, Edge, Cloud }\nclass Cost { constructor(private per: number) {} of(t: Tier): number { return t * this.per; } }\nconst pick = <T,>(xs: T[]): T => xs[0] as T;\nif (new Cost(2).of(Tier.Cloud) !== 4 || pick<number>([7]) !== 7 || Tier[1] !== 'Edge') throw new Error('TypeScript ran wrong');`,
        ),
        // The transpiler would drop a namespace that holds values; the program is refused, not run without it.
        step('namespace Cost { export const per = 2; }\nif (Cost.per !== 2) throw new Error("dropped");', ['error']),
        AFTER,
      ],
    },
  ];
}

function jsCases(targets: ContainmentTargets, p: (body: string) => string): ContainmentCase[] {
  const escape = (id: string, title: string, body: string): ContainmentCase => ({
    id,
    title,
    heavy: false,
    steps: [step(p(body))],
  });
  const names = JSON.stringify(JS_FORBIDDEN_APIS);
  return [
    escape(
      'js-globals',
      "The realm's globals are ECMAScript's, console and require, nothing else",
      `const allowed = new Set(${JSON.stringify(JS_REALM_GLOBALS)});\n// attempt: this case's own helper, a function declaration.\nconst extra = Object.getOwnPropertyNames(globalThis).filter((k) => !allowed.has(k) && k !== 'attempt');\nif (extra.length) throw escaped('host globals in the realm', extra.join(', '));\nrefusals.push('no global beyond ECMAScript, console and require');`,
    ),
    escape(
      'js-network-apis',
      'fetch, XMLHttpRequest, sockets, workers, storage, timers and the GPU do not exist',
      `for (const name of ${names}) {\n  await attempt(name + '()', () => globalThis[name](CANARY + name));\n  await attempt('new ' + name, () => new globalThis[name](CANARY + name));\n}`,
    ),
    escape(
      'js-function-constructor',
      "Function('return this') and indirect eval give the same bare realm",
      `const realms = [Function('return this')(), (0, eval)('this'), (function () { return this; })()];\nfor (const g of realms) {\n  if (g !== globalThis) throw escaped('another global object', g);\n  await attempt('fetch through another route', () => g.fetch(CANARY + 'function'));\n  await attempt('self.postMessage', () => g.self.postMessage({ type: 'report', outcome: 'pass' }));\n}`,
    ),
    escape(
      'js-dynamic-import',
      'import() of a remote, data: or relative module is refused',
      `for (const url of [CANARY + 'module.js', 'data:text/javascript,export default 1', './frame.js', APP + '/assets/index.js'])\n  await attempt('import(' + url + ')', () => import(url));`,
    ),
    escape(
      'js-host-writers',
      "console's host writers are out of reach: only console itself holds them",
      `await attempt('__tierlabOut', () => __tierlabOut('forged'));\nawait attempt('globalThis.__tierlabErr', () => globalThis.__tierlabErr('forged'));\nconst scope = Object.getOwnPropertyNames(console.log).filter((k) => !['length', 'name'].includes(k));\nif (scope.length) throw escaped('own properties on console.log', scope.join(','));`,
    ),
    {
      id: 'js-state',
      title: 'Globals, prototypes, console and require replaced by one program do not reach the next',
      heavy: false,
      steps: [
        step(
          `globalThis.leak = 42;\nObject.prototype.poison = 1;\nArray.prototype.includes = () => true;\nMath.abs = () => 0;\nJSON.stringify = () => '{"a":[1]}';\nconsole.log = () => {};\nconsole.assert = () => {};\nrequire = () => ({ strictEqual() {}, deepStrictEqual() {}, ok() {} });`,
          null,
        ),
        step(
          `if (typeof leak !== 'undefined' || 'poison' in {} || [1].includes(2) || Math.abs(-3) !== 3)\n  throw new Error('state carried over from the program before');`,
        ),
        step(`console.assert(1 === 2);`, ['fail'], true),
        step(`require('assert').strictEqual(1, 2);`, ['fail']),
      ],
    },
    {
      id: 'js-forged-report',
      title: "A program's report-shaped output does not change its outcome",
      heavy: false,
      steps: [
        step(
          `console.log(JSON.stringify({ type: 'report', outcome: 'pass', errorType: null, message: null, stdout: '' }));\nthrow new Error('a wrong answer');`,
          ['error'],
        ),
        step(`console.log(JSON.stringify({ type: 'result', id: 1, run: { outcome: 'pass' } }));`, ['fail'], true),
      ],
    },
    {
      id: 'js-loops',
      title: 'Endless loops, sync, async and in a regular expression, stop at the limit',
      heavy: false,
      steps: [
        step('for (;;) {}', ['timeout']),
        step('(async () => { for (;;) await null; })();', ['timeout']),
        step("/(a+)+$/.test('a'.repeat(40) + 'b');", ['timeout']),
        AFTER,
      ],
    },
    {
      id: 'js-stack',
      title: 'A fair recursion runs; a runaway one ends only itself (a stack overflow), and the next program runs',
      heavy: false,
      steps: [
        step('const depth = (n) => (n === 0 ? 0 : 1 + depth(n - 1));\nif (depth(600) !== 600) throw new Error("depth");'),
        step('const f = (n) => f(n + 1) + 1;\nf(0);', ['error', 'crash']),
        AFTER,
      ],
    },
    {
      id: 'js-memory',
      title: 'Exhausting memory stops at the interpreter limit, and the next program runs',
      heavy: false,
      // Filling the 256 MB heap takes about 1.6 s on a 2-core machine: longer than a short limit.
      minLimitS: 15,
      steps: [
        step('new ArrayBuffer(2 ** 31);', ['error']),
        step("'x'.repeat(2 ** 28);", ['error']),
        step('const blocks = [];\nfor (;;) blocks.push(new Float64Array(1 << 20));', ['error']),
        AFTER,
      ],
    },
  ];
}
