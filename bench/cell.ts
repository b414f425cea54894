import path from 'node:path';
import * as pty from 'node-pty';
import stripAnsi from 'strip-ansi';
import { packageRoot } from '../src/util/paths.js';

/** Typical questions from a panel, on the gold layer. */
const QUERIES = [
  'SELECT customer_segment, COUNT(*) AS customers FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 2 DESC',
  'SELECT transaction_month, SUM(total_spend) AS spend FROM GOLD.AGG_MONTHLY_SPEND GROUP BY 1 ORDER BY 1',
  "SELECT state, COUNT(*) AS customers FROM GOLD.DIM_CUSTOMER WHERE is_current AND state = 'TX' GROUP BY 1",
  'SELECT customer_segment, ROUND(AVG(lifetime_spend), 2) AS avg_spend FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 2 DESC',
];

/**
 * The SQL cell as a presenter uses it: the built binary in a pseudo-terminal (120x40) on the
 * bench's warehouse. For each query, from the key to the cell on screen (opening), and from Enter
 * to the rows on screen (answer), over `rounds` rounds of the queries above.
 */
export async function benchSqlCell(options: { dataDir: string; rounds?: number }): Promise<{
  opens: number;
  openMs: { median: number; max: number };
  answerOnScreenMs: { median: number; max: number };
}> {
  const bin = path.join(packageRoot(), 'bin', 'c360-demo.js');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && !k.startsWith('SNOWFLAKE_'))) as Record<string, string>;
  const term = pty.spawn(process.execPath, [bin, '--data-dir', options.dataDir, '--backend', 'local'], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    cwd: packageRoot(),
    env: { ...env, FORCE_COLOR: '1' },
  });
  let raw = '';
  term.onData((d) => (raw += d));
  const waitFor = async (pattern: string | RegExp, from: number, timeoutMs = 60_000): Promise<number> => {
    const started = performance.now();
    for (;;) {
      const text = stripAnsi(raw.slice(from));
      if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`the cell did not show ${String(pattern)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const opens: number[] = [];
  const answers: number[] = [];
  try {
    await waitFor('Data flow', 0);
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      for (const query of QUERIES) {
        let mark = raw.length;
        term.write('e');
        opens.push(await waitFor('Esc back', mark));
        term.write(query);
        await waitFor(query.slice(-12), mark);
        mark = raw.length;
        term.write('\r');
        answers.push(await waitFor(/\d+ rows? · \d+ ms · local DuckDB/, mark));
        mark = raw.length;
        term.write('\x1b');
        await waitFor('Data flow', mark);
      }
    }
  } finally {
    term.write('q');
    setTimeout(() => term.kill(), 2_000).unref();
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: Math.round(sorted[Math.floor(sorted.length / 2)]!), max: Math.round(sorted.at(-1)!) };
  };
  return { opens: opens.length, openMs: summary(opens), answerOnScreenMs: summary(answers) };
}
