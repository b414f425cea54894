import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runDbt } from '../../src/dbt/index.js';

/** A throw-away dbt project: files given as { 'models/a.sql': '...' }. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-dbtproj-'));
  fs.writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: tiny\nversion: "1"\nconfig-version: 2\nprofile: tiny\nmodels:\n  tiny:\n    +materialized: table\n');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('bad dbt projects and missing data', () => {
  let dataDir: string;
  let backend: LocalDuckDbBackend;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-'));
    backend = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir) });
    await backend.execute('create schema if not exists RAW; create or replace table RAW.T as select range as id, range % 3 as k from range(10)');
  });
  afterAll(async () => {
    await backend.close();
  });

  const sources = 'version: 2\nsources:\n  - name: raw\n    schema: RAW\n    tables:\n      - name: t\n        identifier: T\n';

  it('builds views, tables and incremental models, and runs tests', async () => {
    const dir = project({
      'models/src.yml': sources,
      'models/a.sql': "{{ config(materialized='view') }}select id, k from {{ source('raw', 't') }}",
      'models/b.sql': "{{ config(materialized='incremental', unique_key='id') }}select id, k from {{ ref('a') }}{% if is_incremental() %} where id >= (select max(id) from {{ this }}){% endif %}",
      'models/c.sql': "select count(*) as n from {{ ref('b') }}",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n      - name: k\n        data_tests:\n          - accepted_values:\n              values: [0, 1, 2]\n              quote: false\n',
    });
    const first = await runDbt(backend, { command: 'build', dataDir, projectDir: dir });
    expect(first.ok).toBe(true);
    expect(first.summary).toMatchObject({ models: 3, modelsOk: 3, tests: 3, testsPassed: 3 });
    expect(first.results.find((r) => r.name === 'b')?.rowsAffected).toBe(10);

    const oneTest = await runDbt(backend, { command: 'test', dataDir, projectDir: dir, select: ['not_null_b_id'] });
    expect(oneTest.results.map((r) => [r.name, r.status])).toEqual([['not_null_b_id', 'pass']]);

    // New source rows: the second run merges only rows at or after the last id (9, 10, 11).
    await backend.execute('insert into RAW.T values (10, 1), (11, 2)');
    const second = await runDbt(backend, { command: 'run', dataDir, projectDir: dir, select: ['b'] });
    expect(second.ok).toBe(true);
    expect(second.results.map((r) => r.name)).toEqual(['b']);
    expect(second.results[0]?.message).toMatch(/incremental/);
    expect(second.results[0]?.rowsAffected).toBe(3);
    const count = await backend.query('select count(*) as n, count(distinct id) as d from PUBLIC.B');
    expect(count.rows[0]).toEqual({ n: 12, d: 12 });

    // A failing test: exit status not ok, failing rows counted, downstream skipped.
    await backend.execute('insert into RAW.T values (12, 7)');
    const failed = await runDbt(backend, { command: 'build', dataDir, projectDir: dir, fullRefresh: true });
    expect(failed.ok).toBe(false);
    const test = failed.results.find((r) => r.name.startsWith('accepted_values_b_k'));
    expect(test).toMatchObject({ status: 'fail', failures: 1 });
    // b's other tests still run; its child c is skipped.
    expect(failed.results.filter((r) => r.name.endsWith('_b_id')).map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(failed.results.find((r) => r.name === 'c')?.status).toBe('skipped');
    const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'dbt-target', 'run_results.json'), 'utf8')) as { results: { status: string }[] };
    expect(stored.results.some((r) => r.status === 'fail')).toBe(true);
  });

  it('runs a model\'s pre and post hooks around it, skipping one that renders to nothing', async () => {
    const dir = project({
      'models/h.sql':
        "{{ config(pre_hook=['create or replace table PUBLIC.HOOK_LOG (step varchar)', '{% if false %}select 1{% endif %}'], post_hook=\"insert into PUBLIC.HOOK_LOG select 'after ' || count(*) from {{ this }}\") }}select 1 as x",
    });
    const run = await runDbt(backend, { command: 'run', dataDir, projectDir: dir });
    expect(run.results.map((r) => [r.name, r.status])).toEqual([['h', 'success']]);
    expect((await backend.query('select step from PUBLIC.HOOK_LOG')).rows).toEqual([{ step: 'after 1' }]);
  });

  it('names a ref to a missing model with file and line', async () => {
    const dir = project({ 'models/a.sql': "select 1 as x\nfrom {{ ref('nope') }}" });
    await expect(runDbt(backend, { command: 'build', dataDir, projectDir: dir })).rejects.toThrow(/models\/a\.sql:2: ref\('nope'\): there is no model named nope/);
  });

  it('names a cycle', async () => {
    const dir = project({ 'models/a.sql': "select * from {{ ref('b') }}", 'models/b.sql': "select * from {{ ref('a') }}" });
    await expect(runDbt(backend, { command: 'run', dataDir, projectDir: dir })).rejects.toThrow(/cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('reports a SQL error in a model as a failed model, and skips its children', async () => {
    const dir = project({ 'models/a.sql': 'select from where', 'models/b.sql': "select * from {{ ref('a') }}" });
    const result = await runDbt(backend, { command: 'run', dataDir, projectDir: dir });
    expect(result.ok).toBe(false);
    expect(result.results.map((r) => [r.name, r.status])).toEqual([['a', 'error'], ['b', 'skipped']]);
    expect(result.results[0]?.message).toMatch(/models\/a\.sql/);
  });

  it('asks for generate when the bronze tables are missing', async () => {
    const dir = project({
      'models/src.yml': 'version: 2\nsources:\n  - name: bronze\n    schema: BRONZE\n    tables:\n      - name: bronze_customers\n        identifier: BRONZE_CUSTOMERS\n',
      'models/a.sql': "select * from {{ source('bronze', 'bronze_customers') }}",
    });
    await expect(runDbt(backend, { command: 'build', dataDir, projectDir: dir })).rejects.toThrow(/BRONZE\.BRONZE_CUSTOMERS do not exist/);
  });
});
