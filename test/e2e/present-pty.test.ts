import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { EMULATION_SCHEMA } from '../../src/orchestration/local/store.js';
import { loadScenes } from '../../src/scenes/load.js';
import { localWarehouse, packDir } from '../support/pack.js';
import { FIXTURE_SCENES } from '../tui/fixtures.js';
import { KEY, personEnv, root, Screen } from '../support/screen.js';

/**
 * The BUILT binary (npm test builds first) in a real pseudo-terminal, started the way the README
 * says: no backend flag, so `--backend auto` decides (no Snowflake configured here: local).
 */
const scenes = loadScenes(FIXTURE_SCENES).scenes;
let emptyRoot: string;
let dataDir: string;
let snowflakeHome: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first (npm test does)');
  // A data dir that does not exist yet: the session starts from nothing, as on a fresh machine.
  emptyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-e2e-empty-'));
  dataDir = path.join(emptyRoot, 'd');
  snowflakeHome = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-e2e-sfhome-'));
});

afterAll(() => {
  for (const d of [emptyRoot, snowflakeHome]) fs.rmSync(d, { recursive: true, force: true });
});

const env = () => personEnv({ SNOWFLAKE_HOME: snowflakeHome });

/**
 * What the trigger's graph run left in the warehouse: every real stage ran at the scale the
 * warehouse was generated with (test, not the default full), kept its artefacts in the data dir,
 * and listed every customer with an approved purchase in the 30 days up to the as-of date.
 */
async function expectTriggerRebuiltAtTestScale(): Promise<void> {
  const backend = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir), readOnly: true });
  try {
    const { rows } = await backend.query(`SELECT (SELECT count(*) FROM BRONZE.BRONZE_CUSTOMERS) AS customers,
      (SELECT count(*) FROM GOLD.CHURN_PREDICTIONS) AS listed,
      (SELECT count(DISTINCT customer_id) FROM BRONZE.BRONZE_TRANSACTIONS WHERE status = 'approved'
        AND CAST(transaction_date AS DATE) > (SELECT max(CAST(transaction_date AS DATE)) FROM BRONZE.BRONZE_TRANSACTIONS) - 30) AS recent,
      (SELECT count(*) FROM ${EMULATION_SCHEMA}.task_history WHERE state = 'SUCCEEDED') AS succeeded`);
    const [row] = rows;
    expect(row!.customers).toBe(1_000);
    expect(row!.listed).toBe(row!.recent);
    expect(row!.succeeded).toBeGreaterThanOrEqual(5);
  } finally {
    await backend.close();
  }
  expect(fs.readdirSync(packDir(dataDir))).toEqual(expect.arrayContaining(['dbt-target', 'share']));
}

describe('c360-demo in a real terminal, default invocation', () => {
  // One session, as a presenter's first run goes: each launch costs a second or more of CPU.
  it('on an empty data dir builds the warehouse with t (pressed while it is still being checked); asks for a bigger terminal when shrunk; walks every scene and step, runs the trigger, quits cleanly with exit 0', async () => {
    const launched = Date.now();
    const screen = new Screen(['--data-dir', dataDir, '--scenes', FIXTURE_SCENES], { env: env() });
    try {
      await screen.waitFor('c360-demo');
      const firstFrameMs = Date.now() - launched;
      const buildMark = screen.press('t');
      await screen.waitFor('Building the warehouse at test scale', buildMark);
      await screen.waitFor('Data flow', buildMark, 60_000);
      expect(screen.text(buildMark)).toMatch(/1,000 customers/);
      expect(screen.text()).toContain('[local]');

      // The window dragged smaller than the presenter needs, then back: the session carries on where it was.
      const shrunk = screen.resize(60, 20);
      await screen.waitFor('enlarge it to at least 80x24', shrunk);
      const enlarged = screen.resize(120, 40);
      await screen.waitFor(`1/10 ${scenes[0]!.title}`, enlarged);
      await screen.waitFor('Data flow', enlarged);
      const keyLatencies: number[] = [];
      let cellOpenMs = 0;
      let cellQueryMs = 0;
      let triggerScreen = '';
      for (let i = 1; i < scenes.length; i++) {
        // Scenes with steps take one key per step first.
        for (let step = 1; step < Math.max(1, scenes[i - 1]!.steps.length); step++) {
          const mark = screen.press(KEY.pageDown);
          await screen.waitFor(`${i}/10 · ${step + 1}/`, mark);
        }
        const key = i % 2 === 0 ? ' ' : KEY.right;
        const mark = screen.press(key);
        keyLatencies.push(await screen.waitFor(`${i + 1}/10`, mark));
        if (scenes[i]!.id === 'customer-360') {
          // A panel question on the spot: the SQL cell over the scene, a query on gold, Esc back.
          await screen.waitFor('Segments: customers', mark);
          const openMark = screen.press('e');
          cellOpenMs = await screen.waitFor('Esc back', openMark);
          screen.press('SELECT customer_segment, COUNT(*) AS customers FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 2 DESC');
          await screen.waitFor('ORDER BY 2 DESC', openMark);
          const runMark = screen.press('\r');
          cellQueryMs = await screen.waitFor(/5 rows · \d+ ms · local DuckDB/, runMark);
          // The rows, and the bar chart beside them.
          await screen.waitFor(/Stable Mid-Spenders +\d+ +Stable Mid-Spenders +█/, runMark);
          const backMark = screen.press(KEY.escape);
          await screen.waitFor(/6\/10 · 1\/\d[\s\S]*Segments: customers/, backMark);
        }
        if (scenes[i]!.id === 'trigger') {
          await screen.waitFor('press r to run it', mark);
          const runMark = screen.press('r');
          await screen.waitFor(/running/, runMark);
          // The graph runs for real (test scale): every task of this run succeeds.
          await screen.waitFor(/Graph run \d+ from GENERATE_CUSTOMER_DATA/, runMark, 45_000);
          triggerScreen = screen.text(runMark);
        }
      }
      // The graph ran for real (test scale): every task of the run succeeded.
      expect(triggerScreen).toMatch(/state: SUCCEEDED/);
      for (const task of ['GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA', 'RUN_DBT_TRANSFORMATIONS', 'TRAIN_CHURN_MODEL', 'REFRESH_ANALYTICS_VIEWS']) {
        expect(triggerScreen).toContain(`SUCCEEDED ${task}`);
      }
      const quitMark = screen.press('q');
      // The terminal comes back at once (below); the process may take longer on a loaded machine,
      // while the trigger's writes are folded into the warehouse file as it closes.
      expect(await screen.exit(30_000)).toBe(0);
      // The alternate screen was left: the user's terminal is restored.
      expect(screen.raw.slice(quitMark)).toContain('\x1b[?1049l');
      const seen = screen.text();
      for (const s of scenes) expect(seen).toContain(s.title.split(' — ')[0]);
      expect(seen).not.toContain('live result is unavailable');
      await expectTriggerRebuiltAtTestScale();
      console.log(
        `[e2e] SQL cell opened in ${cellOpenMs} ms, a gold query answered in ${cellQueryMs} ms; first frame ${firstFrameMs} ms, key→redraw median ${keyLatencies.sort((a, b) => a - b)[Math.floor(keyLatencies.length / 2)]} ms, max ${Math.max(...keyLatencies)} ms`,
      );
    } finally {
      screen.kill();
    }
  }, 180_000);
});
