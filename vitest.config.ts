import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and the e2e pseudo-terminal tests are heavy; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
