import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { BuildOffer } from './BuildOffer.js';

const base = {
  where: 'local DuckDB .c360/warehouse.duckdb',
  width: 90,
  now: 12_000,
  text: {
    pipeline: 'generate, validate, dbt, churn, share',
    test: '1,000 customers, about 5 seconds',
    full: '50,000 customers, ~11.3M transactions, about 3 minutes',
  },
};

describe('BuildOffer', () => {
  it('offers both scales with the measured times', () => {
    const frame = render(<BuildOffer {...base} warehouse={{ status: 'empty', detail: 'no BRONZE.BRONZE_CUSTOMERS table' }} />).lastFrame()!;
    expect(frame).toContain('The warehouse is empty (no BRONZE.BRONZE_CUSTOMERS table).');
    expect(frame).toContain('Build it now with the pipeline (generate, validate, dbt, churn, share):');
    expect(frame).toContain('t  test scale: 1,000 customers, about 5 seconds');
    expect(frame).toContain('f  full scale: 50,000 customers, ~11.3M transactions, about 3 minutes');
  });

  it('shows the build’s stage, progress and elapsed time', () => {
    const frame = render(
      <BuildOffer {...base} warehouse={{ status: 'building', scale: 'test', startedAt: 2_000, progress: { stage: 'generate transactions', fraction: 0.5 } }} />,
    ).lastFrame()!;
    expect(frame).toContain('Building the warehouse at test scale… 00:10');
    expect(frame).toMatch(/generate transactions +█+░+ 50%/);
  });

  it('says why a build failed and how to go on', () => {
    const frame = render(<BuildOffer {...base} warehouse={{ status: 'build-failed', error: 'disk full' }} />).lastFrame()!;
    expect(frame).toContain('The build failed: disk full');
    expect(frame).toContain('t / f to try again');
  });
});
