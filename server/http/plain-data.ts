// Hostile-body checks every JSON API shares (Node, server, pure): strings with NUL or lone surrogates and nesting
// too deep for the store are refused before any schema reads the body.
import { SubmissionError } from '../../src/shared/errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const MAX_DEPTH = 16;

/** Rejects NUL characters, lone surrogates and nesting deeper than MAX_DEPTH anywhere in a parsed body. */
export function checkPlainData(value: unknown, depth = 0, where = 'body'): void {
  if (depth > MAX_DEPTH) throw new SubmissionError(422, `${where} is nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new SubmissionError(422, `${where} contains a NUL character`);
    if (LONE_SURROGATE.test(value)) throw new SubmissionError(422, `${where} contains a lone surrogate (not valid Unicode)`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkPlainData(v, depth + 1, `${where}[${i}]`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkPlainData(k, depth + 1, `${where} key`);
      checkPlainData(v, depth + 1, `${where}.${k}`);
    }
  }
}
