import { describe, expect, it } from 'vitest';
import { headlineStanding, rankAmong, wilsonInterval, type Peer } from './crowd-rank.ts';

const peer = (id: string, medianMs: number, deviceClass = 'phone'): Peer => ({ id, deviceClass, medianMs });

describe('rank among the crowd', () => {
  it('counts the share of other results that took longer, ties as half, with the nearest on either side', () => {
    const peers = [peer('a', 5), peer('b', 10), peer('c', 10), peer('d', 20), peer('e', 40)];
    const r = rankAmong(10, peers);
    // Slower: d, e; tied: b, c. (2 + 2/2) / 5 = 0.6.
    expect(r.n).toBe(5);
    expect(r.fasterThan).toBeCloseTo(0.6, 12);
    expect(r.above?.id).toBe('a');
    expect(r.below?.id).toBe('d');
    expect(rankAmong(1, peers)).toMatchObject({ fasterThan: 1, above: null, below: { id: 'a' } });
    expect(rankAmong(99, peers)).toMatchObject({ fasterThan: 0, above: { id: 'e' }, below: null });
  });

  it('says nothing of an empty crowd', () => {
    expect(rankAmong(10, [])).toEqual({ n: 0, fasterThan: 0, ci95: null, above: null, below: null });
  });

  it("gives Wilson's interval: the textbook case of 0.73 over 100, and the ends", () => {
    // (p + z²/2n) / (1 + z²/n) ± z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²), z = 1.96: 0.6357 to 0.8073.
    const ci = wilsonInterval(0.73, 100)!;
    expect(ci.lo).toBeCloseTo(0.6357, 3);
    expect(ci.hi).toBeCloseTo(0.8073, 3);
    // Never outside [0, 1], and not a point at the ends: 10 of 10 is 0.722 to 1.
    expect(wilsonInterval(1, 10)!.hi).toBeCloseTo(1, 12);
    expect(wilsonInterval(1, 10)!.lo).toBeCloseTo(0.7225, 3);
    expect(wilsonInterval(0, 10)!.lo).toBeCloseTo(0, 12);
    expect(wilsonInterval(0.5, 0)).toBeNull();
  });
});

describe('the headline standing', () => {
  const standing = (batchSize: number, n: number) => {
    const rank = { n, fasterThan: 0.5, ci95: null, above: null, below: null };
    return { batchSize, medianMs: 1, inClass: rank, all: rank };
  };
  it('is the batch size with the most others to compare with, the smallest on a tie', () => {
    expect(headlineStanding([standing(1, 3), standing(4, 9), standing(8, 9)])?.batchSize).toBe(4);
    expect(headlineStanding([])).toBeNull();
  });
});
