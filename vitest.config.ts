// Unit tests (Node): pure modules under src/ and scripts/, the server, the fixture builder under models/, the lint
// rule under build/; and the page controllers (src/lib/**/*.svelte.test.ts), compiled by the Svelte plugin as the
// browser gets them so their runes ($state, $derived) are the real ones.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'src/**/*.test.ts',
            'models/**/*.test.ts',
            'server/**/*.test.ts',
            'scripts/**/*.test.ts',
            'build/**/*.test.ts',
          ],
          exclude: ['**/*.integration.test.ts', '**/*.svelte.test.ts', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60000,
          // Starting PGlite (PostgreSQL in WASM) in a beforeAll once took over the default 10 s on a busy 2-core CI
          // machine.
          hookTimeout: 60000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        define: { __APP_VERSION__: JSON.stringify('test') },
        test: {
          name: 'controllers',
          include: ['src/lib/**/*.svelte.test.ts'],
          environment: 'node',
          setupFiles: ['src/lib/testing/page-globals.ts'],
        },
      },
    ],
  },
});
