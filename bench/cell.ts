import { personEnv, Screen } from '../test/support/screen.js';
import { medianAndMax } from './summary.js';

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
  const screen = new Screen(['--data-dir', options.dataDir, '--backend', 'local'], { env: personEnv(), pollMs: 2 });
  const opens: number[] = [];
  const answers: number[] = [];
  try {
    await screen.waitFor('Data flow', 0, 60_000);
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      for (const query of QUERIES) {
        let mark = screen.press('e');
        opens.push(await screen.waitFor('Esc back', mark));
        screen.press(query);
        await screen.waitFor(query.slice(-12), mark);
        mark = screen.press('\r');
        answers.push(await screen.waitFor(/\d+ rows? · \d+ ms · local DuckDB/, mark, 60_000));
        mark = screen.press('\x1b');
        await screen.waitFor('Data flow', mark);
      }
    }
    screen.press('q');
    await screen.exit();
  } finally {
    screen.kill();
  }
  return { opens: opens.length, openMs: medianAndMax(opens), answerOnScreenMs: medianAndMax(answers) };
}
