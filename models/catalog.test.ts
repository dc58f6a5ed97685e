// The hand-written Hub catalog: valid against the shared schema, with every required fact and a source for it.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CatalogEntrySchema,
  HubCatalogSchema,
  hubFileUrl,
  requiredRuntime,
  unsupportedReason,
  variantFileName,
} from '../src/shared/catalog.ts';
import { HUB_CATALOG, readHubCatalog } from './build.ts';

const entries = await readHubCatalog();

describe('Hub catalog (models/catalog.json)', () => {
  it('validates against the shared schema', async () => {
    const raw = JSON.parse(await readFile(HUB_CATALOG, 'utf8'));
    expect(v.safeParse(HubCatalogSchema, raw).success).toBe(true);
  });

  it('lists classifiers and generators, with ids unique', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(entries.some((e) => e.task === 'text-classification')).toBe(true);
    expect(entries.some((e) => e.task === 'text-generation' && e.family === 'distilled-student')).toBe(true);
    expect(entries.filter((e) => e.family === 'size-ladder').length).toBeGreaterThanOrEqual(2);
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s has every required fact and a source', (_id, entry) => {
    expect(entry.source).toBe('hub');
    expect(entry.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(entry.parameters).toBeGreaterThan(1_000_000);
    expect(entry.licence.length).toBeGreaterThan(0);
    expect(entry.sources.length).toBeGreaterThan(0);
    for (const url of entry.sources) expect(url).toMatch(/^https:\/\//);
    const dtypes = entry.variants.map((x) => x.dtype);
    expect(new Set(dtypes).size).toBe(dtypes.length);
    for (const variant of entry.variants) {
      // transformers.js finds a dtype's file by this name; a catalog that disagrees would load the wrong file.
      expect(path.basename(variant.file)).toBe(variantFileName(variant.dtype));
      expect(variant.bytes).toBeGreaterThan(0);
    }
  });

  it('refuses an entry without sources or with an unknown dtype', () => {
    const [first] = entries;
    const { sources: _s, ...noSources } = first!;
    expect(v.safeParse(CatalogEntrySchema, noSources).success).toBe(false);
    const badDtype = { ...first!, variants: [{ dtype: 'fp8', file: 'onnx/model_fp8.onnx', bytes: 1 }] };
    expect(v.safeParse(CatalogEntrySchema, badDtype).success).toBe(false);
  });

  it('builds Hub download URLs and says which variants the current runtimes cannot run', () => {
    expect(hubFileUrl('https://huggingface.co/', 'org/m', 'onnx/model_q4.onnx')).toBe(
      'https://huggingface.co/org/m/resolve/main/onnx/model_q4.onnx',
    );
    const generator = entries.find((e) => e.task === 'text-generation')!;
    expect(requiredRuntime(generator, generator.variants[0]!)).toBe('transformers.js');
    expect(unsupportedReason(generator, generator.variants[0]!, 'onnxruntime-web')).toMatch(/generators .* transformers\.js/);
    expect(unsupportedReason(generator, generator.variants[0]!, 'transformers.js')).toBeNull();
    const classifier = entries.find((e) => e.task === 'text-classification')!;
    expect(requiredRuntime(classifier, classifier.variants[0]!)).toBeNull();
    expect(unsupportedReason(classifier, classifier.variants[0]!, 'onnxruntime-web')).toBeNull();
    const external = { ...classifier.variants[0]!, externalDataBytes: 10 };
    expect(unsupportedReason(classifier, external, 'onnxruntime-web')).toMatch(/onnx_data/);
    expect(unsupportedReason(classifier, external, 'transformers.js')).toBeNull();
  });
});
