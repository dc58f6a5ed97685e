// The layer rule on fixture files that break it (build/lint/fixtures/ mirrors the source tree), and the real lint
// config applying it to every source root.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { tierlabPlugin } from './layer-rule.ts';
import { layerViolation } from './layers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'build/lint/fixtures');

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fixtureFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Lints a fixture as if it sat at the same path in the source tree. */
function lintFixture(relative: string): Linter.LintMessage[] {
  const linter = new Linter({ cwd: root });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { tierlab: tierlabPlugin },
      rules: { 'tierlab/layers': 'error' },
    },
  ];
  return linter.verify(readFileSync(path.join(fixtures, relative), 'utf8'), config, path.join(root, relative));
}

describe('the layer rule', () => {
  it.each([
    ['src/lib/benchmark/imports-worker-implementation.ts', 'not src/workers/inference-api.ts'],
    ['src/shared/contracts/imports-implementation.ts', 'not src/workers/inputs/inputs.ts'],
    ['src/shared/imports-bench.ts', 'not src/bench/stats.ts'],
    ['src/lib/rooms/imports-other-page.ts', 'not src/lib/benchmark/run-controller.svelte.ts'],
  ])('refuses %s', (fixture, what) => {
    const messages = lintFixture(fixture);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'tierlab/layers', line: 2 });
    expect(messages[0]!.message).toContain(what);
    expect(messages[0]!.message).toMatch(/may import only/);
  });

  it('accepts what a page may import, including the worker entry for its API type', () => {
    expect(lintFixture('src/lib/benchmark/allowed-imports.ts')).toEqual([]);
  });

  it('has a case for every fixture file', () => {
    const listed = fixtureFiles(fixtures).map((f) => path.relative(fixtures, f).split(path.sep).join('/'));
    expect(listed.sort()).toEqual([
      'src/lib/benchmark/allowed-imports.ts',
      'src/lib/benchmark/imports-worker-implementation.ts',
      'src/lib/rooms/imports-other-page.ts',
      'src/shared/contracts/imports-implementation.ts',
      'src/shared/imports-bench.ts',
    ]);
  });

  it('lets a page import a worker entry only for its type', () => {
    expect(layerViolation('src/lib/core/x.ts', 'src/workers/inference.worker.ts', true)).toBeNull();
    expect(layerViolation('src/lib/core/x.ts', 'src/workers/inference.worker.ts', false)).toMatch(/may import only/);
  });

  it('is on in the real lint config for every source root', async () => {
    const eslint = new ESLint({ cwd: root });
    for (const file of ['src/lib/benchmark/x.ts', 'src/shared/x.ts', 'src/workers/x.ts', 'server/x.ts', 'e2e/x.spec.ts']) {
      const config = (await eslint.calculateConfigForFile(path.join(root, file))) as Linter.Config;
      expect(config.rules?.['tierlab/layers'], file).toEqual([2]);
    }
  });
});
