// The server's loose check of a profile (pure): what can be checked without the model's graph. Durations are
// non-negative by the schema; here each record must fit its run: one time per recorded run, batch sizes the result
// measured, no node twice, and kernels that ran one after another inside a run cannot take longer than that run.
import { VerificationError } from '../../shared/errors.ts';
import type { ProfileSection } from '../../shared/profile.ts';

/** Slack on "the kernels fit inside the run": the profiler's µs rounding per node plus clock differences. */
const FIT_SLACK = 1.05;
const FIT_SLACK_MS = 0.05;

export function verifyProfile(profile: ProfileSection, measured: readonly number[]): void {
  const seen = new Set<string>();
  profile.batches.forEach((b, i) => {
    const at = `profile.batches.${i}`;
    if (!measured.includes(b.batchSize))
      throw new VerificationError(`${at}.batchSize`, `${at}.batchSize ${b.batchSize} was not measured by this run`);
    const key = `${b.batchSize}${b.phase ? ` (${b.phase})` : ''}`;
    if (seen.has(key)) throw new VerificationError(`${at}.batchSize`, `${at}: batch ${key} appears twice`);
    seen.add(key);
    const runs = b.wallMs.length;
    if (b.runMs.length !== runs)
      throw new VerificationError(`${at}.runMs`, `${at}.runMs has ${b.runMs.length} runs for ${runs} wall times`);
    const names = new Set<string>();
    b.nodes.forEach((n, j) => {
      if (n.ms.length !== runs)
        throw new VerificationError(`${at}.nodes.${j}.ms`, `${at}.nodes.${j}.ms has ${n.ms.length} runs for ${runs}`);
      if (names.has(n.name)) throw new VerificationError(`${at}.nodes.${j}.name`, `${at}: node "${n.name}" appears twice`);
      names.add(n.name);
      if (profile.layers !== null && n.layer !== null && n.layer >= profile.layers)
        throw new VerificationError(`${at}.nodes.${j}.layer`, `${at}.nodes.${j}.layer ${n.layer} of ${profile.layers} layers`);
    });
    for (let r = 0; r < runs; r++) {
      const kernels = b.nodes.reduce((s, n) => s + (n.ms[r] ?? 0), 0);
      const run = b.runMs[r] as number;
      if (kernels > run * FIT_SLACK + FIT_SLACK_MS)
        throw new VerificationError(
          `${at}.nodes`,
          `${at}: run ${r + 1}'s kernels add up to ${kernels.toFixed(3)} ms, more than the ${run.toFixed(3)} ms run that held them`,
        );
    }
  });
}
