import { describe, expect, it } from 'vitest';
import { sampleResult } from '../bench/testing/sample-result.ts';
import { keyDifferences, keyId, keyLabel, keyOf, KEY_FIELDS, parseKeyId, type ComparabilityKey } from './comparability.ts';

const ENCODER: ComparabilityKey = {
  model: 'tierlab/tiny-code-encoder',
  variant: 'fp32',
  runtime: 'onnxruntime-web',
  backend: 'wasm',
  seq: 128,
  padding: 'max-length',
  language: 'mixed',
  inputs: 'tokenized',
  newTokens: null,
};

describe('the comparability key', () => {
  it('is read from what the result measured: the execution provider that ran, not the one asked for', () => {
    const r = sampleResult();
    const fellBack = {
      ...r,
      plan: { ...r.plan, backend: 'webgpu' as const },
      environment: { ...r.environment, executionProvider: 'wasm' as const },
    };
    expect(keyOf(fellBack).backend).toBe('wasm');
    expect(keyOf(r)).toEqual({
      model: r.model.id,
      variant: r.model.variant,
      runtime: r.plan.runtime,
      backend: r.environment.executionProvider,
      seq: r.plan.seq,
      padding: r.plan.padding,
      language: r.plan.language,
      inputs: r.inputs.kind,
      newTokens: null,
    });
  });

  it("counts a generator's tokens per sequence as part of the work", () => {
    const r = sampleResult();
    const gen = { ...r, plan: { ...r.plan, generation: { newTokens: 16, decoding: 'greedy' as const } } };
    expect(keyOf(gen).newTokens).toBe(16);
    expect(keyId(keyOf(gen))).toMatch(/\|gen16$/);
  });

  it('leaves threads, the protocol and the device out', () => {
    const r = sampleResult();
    const other = {
      ...r,
      environment: { ...r.environment, threads: r.environment.threads + 3, hardwareConcurrency: 64 },
      plan: { ...r.plan, threads: 7, protocol: { ...r.plan.protocol, minSamples: 99 } },
    };
    expect(keyId(keyOf(other))).toBe(keyId(keyOf(r)));
  });

  it('round-trips through its id', () => {
    expect(keyId(ENCODER)).toBe('tierlab/tiny-code-encoder|fp32|onnxruntime-web|wasm|seq128|max-length|mixed|tokenized|fwd');
    expect(parseKeyId(keyId(ENCODER))).toEqual(ENCODER);
    const gen = { ...ENCODER, runtime: 'transformers.js', newTokens: 32, padding: 'longest', language: 'python' };
    expect(parseKeyId(keyId(gen))).toEqual(gen);
  });

  it('refuses ids keyId could not have written', () => {
    for (const bad of [
      '',
      'a|b|c',
      keyId(ENCODER).replace('seq128', 'seq0'),
      keyId(ENCODER).replace('seq128', '128'),
      keyId(ENCODER).replace('fwd', 'gen'),
      keyId(ENCODER).replace('fp32', ''),
      `${keyId(ENCODER)}|extra`,
      'x'.repeat(401),
    ])
      expect(parseKeyId(bad), bad).toBeNull();
  });

  it('names each field two keys differ in, and every field changes the id', () => {
    const changed: Record<(typeof KEY_FIELDS)[number], Partial<ComparabilityKey>> = {
      model: { model: 'tierlab/tiny-code-decoder' },
      variant: { variant: 'int8' },
      runtime: { runtime: 'transformers.js' },
      backend: { backend: 'webgpu' },
      seq: { seq: 32 },
      padding: { padding: 'longest' },
      language: { language: 'java' },
      inputs: { inputs: 'synthetic' },
      newTokens: { newTokens: 16 },
    };
    for (const f of KEY_FIELDS) {
      const other = { ...ENCODER, ...changed[f] };
      expect(keyDifferences(ENCODER, other)).toEqual([f]);
      expect(keyId(other)).not.toBe(keyId(ENCODER));
    }
  });

  it('reads as words', () => {
    expect(keyLabel(ENCODER)).toBe(
      'tierlab/tiny-code-encoder fp32, onnxruntime-web on wasm, seq 128 max-length, mixed tokenized',
    );
    expect(keyLabel({ ...ENCODER, newTokens: 16 })).toContain('16 new tokens');
  });
});
