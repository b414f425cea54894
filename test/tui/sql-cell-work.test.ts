import fs from 'node:fs';
import { localWarehouse, packDir } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSqlHistory, HISTORY_FILE } from '../../src/scenes/sql-history.js';
import { chartOf, queryErrorLine, type RecordedQuery } from '../../src/scenes/cell-query.js';
import { BackendSession, RunnerSession, type PresenterWarehouse } from '../../src/scenes/session.js';
import { BackendRunner, Recorder, ReplayRunner } from '../../src/scenes/runner.js';
import type { Backend } from '../../src/backends/backend.js';
import { readRecording } from '../../src/scenes/recording.js';
import { runConfig } from '../../src/core/config.js';
import { withIo } from '../../src/cli/io.js';
import { sqlRepl } from '../../src/cli/commands/sql-repl.js';
import { copyGoldWarehouse } from '../support/warehouse.js';
import { runCliInProcess } from '../support/cli.js';
import { FIXTURE_SCENES } from './fixtures.js';

let dataDir: string;
let scratch: string;
beforeAll(() => {
  dataDir = copyGoldWarehouse('c360-cell-');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-cell-scratch-'));
});
afterAll(() => {
  for (const d of [dataDir, scratch]) fs.rmSync(d, { recursive: true, force: true });
});

describe('SQL history in the data dir', () => {
  it('keeps queries across processes, most recent first, each once, capped, and never one with a secret in it', () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'h-'));
    const first = new FileSqlHistory(dir, 4);
    for (const q of ['select 1', 'select 2', 'select 1', "select * from x where password = 'hunter2'", '  ']) first.add(q);
    expect(new FileSqlHistory(dir).entries()).toEqual(['select 1', 'select 2']);
    fs.appendFileSync(path.join(dir, HISTORY_FILE), '{"sql": "torn\n');
    for (const q of ['select 3', 'select 4', 'select 5', 'select 6']) first.add(q);
    const entries = new FileSqlHistory(dir).entries();
    expect(entries.slice(0, 4)).toEqual(['select 6', 'select 5', 'select 4', 'select 3']);
    expect(entries.length).toBeLessThanOrEqual(5);
    expect(fs.readFileSync(path.join(dir, HISTORY_FILE), 'utf8')).not.toContain('hunter2');
  });
});

describe('charts for a query result', () => {
  it('label + number is a bar chart, date + number a line in date order, anything else none', () => {
    expect(
      chartOf({
        columns: ['segment', 'n'],
        rows: [
          { segment: 'a', n: 2 },
          { segment: 'b', n: 1 },
        ],
      }),
    ).toMatchObject({
      kind: 'bars',
      items: [
        { label: 'a', value: 2 },
        { label: 'b', value: 1 },
      ],
    });
    const months = ['2024-03-01', '2024-01-01', '2024-02-01'].map((m, i) => ({ m, v: i }));
    expect(chartOf({ columns: ['m', 'v'], rows: months })).toMatchObject({
      kind: 'line',
      labels: ['2024-01-01', '2024-02-01', '2024-03-01'],
      values: [1, 2, 0],
    });
    expect(
      chartOf({
        columns: ['a', 'b', 'c'],
        rows: [
          { a: 'x', b: 1, c: 2 },
          { a: 'y', b: 1, c: 2 },
        ],
      }),
    ).toBeUndefined();
    expect(
      chartOf({
        columns: ['year', 'n'],
        rows: [
          { year: 2024, n: 1 },
          { year: 2025, n: 2 },
        ],
      }),
    ).toBeUndefined();
    expect(
      chartOf({
        columns: ['a', 'n'],
        rows: [
          { a: 'x', n: null },
          { a: 'y', n: 1 },
        ],
      }),
    ).toBeUndefined();
  });
});

describe('the cell’s queries on a real warehouse', () => {
  it('run through the read-only guard, are recorded with their results, and replay with them', async () => {
    const asked: RecordedQuery[] = [];
    const session = new BackendSession({
      config: runConfig({ ...localWarehouse(dataDir), backend: 'local' }),
      timeoutMs: 10_000,
      onQuery: (q) => asked.push(q),
    });
    try {
      await session.open();
      const { result, tag } = await session.query('SELECT customer_segment, COUNT(*) AS customers FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 2 DESC', {
        sceneId: 'customer-360',
      });
      expect(tag).toBe('local');
      expect(result.columns).toEqual(['customer_segment', 'customers']);
      expect(result.rows.reduce((s, r) => s + Number(r.customers), 0)).toBe(1000);
      expect(chartOf(result)?.kind).toBe('bars');
      await expect(session.query('DELETE FROM GOLD.CUSTOMER_360_PROFILE', { sceneId: 'customer-360' })).rejects.toThrow(/only one read-only query is allowed/);
      const failed = await session.query('select frm x y', { sceneId: 'dbt' }).catch((e: unknown) => queryErrorLine(e));
      expect(failed).toBe('syntax error at or near "y" (line 1, column 14)');
      const unknown = await session.query('select nope from GOLD.DIM_CUSTOMER', { sceneId: 'dbt' }).catch((e: unknown) => queryErrorLine(e));
      expect(unknown).toMatch(/^Binder Error: Referenced column "nope" not found.* \(line 1, column 8\)$/);
    } finally {
      await session.close();
    }
    expect(asked.map((q) => [q.sceneId, q.result ? 'ok' : q.error?.slice(0, 20)])).toEqual([
      ['customer-360', 'ok'],
      ['customer-360', 'only one read-only q'],
      ['dbt', 'syntax error at or n'],
      ['dbt', 'Binder Error: Refere'],
    ]);

    const file = path.join(scratch, 'talk.json');
    const recorder = new Recorder(file, ['customer-360'], 'local');
    for (const q of asked) recorder.addQuery(q);
    const recording = readRecording(file);
    expect(recording.queries).toHaveLength(4);
    const replay: PresenterWarehouse = new RunnerSession(new ReplayRunner(recording, file), recording.queries);
    // The same query, as typed again with a semicolon: the recorded answer.
    const again = await replay.query('SELECT customer_segment, COUNT(*) AS customers FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 2 DESC;', {
      sceneId: 'x',
    });
    expect(again.tag).toBe('replay');
    expect(again.result.rows).toEqual(asked[0]!.result!.rows);
    await expect(replay.query('select 1', { sceneId: 'x' })).rejects.toThrow(/replay runs no SQL/);

    // The run-book made from the recording shows each query under its scene, with its rows.
    const out = path.join(scratch, 'runbook.md');
    const exported = await runCliInProcess(['export', '--replay', file, '--out', out, '--scenes', FIXTURE_SCENES]);
    expect(exported.status).toBe(0);
    const book = fs.readFileSync(out, 'utf8');
    const c360 = book.slice(book.indexOf('. Customer 360'));
    expect(c360).toContain('**Asked during the talk**');
    expect(c360).toMatch(/customer_segment\s+customers/);
    expect(book).toContain('Failed: syntax error at or near "y" (line 1, column 14)');
  });

  it('run on a sealed connection: no file access, and while an action writes they wait for it instead of using its connection', async () => {
    const session = new BackendSession({ config: runConfig({ ...localWarehouse(dataDir), backend: 'local' }), timeoutMs: 10_000 });
    try {
      await session.open();
      // Getting ready while the presenter types: the translator loads, then Snowflake's dialect answers.
      session.prepareQueries();
      const { result } = await session.query("SELECT IFF(COUNT(*) > 10, 'many', 'few') AS answer FROM GOLD.DIM_CUSTOMER", { sceneId: 'dbt' });
      expect(result.rows).toEqual([{ answer: 'many' }]);
      const outside = path.join(scratch, 'outside.csv');
      fs.writeFileSync(outside, 'a\n1\n');
      await expect(session.query(`SELECT * FROM read_csv('${outside}')`, { sceneId: 'dbt' })).rejects.toThrow(/disabled by configuration/);
    } finally {
      await session.close();
    }

    const { openLocal } = await import('../../src/backends/open.js');
    const runner = new BackendRunner({
      open: () => openLocal(localWarehouse(dataDir), { readOnly: true, sealed: true }),
      openForWrite: () => openLocal(localWarehouse(dataDir)),
      config: runConfig({ ...localWarehouse(dataDir), backend: 'local' }),
    });
    try {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let writer: Backend | undefined;
      const writing = runner.withBackend(
        async (backend) => {
          writer = backend;
          await held;
        },
        { write: true },
      );
      while (!writer) await new Promise((r) => setTimeout(r, 10));
      let answeredDuringWrite = false;
      let writerDone = false;
      const reading = runner.read(async (backend) => {
        answeredDuringWrite = writer !== undefined && !writerDone;
        return backend;
      });
      await new Promise((r) => setTimeout(r, 150));
      writerDone = true;
      release();
      await writing;
      const reader = await reading;
      expect(answeredDuringWrite).toBe(false);
      expect(reader).not.toBe(writer);
    } finally {
      await runner.close();
    }
  });

  it('a recording made before the SQL cell existed still loads', () => {
    const file = path.join(scratch, 'old.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, recordedAt: '2025-06-30T10:00:00.000Z', backend: 'local', results: {} }));
    expect(readRecording(file).queries).toBeUndefined();
  });
});

describe('c360-demo sql without a query', () => {
  it('reads the query from standard input when it is not a terminal, and says what to do when there is none', async () => {
    const piped = await runCliInProcess(['sql', '--data-dir', dataDir, '--backend', 'local'], {
      stdin: 'SELECT COUNT(*) AS n\nFROM GOLD.DIM_CUSTOMER WHERE is_current\n',
    });
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^ +n\n-+\n1000\n\(1 row, \d+ ms, local DuckDB/);
    const none = await runCliInProcess(['sql', '--data-dir', dataDir, '--backend', 'local'], { stdin: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no query: give one as an argument or on standard input/);
  });

  it('on a terminal: a prompt that runs each query ended with ;, reports a bad one in one line, and keeps the history', async () => {
    const input = new PassThrough();
    const prompts = new PassThrough();
    let shown = '';
    prompts.on('data', (d: Buffer) => (shown += d.toString()));
    const stdout = {
      text: '',
      write(t: string) {
        this.text += t;
        return true;
      },
    };
    const stderr = {
      text: '',
      write(t: string) {
        this.text += t;
        return true;
      },
    };
    const done = withIo({ stdout, stderr, stdinIsTTY: true }, async () => {
      await sqlRepl(runConfig({ ...localWarehouse(dataDir), backend: 'local' }), 1000, { input, output: prompts, terminal: false });
    });
    input.write('SELECT customer_segment, COUNT(*) AS n\n');
    input.write('FROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 1;\n');
    input.write('select frm x y;\n');
    input.write('exit\n');
    await done;
    expect(stdout.text).toMatch(/customer_segment\s+n\n/);
    expect(stdout.text).toMatch(/\(5 rows, \d+ ms, local DuckDB/);
    expect(stderr.text).toContain('error: syntax error at or near "y" (line 1, column 14)');
    expect(shown).toContain('sql> ');
    expect(new FileSqlHistory(packDir(dataDir)).entries()).toEqual([
      'select frm x y',
      'SELECT customer_segment, COUNT(*) AS n\nFROM GOLD.CUSTOMER_360_PROFILE GROUP BY 1 ORDER BY 1',
    ]);
  });
});
