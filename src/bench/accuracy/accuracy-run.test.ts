import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog.ts';
import { classifierFamilies, evaluationJobs } from './accuracy-run.ts';

const t = 'tierlab/tiny-code-encoder';
const s = 'tierlab/tiny-code-encoder-student';

describe('evaluationJobs', () => {
  it('on WASM, the planned fp32 is its own reference, measured once', () => {
    const jobs = evaluationJobs(
      [
        { modelId: t, dtype: 'fp32' },
        { modelId: t, dtype: 'q4' },
        { modelId: s, dtype: 'int8' },
      ],
      'wasm',
      () => true,
    );
    expect(jobs.map((j) => `${j.variant.modelId} ${j.variant.dtype} ${j.backend} ${j.measured} ${j.reference}`)).toEqual([
      `${t} fp32 wasm true true`,
      `${t} q4 wasm true false`,
      `${s} fp32 wasm false true`,
      `${s} int8 wasm true false`,
    ]);
  });

  it('on WebGPU, the reference still runs on WASM and fp32 is measured on the GPU apart', () => {
    const jobs = evaluationJobs([{ modelId: t, dtype: 'fp32' }], 'webgpu', () => true);
    expect(jobs.map((j) => [j.backend, j.measured, j.reference])).toEqual([
      ['wasm', false, true],
      ['webgpu', true, false],
    ]);
  });

  it('a model without fp32 has no reference', () => {
    const jobs = evaluationJobs([{ modelId: 'x', dtype: 'q4' }], 'wasm', () => false);
    expect(jobs).toEqual([{ variant: { modelId: 'x', dtype: 'q4' }, backend: 'wasm', measured: true, reference: false }]);
  });
});

describe('classifierFamilies', () => {
  it('groups students under their base model and leaves generators out', () => {
    const catalog = {
      entries: [
        { id: t, task: 'text-classification' },
        { id: s, task: 'text-classification', baseModel: t },
        { id: 'hub/other', task: 'text-classification', baseModel: 'not/in-catalog' },
        { id: 'gen', task: 'text-generation' },
      ],
    } as unknown as Catalog;
    expect(classifierFamilies(catalog).map((f) => [f.base.id, f.members.map((m) => m.id)])).toEqual([
      [t, [t, s]],
      ['hub/other', ['hub/other']],
    ]);
  });
});
