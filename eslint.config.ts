// Lint rules are the style guide: no `any`, no floating promises, workers never touch the DOM, and every import
// follows the layer table (build/lint/layers.ts; docs/architecture.md). Loaded through jiti, as ESLint does for a
// TypeScript config.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { tierlabPlugin } from './build/lint/layer-rule.ts';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-perf/',
      'models/mirror/',
      'node_modules/',
      'test-results/',
      'test-reports/',
      'playwright-report/',
      '.data/',
      // Files that break the layer rule on purpose; build/lint/layer-rule.test.ts lints them.
      'build/lint/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly' },
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['{src,server,build,scripts,models,e2e}/**/*.{ts,svelte}'],
    plugins: { tierlab: tierlabPlugin },
    rules: { 'tierlab/layers': 'error' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
  {
    files: ['*.js', '*.config.ts', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
