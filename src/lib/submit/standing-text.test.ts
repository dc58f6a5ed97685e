import { describe, expect, it } from 'vitest';
import type { BatchStanding, Rank } from '../../bench/crowd-rank.ts';
import { rankSentence, standingHeadline } from './standing-text.ts';

const rank = (over: Partial<Rank>): Rank => ({
  n: 10,
  fasterThan: 0.73,
  ci95: { lo: 0.64, hi: 0.81 },
  above: null,
  below: null,
  ...over,
});

describe('standing in words', () => {
  it('says the share, its interval and how many it compares with', () => {
    expect(rankSentence(rank({}), 'Android phones')).toBe('faster than 73% of Android phones (64–81%), over 10 other sources');
    expect(rankSentence(rank({ n: 1, fasterThan: 1, ci95: { lo: 0.2, hi: 1 } }), 'x')).toBe(
      'faster than 100% of x (20–100%), over 1 other source',
    );
    expect(rankSentence(rank({ n: 0, ci95: null }), 'x')).toBe('no other results of x to compare with yet');
  });

  it('headlines the class, then every device, at a batch size', () => {
    const s: BatchStanding = {
      batchSize: 4,
      medianMs: 10,
      inClass: rank({}),
      all: rank({ n: 20, fasterThan: 0.5, ci95: { lo: 0.3, hi: 0.7 } }),
    };
    expect(standingHeadline(s, 'phone')).toBe(
      'At batch size 4: Faster than 73% of devices of its class (phone) (64–81%), over 10 other sources; faster than 50% of all devices (30–70%), over 20 other sources.',
    );
  });
});
