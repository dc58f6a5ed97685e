// TypeScript to JavaScript for the QuickJS sandbox (interpreter worker; also Node tests): sucrase's type erasure, no
// type checking. Sucrase keeps every line where it was, so an error's line number is the TypeScript source's. ES
// syntax is left as written (QuickJS runs ES2023); enums become the objects tsc would emit. Sucrase drops a namespace
// or `module` block that holds values without a word, so such a program is refused here instead of running wrong.
import { transform } from 'sucrase';

/** The options every TypeScript program is transpiled with (recorded beside the transpiler's version). */
export const TS_TRANSPILE_OPTIONS = { transforms: ['typescript'], disableESTransforms: true } as const;

/** `namespace A.B {` or `module A {` not after `declare` (a type-only block, which sucrase may drop). */
const VALUE_NAMESPACE = /(?<![\w$.])(?<!\bdeclare\s+)(?:namespace|module)\s+[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*\s*\{/;

/** The program with its types erased; throws sucrase's SyntaxError (with line and column) on what it cannot parse,
 *  and an UnsupportedSyntax error for a namespace with values. */
export function transpileTypeScript(source: string): string {
  const code = transform(source, { transforms: [...TS_TRANSPILE_OPTIONS.transforms], disableESTransforms: true }).code;
  const m = VALUE_NAMESPACE.exec(source);
  if (m) {
    const line = source.slice(0, m.index).split('\n').length;
    const e = new Error(`a namespace or module block (line ${line}) is not supported: the transpiler would drop it`);
    e.name = 'UnsupportedSyntax';
    throw e;
  }
  return code;
}
