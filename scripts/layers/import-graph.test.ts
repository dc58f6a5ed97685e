import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, importSpecifiers, layerViolations, type Graph } from './import-graph.ts';

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

  it('keeps shared and bench free of the page, the workers and the server', () => {
    const rules = [
      { from: 'src/shared', to: ['src/lib', 'src/workers', 'server', 'src/sandbox-frame', 'src/service-worker'] },
      { from: 'src/bench', to: ['src/lib', 'src/workers', 'server', 'src/sandbox-frame', 'src/service-worker'] },
      { from: 'src/workers', to: ['src/lib', 'server'] },
    ];
    expect(layerViolations(graph, rules)).toEqual([]);
  });
});
