import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTestFile, layerViolation } from '../../build/lint/layers.ts';
import { cycles, folderGraph, importGraph, importSpecifiers, layerViolations, type Graph } from './import-graph.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('import graph', () => {
  it('reads static, type-only, side-effect, re-export and dynamic relative imports, and nothing else', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "import './style.css';",
      "export { c } from './c.ts';",
      "const d = await import('./d.ts');",
      "import { ort } from 'onnxruntime-web';",
      "const text = 'no import here';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.ts', '../b.ts', './style.css', './c.ts', './d.ts']);
  });

  it('finds cycles of any length and self-imports, and no false ones', () => {
    const g: Graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reports imports that cross a layer the wrong way', () => {
    const g: Graph = new Map([
      ['src/shared/x.ts', ['src/lib/y.ts', 'src/shared/z.ts']],
      ['src/lib/y.ts', ['src/shared/x.ts']],
    ]);
    expect(layerViolations(g, [{ from: 'src/shared', to: ['src/lib'] }])).toEqual(['src/shared/x.ts -> src/lib/y.ts']);
  });
});

describe('the source tree', () => {
  const graph = importGraph(root, ['src', 'server', 'build', 'scripts', 'models', 'e2e']);

  it('is read (a sanity check that the walk found the app)', () => {
    expect(graph.get('src/main.ts')).toContain('src/App.svelte');
  });

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no folder cycles in the product (tests and their testing/ helpers left out)', () => {
    const product: Graph = new Map([...graph].filter(([file]) => !isTestFile(file)));
    expect(cycles(folderGraph(product))).toEqual([]);
  });

  it('finds a folder cycle where two folders import each other', () => {
    const g: Graph = new Map([
      ['src/lib/a/x.ts', ['src/lib/b/y.ts']],
      ['src/lib/b/y.ts', []],
      ['src/lib/b/z.ts', ['src/lib/a/w.ts']],
      ['src/lib/a/w.ts', []],
    ]);
    expect(cycles(folderGraph(g))).toEqual([['src/lib/a', 'src/lib/b']]);
  });

  it('keeps the layer table of build/lint/layers.ts (the lint rule checks the same table as it is typed)', () => {
    // The graph does not know which imports are type-only, so a worker entry's API type counts as allowed here;
    // the lint rule refuses a value import of it.
    const broken = [...graph].flatMap(([file, imports]) =>
      imports.flatMap((target) => {
        const why = layerViolation(file, target, true);
        return why ? [why] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
