import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { copyMediaWarehouse } from '../support/warehouse.js';

let root: string;

beforeAll(() => {
  root = copyMediaWarehouse('c360-media-sql-');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('c360-demo sql --pack media', () => {
  it("answers the pack's tables and its Snowflake-shaped SHOW commands (the pack deploys no dbt project object)", async () => {
    const sql = (query: string) => runCliInProcess(['sql', query, '--pack', 'media', '--data-dir', root, '--json']);
    const counted = await sql('SELECT count(*) AS n FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS');
    expect(counted.status, counted.stderr).toBe(0);
    expect((JSON.parse(counted.stdout) as { n: number }[])[0]!.n).toBeGreaterThan(0);
    const tasks = await sql('SHOW TASKS');
    expect(tasks.status, tasks.stderr).toBe(0);
    expect((JSON.parse(tasks.stdout) as { name: string }[]).map((t) => t.name)).toContain('SFE_PROCESS_ENGAGEMENT_TASK');
    const projects = await sql('SHOW DBT PROJECTS');
    expect(projects.status, projects.stderr).toBe(0);
    expect(JSON.parse(projects.stdout)).toEqual([]);
  });
});
