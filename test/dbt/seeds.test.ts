import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runDbt, type DbtRunResult } from '../../src/dbt/index.js';
import { localWarehouse } from '../support/pack.js';

/** A project with a seed (types inferred and declared), a model reading it, and a table-level source test. */
const files: Record<string, string> = {
  'dbt_project.yml': 'name: seed_fixture\nconfig-version: 2\nprofile: seed_fixture\nseeds:\n  seed_fixture:\n    +schema: ref\nmodels:\n  seed_fixture:\n    +materialized: table\n',
  'seeds/kinds.csv': 'id,price,day,flag,label,code\n1,2.5,2025-01-02,true,a,007\n2,3,2025-01-03,false,,010\n',
  'seeds/_seeds.yml': 'version: 2\nseeds:\n  - name: kinds\n    config:\n      column_types:\n        code: varchar\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
  'models/priced.sql': "select id, price * 2 as doubled from {{ ref('kinds') }}\n",
  'models/_sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: RAW\n    tables:\n      - name: t\n        identifier: T\n        data_tests:\n          - row_count_at_least:\n              min_rows: 3\n',
  'tests/generic/row_count_at_least.sql':
    '{% test row_count_at_least(model, min_rows) %}\nselect n from (select count(*) as n from {{ model }}) as c where n < {{ min_rows }}\n{% endtest %}\n',
};

describe('dbt seeds and source table tests in the built-in runner', () => {
  let root: string;
  let projectDir: string;
  let backend: LocalDuckDbBackend;
  let build: DbtRunResult;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-seeds-'));
    projectDir = path.join(root, 'project');
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
      fs.writeFileSync(path.join(projectDir, file), text);
    }
    backend = await LocalDuckDbBackend.open(localWarehouse(root));
    await backend.execute('create schema RAW; create table RAW.T as select * from range(2) as r(i)');
    build = await runDbt(backend, { command: 'build', dataDir: root, projectDir });
  });
  afterAll(async () => {
    await backend.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('loads a seed first, with the types dbt infers unless column_types declares one, and models ref() it', async () => {
    const seed = build.results.find((r) => r.name === 'kinds')!;
    expect([seed.resourceType, seed.status, seed.rowsAffected]).toEqual(['seed', 'success', 2]);
    expect(build.results.findIndex((r) => r.name === 'kinds')).toBeLessThan(build.results.findIndex((r) => r.name === 'priced'));
    const types = await backend.query(
      "select column_name, data_type from information_schema.columns where table_schema = 'PUBLIC_ref' and table_name = 'kinds' order by ordinal_position",
    );
    expect(types.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['id', 'INTEGER'],
      ['price', 'DOUBLE'],
      ['day', 'DATE'],
      ['flag', 'BOOLEAN'],
      ['label', 'VARCHAR'],
      ['code', 'VARCHAR'],
    ]);
    const values = await backend.query('select code, label from PUBLIC_ref.kinds order by id');
    expect(values.rows).toEqual([
      { code: '007', label: 'a' },
      { code: '010', label: null },
    ]);
    const doubled = await backend.query('select doubled from PUBLIC.priced order by id');
    expect(doubled.rows.map((r) => r.doubled)).toEqual([5, 6]);
    expect(build.results.find((r) => r.name === 'unique_kinds_id')?.status).toBe('pass');
  });

  it('runs a test declared on a source table, and its failure fails the build', () => {
    const test = build.results.find((r) => r.name === 'source_row_count_at_least_raw_t_3')!;
    expect([test.status, test.failures]).toEqual(['fail', 1]);
    expect(build.ok).toBe(false);
  });

  it('leaves seeds out of `dbt run`, as dbt does', async () => {
    const run = await runDbt(backend, { command: 'run', dataDir: root, projectDir });
    expect(run.results.map((r) => r.name)).toEqual(['priced']);
  });
});
