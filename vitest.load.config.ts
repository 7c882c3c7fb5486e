import { defineConfig } from 'vitest/config';

// `npm run test:load`: one long scenario with its own local cloud; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/load/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 50 * 60_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
});
