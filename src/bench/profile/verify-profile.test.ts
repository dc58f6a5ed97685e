import { describe, expect, it } from 'vitest';
import type { ProfileSection } from '../../shared/profile.ts';
import { verifyProfile } from './verify-profile.ts';
import { profileNode, sampleProfile } from '../testing/sample-profile.ts';

function profile(): ProfileSection {
  return sampleProfile(
    [
      {
        batchSize: 1,
        wallMs: [5, 5],
        runMs: [4, 4],
        nodes: [profileNode('a', 'MatMul', [2, 2], { layer: 0 }), profileNode('b', 'Add', [1, 1.5], { layer: 1 })],
      },
    ],
    2,
  );
}

describe('verifyProfile', () => {
  it('accepts a profile whose kernels fit inside their runs', () => {
    expect(() => verifyProfile(profile(), [1, 2])).not.toThrow();
  });

  it("takes a generator's two phases of one batch size, but not one phase twice", () => {
    const p = profile();
    const b = p.batches[0]!;
    p.batches = [
      { ...b, phase: 'prefill' },
      { ...b, phase: 'decode' },
    ];
    expect(() => verifyProfile(p, [1])).not.toThrow();
    p.batches.push({ ...b, phase: 'decode' });
    expect(() => verifyProfile(p, [1])).toThrow(/batch 1 \(decode\) appears twice/);
  });

  it.each<[string, (p: ProfileSection) => void, RegExp, number[]?]>([
    ['a batch size the run did not measure', () => {}, /batchSize 1 was not measured/, [2]],
    [
      'kernels longer than their run',
      (p) => (p.batches[0]!.nodes[0]!.ms = [2, 9]),
      /run 2's kernels add up to 10\.500 ms, more than the 4\.000 ms run/,
    ],
    ['a node timed in fewer runs', (p) => (p.batches[0]!.nodes[1]!.ms = [1]), /nodes\.1\.ms has 1 runs for 2/],
    ['a node twice', (p) => (p.batches[0]!.nodes[1]!.name = 'a'), /node "a" appears twice/],
    ["a layer past the model's", (p) => (p.batches[0]!.nodes[1]!.layer = 2), /layer 2 of 2 layers/],
    ['run times that do not match the wall times', (p) => (p.batches[0]!.runMs = [4]), /runMs has 1 runs for 2/],
    ['a batch size twice', (p) => p.batches.push(structuredClone(p.batches[0]!)), /batch 1 appears twice/],
  ])('refuses %s', (_what, change, message, measured = [1]) => {
    const p = profile();
    change(p);
    expect(() => verifyProfile(p, measured)).toThrow(message);
  });
});
