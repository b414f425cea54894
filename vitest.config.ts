import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files (measured on the 2-core machines), started first so that the workers finish
 * together instead of one waiting on a long file it picked up last. The first two need only the
 * bronze warehouse: the gold one is still being built when they start (test/support/global-setup.ts).
 */
const SLOW_FILES = [
  'test/trust/commands.test.ts',
  'test/cli/bad-input.test.ts',
  'test/e2e/',
  'test/trust/read-only-guard.test.ts',
  'test/deploy/deploy.test.ts',
  'test/media/',
  'test/churn/train.test.ts',
  'test/snowflake/driver.test.ts',
  'test/dbt/build.test.ts',
  'test/warehouse/generation.test.ts',
  'test/tui/plain.test.ts',
  'test/churn/features.test.ts',
  'test/churn/generator.test.ts',
  'test/orchestration/emulation.test.ts',
];

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
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    // The test-scale warehouse is generated once; tests copy it (test/support/warehouse.ts).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/one-duckdb-thread.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Three workers on the 2-core machines: many tests wait (on a child process, a lock, a
    // --timeout, a socket), and a third worker keeps both cores busy meanwhile (idle, 54.1 s with
    // two workers, 49.0 s with three; CPU 86 and 92 s).
    maxWorkers: 3,
    // Files share a worker's module cache instead of re-importing DuckDB, snowflake-sdk and Ink for
    // each file (about a fifth of the suite's CPU). Per-run state lives in the run's scope
    // (src/cli/io.ts, src/util/run-scope.ts), and tests restore what they change in process.env.
    isolate: false,
    sequence: { sequencer: SlowFilesFirst },
  },
});
