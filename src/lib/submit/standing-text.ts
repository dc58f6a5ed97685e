// A stored result's standing in words (main thread, pure): "Faster than 73% of linux · chrome … (64–81%) at batch 4",
// and the devices just above and below.
import type { BatchStanding, Rank } from '../../bench/crowd-rank.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "faster than 73% of <who> (64–81%)", or why there is nothing to compare with. */
export function rankSentence(rank: Rank, who: string): string {
  if (rank.n === 0) return `no other results of ${who} to compare with yet`;
  const ci = rank.ci95 ? ` (${Math.round(rank.ci95.lo * 100)}–${pct(rank.ci95.hi)})` : '';
  // Each other source counts once (its results' median): the n is of sources.
  return `faster than ${pct(rank.fasterThan)} of ${who}${ci}, over ${rank.n} other source${rank.n === 1 ? '' : 's'}`;
}

/** The headline: within the class, then among every device, at the standing's batch size. */
export function standingHeadline(s: BatchStanding, deviceClass: string): string {
  const inClass = rankSentence(s.inClass, `devices of its class (${deviceClass})`);
  const all = rankSentence(s.all, 'all devices');
  return `At batch size ${s.batchSize}: ${inClass[0]?.toUpperCase()}${inClass.slice(1)}; ${all}.`;
}
