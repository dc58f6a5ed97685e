// Unit tests (Node): pure modules under src/ and the fixture builder under models/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
  },
});
