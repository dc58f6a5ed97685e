// The operators lab controller's pure parts: the bases and students it offers, its progress bar and protocol.
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CatalogSchema } from '../../shared/catalog.ts';
import { LAB_PROTOCOL, labBases, labProgress, studentOf } from './lab-request.ts';

const catalog = v.parse(
  CatalogSchema,
  JSON.parse(readFileSync(new URL('../../../models/mirror/catalog.json', import.meta.url), 'utf8')),
);

describe('the operators lab request', () => {
  it('offers classifiers with an fp32 file that are not students, and finds their student', () => {
    const ids = labBases(catalog).map((e) => e.id);
    expect(ids).toContain('tierlab/tiny-code-encoder');
    expect(ids).not.toContain('tierlab/tiny-code-encoder-student');
    expect(ids).not.toContain('tierlab/tiny-code-decoder');
    expect(studentOf(catalog, 'tierlab/tiny-code-encoder')?.id).toBe('tierlab/tiny-code-encoder-student');
    expect(studentOf(catalog, 'tierlab/tiny-code-encoder-student')).toBeNull();
    expect(labBases(null)).toEqual([]);
  });

  it('gives the download a tenth of the bar, then each variant an equal share', () => {
    expect(labProgress({ phase: 'download', progress: { loaded: 50, total: 100 } })).toEqual({
      fraction: 0.05,
      label: 'downloading the model',
    });
    expect(labProgress({ phase: 'download', progress: { loaded: 50, total: null } }).fraction).toBeNull();
    const p = labProgress({ phase: 'variant', index: 1, total: 4, label: 'fp16', step: 'timing', done: 1, of: 2 });
    expect(p).toEqual({ fraction: 1.5 / 4, label: 'Variant 2 of 4, fp16: timing' });
  });

  it('times each variant with a shorter protocol than a benchmark', () => {
    expect(LAB_PROTOCOL).toMatchObject({ minSamples: 10, minTimeMs: 300, maxTimeMs: 3000, targetRelCi: 0.1 });
  });
});
