// Makes every JavaScript Error an exception to Pyodide (interpreter worker; Node tests). WebKit's own errors (a fetch
// the sandbox's policy refused, an import() that failed) carry no `stack`, and Pyodide (314.0.7,
// JsProxy_compute_typeflags in pyodide.asm.mjs) takes a JS object for an error only when it has a name, a message and
// a stack somewhere on its prototype chain. Awaiting such a rejection handed asyncio a plain proxy ("invalid exception
// object" in _pyodide/_future_helper.py) and the interpreter died. An empty stack on Error.prototype fixes that; an
// instance's own stack still wins. It changes what Python sees of a refusal, never what is refused.

/** Gives `proto` (Error.prototype) an empty `stack` where the engine has none there; true when it did. */
export function giveErrorsAStack(proto: object = Error.prototype): boolean {
  if ('stack' in proto) return false;
  Object.defineProperty(proto, 'stack', {
    get: () => '',
    // Setting a stack (Pyodide does, on errors it makes) gives that error its own, as without this getter.
    set(this: object, value: unknown) {
      Object.defineProperty(this, 'stack', { value, writable: true, configurable: true });
    },
    configurable: true,
  });
  return true;
}
