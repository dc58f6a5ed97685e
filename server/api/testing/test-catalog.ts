// A one-model catalog for the results API tests (Node, tests).
import type { Catalog } from '../../../src/shared/catalog.ts';

export const TEST_CATALOG: Catalog = {
  catalogVersion: 1,
  builderVersion: 'test',
  entries: [
    {
      id: 'tierlab/tiny-code-encoder',
      name: 'fixture',
      task: 'text-classification',
      family: 'teacher',
      source: 'local',
      parameters: 800_000,
      description: '',
      licence: '',
      provenance: '',
      sources: [],
      unverified: [],
      variants: [{ dtype: 'fp32', file: 'onnx/model.onnx', bytes: 1 }],
    },
  ],
};
