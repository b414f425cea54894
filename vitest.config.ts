import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    // The test-scale warehouse is generated once; tests copy it (test/support/warehouse.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and the e2e pseudo-terminal tests are heavy; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
