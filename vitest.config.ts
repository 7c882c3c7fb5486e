import { defineConfig } from 'vitest/config';

// Two cores: keep parallelism modest; integration tests share one DynamoDB Local per run.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cloud',
          include: ['tests/cloud/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/cloud-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One shared local cloud: files run one after another so injected faults stay theirs.
          fileParallelism: false,
        },
      },
    ],
  },
});
