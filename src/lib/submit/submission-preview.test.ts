import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog.ts';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { submissionPreview } from './submission-preview.ts';

const catalog = (id: string, dtype: 'fp32' | 'q8', parameters = 1000): Catalog =>
  ({
    catalogVersion: 1,
    builderVersion: 'test',
    entries: [{ id, parameters, variants: [{ dtype }] }],
  }) as unknown as Catalog;

describe('submissionPreview', () => {
  it('lists the stored buckets and never the user-agent', () => {
    const base = sampleResult();
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) SecretBuild/123 Chrome/156.0.0.0 Safari/537.36';
    const r = { ...base, environment: { ...base.environment, userAgent: ua } };
    const p = submissionPreview(r, catalog(r.plan.model.kind === 'catalog' ? r.plan.model.id : '', r.model.variant as 'fp32'));
    const text = JSON.stringify(p.stored);
    expect(p.notShareable).toBeNull();
    expect(p.stored.map((s) => s.label)).toContain('device class');
    expect(text).not.toContain('SecretBuild');
    expect(text).toContain('chrome 156');
    expect(p.notStored.join(' ')).toMatch(/user-agent/);
  });

  it('says why a model outside the catalog cannot be shared', () => {
    const r = sampleResult();
    expect(submissionPreview(r, catalog('other/model', 'fp32')).notShareable).toMatch(/not in the catalog/);
    const file = { ...r, plan: { ...r.plan, model: { kind: 'file' as const, name: 'm.onnx' } } };
    expect(submissionPreview(file as typeof r, null).notShareable).toMatch(/only catalog models/);
  });

  it('shows the flags the server will compute, with their meaning', () => {
    const r = sampleResult();
    const hidden = { ...r, flags: { ...r.flags, backgrounded: true } };
    const id = r.plan.model.kind === 'catalog' ? r.plan.model.id : '';
    const p = submissionPreview(hidden, catalog(id, r.model.variant as 'fp32'));
    expect(p.flags).toContainEqual({ flag: 'backgrounded', meaning: 'the tab was hidden during the run (reported by the page)' });
  });
});
