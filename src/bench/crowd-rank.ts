// Where one result stands in the crowd (pure; runs everywhere: the server answers it with a stored result, the app
// shows it). "Faster than 73% of Android phones (64–81%) on this plan": the share of the other results of the same
// work that took longer at the same batch size, with a 95% Wilson interval for that share, and the results just above
// and below it.
import type { Interval } from './median-interval.ts';
import type { BatchStanding, Peer, Rank } from '../shared/crowd-standing.ts';

export type { BatchStanding, Peer, Rank };

const Z95 = 1.959963984540054;

/** Wilson's score interval of a proportion `p` observed over `n` trials, at 95%. */
export function wilsonInterval(p: number, n: number): Interval | null {
  if (n <= 0) return null;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** What a rank is made of, as a database can count it: the others, how many took longer, how many the same, and the
 *  nearest faster and slower ones. */
export interface RankCounts {
  n: number;
  slower: number;
  ties: number;
  above: Peer | null;
  below: Peer | null;
}

/** The rank from its counts. */
export function rankFromCounts(c: RankCounts): Rank {
  const fasterThan = c.n === 0 ? 0 : (c.slower + c.ties / 2) / c.n;
  return { n: c.n, fasterThan, ci95: wilsonInterval(fasterThan, c.n), above: c.above, below: c.below };
}

/** How a result taking `ownMs` stands among `peers` (the other results of the same work at the same batch size). */
export function rankAmong(ownMs: number, peers: readonly Peer[]): Rank {
  let above: Peer | null = null;
  let below: Peer | null = null;
  for (const p of peers) {
    if (p.medianMs < ownMs && (above === null || p.medianMs > above.medianMs)) above = p;
    if (p.medianMs > ownMs && (below === null || p.medianMs < below.medianMs)) below = p;
  }
  return rankFromCounts({
    n: peers.length,
    slower: peers.filter((p) => p.medianMs > ownMs).length,
    ties: peers.filter((p) => p.medianMs === ownMs).length,
    above,
    below,
  });
}

/** The batch size to headline: the one with the most others to compare with (the smallest on a tie). */
export function headlineStanding(standings: readonly BatchStanding[]): BatchStanding | null {
  return [...standings].sort((a, b) => b.all.n - a.all.n || a.batchSize - b.batchSize)[0] ?? null;
}
