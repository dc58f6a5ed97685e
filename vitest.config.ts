// Unit tests (Node): pure modules under src/ and scripts/, the server, and the fixture builder under models/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
    exclude: ['**/*.integration.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60000,
    // Starting PGlite (PostgreSQL in WASM) in a beforeAll once took over the default 10 s on a busy 2-core CI machine.
    hookTimeout: 60000,
  },
});
