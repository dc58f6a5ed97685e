// The body a result is submitted with (pure; main thread): the whole result, or, when its profile would push it past
// what the results service accepts, the result without its profile and a note saying so (the profile stays in the
// export and on this device).
import { MAX_RESULT_BODY_BYTES } from '../../shared/results-api.ts';
import type { RunResult } from '../../shared/run-result.ts';

const bytes = (s: string) => new TextEncoder().encode(s).byteLength;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function submissionBody(result: RunResult, limit = MAX_RESULT_BODY_BYTES): string {
  const body = JSON.stringify(result);
  const size = bytes(body);
  if (size <= limit || !result.profile) return body;
  const { profile: _left, ...rest } = result;
  const note = `profile left out of the submission: the result with it is ${mb(size)}, over the ${mb(limit)} the results service accepts (it stays in this device's export)`;
  // Notes are capped at 50 (RunResultSchema): the newest note replaces the last when full.
  return JSON.stringify({ ...rest, notes: [...rest.notes.slice(0, 49), note] });
}
