import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that spawn the real binary or build a whole warehouse; started first so both workers end together. */
const SLOW_FILES = ['test/e2e/', 'test/tui/plain.test.ts', 'test/cli/bad-input.test.ts', 'test/churn/train.test.ts', 'test/warehouse/generation.test.ts'];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const at = SLOW_FILES.findIndex((p) => spec.moduleId.replace(/\\/g, '/').includes(p));
      return at < 0 ? SLOW_FILES.length : at;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The test-scale warehouse is generated once; tests copy it (test/support/warehouse.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and the e2e pseudo-terminal tests are heavy; two workers match the 2-core machines.
    maxWorkers: 2,
    sequence: { sequencer: SlowFilesFirst },
  },
});
