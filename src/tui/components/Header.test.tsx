import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Header, headerHeight } from './Header.js';

describe('Header', () => {
  it('names the warehouse on the right and keeps the fallback notice on a second line', () => {
    const { lastFrame } = render(
      <Header
        width={100}
        mode="live"
        label="local DuckDB .c360/warehouse.duckdb"
        checking={false}
        notice="Snowflake is not reachable (connection refused); using the local warehouse instead"
      />,
    );
    const [first, second] = lastFrame()!.split('\n');
    expect(first).toMatch(/^c360-demo +local DuckDB \.c360\/warehouse\.duckdb$/);
    expect(second).toContain('⚠ Snowflake is not reachable (connection refused); using the local');
    expect(headerHeight({ notice: 'x' })).toBe(2);
  });

  it('says when the warehouse is still being checked, and shows a background run in the corner', () => {
    expect(render(<Header width={100} mode="rehearse" label="checking for Snowflake…" checking />).lastFrame()).toContain('· rehearse');
    expect(render(<Header width={100} mode="live" label="x" checking />).lastFrame()).toContain('x · checking warehouse…');
    expect(render(<Header width={100} mode="live" label="checking for Snowflake…" checking />).lastFrame()).not.toContain('checking warehouse');
    const frame = render(<Header width={80} mode="live" label="local DuckDB f" checking={false} background="Trigger 00:12 generate" />).lastFrame()!;
    expect(frame.split('\n')[0]).toContain('⟳ Trigger 00:12 generate');
    expect(frame.split('\n')[1]).toBe('local DuckDB f');
  });

  it('never runs past its width', () => {
    const frame = render(<Header width={80} mode="onboard" label={'x'.repeat(200)} checking notice={'n'.repeat(200)} />).lastFrame()!;
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
