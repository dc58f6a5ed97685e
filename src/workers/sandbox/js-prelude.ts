// What a JavaScript program's QuickJS realm starts with (interpreter worker; also Node tests): console and a require()
// that knows only `assert`, evaluated before the program in the same fresh realm. QuickJS itself has no network, DOM,
// timers, module loader or host objects; this adds only two host functions (write to stdout, write to stderr), which
// the prelude captures and removes from the global object before the program runs. Everything here is the
// program's own to break: it runs in the program's realm, and the program can only spoil its own outcome.

/** The host functions' names while the prelude runs (deleted before the program starts). */
export const HOST_OUT = '__tierlabOut';
export const HOST_ERR = '__tierlabErr';

/**
 * console as Node prints it, for the harness rules that read output: log, info and debug go to stdout; error and
 * warn to stderr; console.assert(false, …) writes "Assertion failed" (and its message) to stderr and does not throw,
 * as in Node, which is why HumanEval-X's harness counts any output as a failure. require('assert') (also
 * 'node:assert', and its strict form) offers the assertions MultiPL-E's JavaScript tests call, throwing an
 * AssertionError as Node's does.
 */
export const JS_PRELUDE = String.raw`
(() => {
  const out = globalThis.${HOST_OUT};
  const err = globalThis.${HOST_ERR};
  delete globalThis.${HOST_OUT};
  delete globalThis.${HOST_ERR};
  const show = (v, depth) => {
    if (typeof v === 'string') return depth ? JSON.stringify(v) : v;
    if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
    if (typeof v === 'bigint') return String(v) + 'n';
    if (typeof v === 'symbol') return v.toString();
    if (v instanceof Error) return String(v.stack || v);
    if (Array.isArray(v)) return depth > 2 ? '[Array]' : '[ ' + v.map((x) => show(x, depth + 1)).join(', ') + ' ]';
    if (v && typeof v === 'object') {
      if (depth > 2) return '[Object]';
      try {
        return '{ ' + Object.keys(v).map((k) => k + ': ' + show(v[k], depth + 1)).join(', ') + ' }';
      } catch (e) {
        return '[Object]';
      }
    }
    return String(v);
  };
  const line = (args) => Array.prototype.map.call(args, (a) => show(a, 0)).join(' ') + '\n';
  globalThis.console = {
    log() { out(line(arguments)); },
    info() { out(line(arguments)); },
    debug() { out(line(arguments)); },
    error() { err(line(arguments)); },
    warn() { err(line(arguments)); },
    trace() { err(line(arguments)); },
    assert(ok, ...rest) {
      if (!ok) err(rest.length ? 'Assertion failed: ' + line(rest) : 'Assertion failed\n');
    },
  };

  class AssertionError extends Error {
    constructor(message, actual, expected, operator) {
      super(message);
      this.name = 'AssertionError';
      this.code = 'ERR_ASSERTION';
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
  }
  const fail = (message, actual, expected, operator) => {
    if (message instanceof Error) throw message;
    throw new AssertionError(
      message || show(actual, 1) + ' ' + operator + ' ' + show(expected, 1),
      actual,
      expected,
      operator,
    );
  };
  const isObject = (v) => v !== null && typeof v === 'object';
  // Node's isDeepStrictEqual for the values tests compare: primitives (Object.is), arrays, plain objects, Dates,
  // RegExps, Maps and Sets; prototypes must match. The loose form compares primitives with == as Node's deepEqual.
  const deep = (a, b, strict, seen) => {
    if (strict ? Object.is(a, b) : a == b || (a !== a && b !== b)) return true;
    if (!isObject(a) || !isObject(b)) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
    for (const [x, y] of seen) if (x === a && y === b) return true;
    seen.push([a, b]);
    if (a instanceof Map || b instanceof Map) {
      if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !deep(v, b.get(k), strict, seen)) return false;
      return true;
    }
    if (a instanceof Set || b instanceof Set) {
      if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
      outer: for (const v of a) {
        if (b.has(v)) continue;
        for (const w of b) if (deep(v, w, strict, seen)) continue outer;
        return false;
      }
      return true;
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deep(a[k], b[k], strict, seen)) return false;
    return true;
  };
  const throwsMatch = (e, expected) => {
    if (expected === undefined) return true;
    if (typeof expected === 'function') return expected.prototype !== undefined && e instanceof expected ? true : expected.prototype === undefined && expected(e) === true;
    if (expected instanceof RegExp) return expected.test(String(e));
    return isObject(expected) && Object.keys(expected).every((k) => deep(e[k], expected[k], true, []));
  };
  const make = (strict) => {
    const assert = (value, message) => { if (!value) fail(message, value, true, '=='); };
    assert.ok = assert;
    assert.AssertionError = AssertionError;
    assert.fail = (message) => fail(message || 'Failed', undefined, undefined, 'fail');
    assert.equal = strict
      ? (a, b, m) => { if (!Object.is(a, b)) fail(m, a, b, 'strictEqual'); }
      : (a, b, m) => { if (!(a == b || (a !== a && b !== b))) fail(m, a, b, '=='); };
    assert.notEqual = strict
      ? (a, b, m) => { if (Object.is(a, b)) fail(m, a, b, 'notStrictEqual'); }
      : (a, b, m) => { if (a == b || (a !== a && b !== b)) fail(m, a, b, '!='); };
    assert.strictEqual = (a, b, m) => { if (!Object.is(a, b)) fail(m, a, b, 'strictEqual'); };
    assert.notStrictEqual = (a, b, m) => { if (Object.is(a, b)) fail(m, a, b, 'notStrictEqual'); };
    assert.deepEqual = (a, b, m) => { if (!deep(a, b, strict, [])) fail(m, a, b, strict ? 'deepStrictEqual' : 'deepEqual'); };
    assert.notDeepEqual = (a, b, m) => { if (deep(a, b, strict, [])) fail(m, a, b, 'notDeepEqual'); };
    assert.deepStrictEqual = (a, b, m) => { if (!deep(a, b, true, [])) fail(m, a, b, 'deepStrictEqual'); };
    assert.notDeepStrictEqual = (a, b, m) => { if (deep(a, b, true, [])) fail(m, a, b, 'notDeepStrictEqual'); };
    assert.throws = (fn, expected, m) => {
      try { fn(); } catch (e) {
        if (!throwsMatch(e, expected)) throw e;
        return;
      }
      fail(typeof expected === 'string' ? expected : m || 'Missing expected exception.', undefined, expected, 'throws');
    };
    assert.doesNotThrow = (fn) => { fn(); };
    return assert;
  };
  const loose = make(false);
  loose.strict = make(true);
  loose.strict.strict = loose.strict;
  const modules = { assert: loose, 'node:assert': loose, 'assert/strict': loose.strict, 'node:assert/strict': loose.strict };
  globalThis.require = (name) => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    const e = new Error("Cannot find module '" + String(name) + "' (the sandbox offers only 'assert')");
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  };
})();
`;
