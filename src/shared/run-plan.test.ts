import { describe, expect, it } from 'vitest';
import { DEFAULT_NEW_TOKENS, DEFAULT_PLAN, parseBatches, planForTask, planFromQuery, planToQuery } from './run-plan.ts';

describe('run plan and share links', () => {
  it('parses batch lists, sorted and unique', () => {
    expect(parseBatches('8, 1,2 2')).toEqual([1, 2, 8]);
    expect(() => parseBatches('1,0')).toThrow(/batch size "0"/);
    expect(() => parseBatches('1,two')).toThrow(/"two"/);
    expect(() => parseBatches('')).toThrow(/at least one/);
  });

  it('reads every share-link key', () => {
    const plan = planFromQuery(
      'model=tierlab/tiny-code-encoder&variant=q4&backend=webgpu&threads=2&batches=1,4&seq=64&lang=java&ci=0.1',
    );
    expect(plan).toMatchObject({
      model: { kind: 'catalog', id: 'tierlab/tiny-code-encoder', dtype: 'q4' },
      backend: 'webgpu',
      threads: 2,
      batches: [1, 4],
      seq: 64,
      language: 'java',
    });
    expect(plan.protocol.targetRelCi).toBe(0.1);
  });

  it('keeps defaults for absent keys and takes URLs as URL models', () => {
    expect(planFromQuery('')).toEqual(DEFAULT_PLAN);
    expect(planFromQuery('model=https://example.org/m.onnx').model).toEqual({ kind: 'url', url: 'https://example.org/m.onnx' });
  });

  it('round-trips through the query', () => {
    const plan = planFromQuery('variant=int8&backend=wasm&threads=1&batches=1,2,32&seq=16&lang=c&ci=0.02&pad=longest');
    expect(plan.padding).toBe('longest');
    expect(planFromQuery('runtime=transformers.js').runtime).toBe('transformers.js');
    expect(planToQuery(planFromQuery('runtime=transformers.js'))).toContain('runtime=transformers.js');
    expect(planFromQuery(planToQuery(plan))).toEqual(plan);
    expect(planToQuery(plan, true)).toContain('autorun=1');
  });

  it('refuses bad values with the key in the message', () => {
    expect(() => planFromQuery('backend=tpu')).toThrow(/backend "tpu"/);
    expect(() => planFromQuery('variant=fp8')).toThrow(/variant "fp8"/);
    expect(() => planFromQuery('threads=-1')).toThrow(/threads/);
    expect(() => planFromQuery('seq=99999')).toThrow(/seq/);
    expect(() => planFromQuery('lang=cobol')).toThrow(/language/);
    expect(() => planFromQuery('pad=some')).toThrow(/padding/);
    expect(() => planFromQuery('runtime=tflite')).toThrow(/runtime/);
  });

  it('turns the profiled pass on with profile=1, off with profile=0, and refuses anything else', () => {
    const plan = planFromQuery('batches=1,2&profile=1');
    expect(plan.profile).toBe(true);
    expect(planToQuery(plan)).toContain('profile=1');
    expect(planFromQuery(planToQuery(plan))).toEqual(plan);
    expect(planFromQuery('profile=0', plan).profile).toBeUndefined();
    expect(planFromQuery('', plan).profile).toBe(true);
    expect(planToQuery(DEFAULT_PLAN)).not.toContain('profile');
    expect(() => planFromQuery('profile=yes')).toThrow(/profile must be 1 or 0/);
  });

  it('carries generation settings in the share link', () => {
    const plan = planFromQuery('model=tierlab/tiny-code-decoder&variant=q4&runtime=transformers.js&tokens=8');
    expect(plan.generation).toEqual({ newTokens: 8, decoding: 'greedy' });
    expect(planToQuery(plan)).toContain('tokens=8');
    expect(planFromQuery(planToQuery(plan))).toEqual(plan);
    expect(planFromQuery('').generation).toBeUndefined();
    expect(() => planFromQuery('tokens=1')).toThrow(/newTokens/);
    expect(() => planFromQuery('tokens=100000')).toThrow(/newTokens/);
  });

  it('fits the plan to the model: generators run on transformers.js with generation settings, classifiers without', () => {
    const gen = planForTask(DEFAULT_PLAN, 'text-generation');
    expect(gen.runtime).toBe('transformers.js');
    expect(gen.generation).toEqual({ newTokens: DEFAULT_NEW_TOKENS, decoding: 'greedy' });
    expect(
      planForTask({ ...gen, generation: { newTokens: 4, decoding: 'greedy' } }, 'text-generation').generation?.newTokens,
    ).toBe(4);
    const cls = planForTask(gen, 'text-classification');
    expect(cls.generation).toBeUndefined();
    expect('generation' in cls).toBe(false);
    expect(planForTask(DEFAULT_PLAN, 'text-classification')).toBe(DEFAULT_PLAN);
  });
});

describe('endurance in a share link', () => {
  it('reads endurance=<seconds> with its window, batch and what follows, and writes it back', () => {
    const plan = planFromQuery('batches=1,4&endurance=600&then=idle');
    expect(plan.endurance).toEqual({ seconds: 600, windowSeconds: 30, batch: 4, then: 'idle' });
    expect(planFromQuery(planToQuery(plan)).endurance).toEqual(plan.endurance);
    const short = planFromQuery('batches=1,2&endurance=20&window=5&endbatch=2');
    expect(short.endurance).toEqual({ seconds: 20, windowSeconds: 5, batch: 2, then: 'none' });
    expect(planFromQuery(planToQuery(short))).toEqual(short);
    const ab = planFromQuery('batches=1,8&endurance=60&then=batch:1');
    expect(ab.endurance).toEqual({ seconds: 60, windowSeconds: 30, batch: 8, then: 'batch', thenBatch: 1 });
    expect(planFromQuery(planToQuery(ab))).toEqual(ab);
  });

  it('refuses what it cannot run', () => {
    expect(() => planFromQuery('endurance=5')).toThrow(/endurance/);
    expect(() => planFromQuery('endurance=60&then=sleep')).toThrow(/invalid share link/);
    expect(planFromQuery('').endurance).toBeUndefined();
    expect(() => planFromQuery('batches=1,2&endurance=60&endbatch=4')).toThrow(/endbatch 4 must be one of the batch sizes/);
    expect(() => planFromQuery('batches=1,2&endurance=60&then=batch:4')).toThrow(/then=batch:4 must name one/);
    expect(() => planFromQuery('batches=1,2&endurance=60&then=batch:2')).toThrow(/another batch size/);
  });
});
