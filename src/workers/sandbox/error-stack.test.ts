// What Pyodide makes of an Error without a stack (as WebKit rejects a refused fetch or import()), with and without
// giveErrorsAStack: a plain proxy, which asyncio refuses as "invalid exception object", or a JsException.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { giveErrorsAStack } from './error-stack.ts';

/** A TypeError as WebKit makes one natively: name and message, no stack anywhere. */
function stacklessError(message: string): object {
  const e = new TypeError(message);
  delete (e as { stack?: string }).stack;
  return e;
}

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide();
}, 120_000);

afterEach(() => {
  delete (Error.prototype as { stack?: string }).stack;
});

const isJsException = (value: object): boolean => {
  py.globals.set('value', value);
  return py.runPython('from pyodide.ffi import JsException\nisinstance(value, JsException)') as boolean;
};

describe('giveErrorsAStack', () => {
  it('without it, Pyodide does not take a stackless TypeError for an exception', () => {
    expect('stack' in Error.prototype).toBe(false);
    expect(isJsException(stacklessError('Load failed'))).toBe(false);
    expect(isJsException(new TypeError('with a stack'))).toBe(true);
  });

  it('with it, a stackless rejection awaited in Python raises a JsException the program can catch', async () => {
    expect(giveErrorsAStack()).toBe(true);
    expect(giveErrorsAStack()).toBe(false);
    expect(isJsException(stacklessError('Load failed'))).toBe(true);
    py.globals.set('refused', () => Promise.reject(stacklessError('Refused to connect')));
    const caught = await py.runPythonAsync(`
try:
    await refused()
    caught = "nothing raised"
except Exception as e:
    caught = type(e).__name__ + ": " + str(e)
caught`);
    expect(caught).toBe('JsException: TypeError: Refused to connect');
  });

  it('keeps an own stack, and lets one be set where there was none', () => {
    giveErrorsAStack();
    const e = new Error('x');
    expect(e.stack).toMatch(/^Error: x/);
    const bare = stacklessError('y') as { stack?: string };
    expect(bare.stack).toBe('');
    bare.stack = 'set later';
    expect(bare.stack).toBe('set later');
    expect(Object.getOwnPropertyDescriptor(bare, 'stack')?.value).toBe('set later');
  });
});
