import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` runs against the real local stack
// (DynamoDB Local, the local KMS endpoint, the gatekeeper over HTTP) that test/global-setup.ts starts.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'test/browser-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
