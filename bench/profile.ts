/**
 * `npm run bench -- --profile FILE`: DuckDB's own profile (the EXPLAIN ANALYZE tree) of every
 * statement the pipeline runs on the local backend - each generation step, each dbt model and
 * test, each check and the churn queries - written to one Markdown file, slowest statements first.
 *
 * It wraps the backend in a proxy: scripts are run one statement at a time (DuckDB writes the
 * profile of the last statement only), and after each one the JSON profile DuckDB wrote is read
 * back. The statements and their results are the same as without profiling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueryOptions } from '../src/backends/backend.js';
import type { LocalDuckDbBackend } from '../src/backends/local/duckdb-backend.js';
import { splitStatements } from '../src/util/sql-split.js';

interface ProfileNode {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
}

interface ProfileJson extends ProfileNode {
  latency?: number;
  cpu_time?: number;
  system_peak_buffer_memory?: number;
  system_peak_temp_dir_size?: number;
  total_bytes_written?: number;
}

export interface StatementProfile {
  /** The pipeline stage that ran it (from the progress events). */
  stage: string;
  /** What the statement makes or reads: the target of CREATE/INSERT, else its first words. */
  label: string;
  seconds: number;
  cpuSeconds: number;
  peakBufferMiB: number;
  peakTempMiB: number;
  tree: string;
  sql: string;
}

const MiB = 2 ** 20;

function describe(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const target = /^(create(?: or replace)?(?: temp(?:orary)?)? (?:table|view|macro)|insert into|delete from)(?: if not exists)? ([^\s(]+)/i.exec(flat);
  if (target) return `${target[1]!.toLowerCase()} ${target[2]!.replace(/"/g, '')}`;
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

function renderTree(node: ProfileNode, depth = 0, out: string[] = []): string[] {
  if (node.operator_name) {
    const seconds = (node.operator_timing ?? 0).toFixed(3);
    const rows = node.operator_cardinality ?? 0;
    out.push(`${'  '.repeat(depth)}${node.operator_name.trim()}  ${seconds} s  ${rows.toLocaleString('en-US')} rows`);
    depth++;
  }
  for (const child of node.children ?? []) renderTree(child, depth, out);
  return out;
}

/** Statements DuckDB does not profile usefully (transaction control, settings). */
function isControl(sql: string): boolean {
  return /^(begin|commit|rollback|set|reset|pragma|use|checkpoint)\b/i.test(sql.trim());
}

export interface Profiler {
  backend: LocalDuckDbBackend;
  setStage(stage: string): void;
  write(file: string, header: Record<string, unknown>): void;
}

/**
 * A profiling proxy over `backend`: same methods, same results; every statement's profile is
 * collected. Call `write` at the end.
 */
export async function profiledBackend(backend: LocalDuckDbBackend): Promise<Profiler> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-profile-'));
  const output = path.join(dir, 'last.json');
  const connection = backend.duckdb;
  await connection.run(`SET enable_profiling = 'json'`);
  await connection.run(`SET profiling_output = '${output.replace(/'/g, "''")}'`);
  await connection.run(`SET profiling_coverage = 'ALL'`);
  const profiles: StatementProfile[] = [];
  let stage = 'setup';

  const collect = (sql: string) => {
    if (isControl(sql) || !fs.existsSync(output)) return;
    let json: ProfileJson;
    try {
      json = JSON.parse(fs.readFileSync(output, 'utf8')) as ProfileJson;
    } catch {
      return;
    }
    fs.rmSync(output, { force: true });
    profiles.push({
      stage,
      label: describe(sql),
      seconds: json.latency ?? 0,
      cpuSeconds: json.cpu_time ?? 0,
      peakBufferMiB: Math.round((json.system_peak_buffer_memory ?? 0) / MiB),
      peakTempMiB: Math.round((json.system_peak_temp_dir_size ?? 0) / MiB),
      tree: renderTree(json).join('\n'),
      sql,
    });
  };

  const execute = async (sql: string, options?: QueryOptions): Promise<void> => {
    for (const statement of splitStatements(sql)) {
      await backend.execute(statement.text, options);
      collect(statement.text);
    }
  };
  const query = async (sql: string, options?: QueryOptions) => {
    const result = await backend.query(sql, options);
    collect(sql);
    return result;
  };
  const proxy = new Proxy(backend, {
    get(target, property, receiver) {
      if (property === 'execute') return execute;
      if (property === 'query') return query;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });

  return {
    backend: proxy,
    setStage(next) {
      stage = next;
    },
    write(file, header) {
      const total = profiles.reduce((sum, p) => sum + p.seconds, 0);
      const byStage = new Map<string, number>();
      for (const p of profiles) byStage.set(p.stage, (byStage.get(p.stage) ?? 0) + p.seconds);
      const slowest = [...profiles].sort((a, b) => b.seconds - a.seconds);
      const lines = [
        '# c360-demo bench profile',
        '',
        '```json',
        JSON.stringify(header, null, 2),
        '```',
        '',
        `${profiles.length} statements, ${total.toFixed(3)} s inside DuckDB.`,
        '',
        '| stage | seconds in DuckDB |',
        '|---|---:|',
        ...[...byStage].map(([name, seconds]) => `| ${name} | ${seconds.toFixed(3)} |`),
        '',
        '## Slowest statements',
        '',
        '| # | stage | statement | seconds | cpu s | peak buffer MiB | peak temp MiB |',
        '|---:|---|---|---:|---:|---:|---:|',
        ...slowest
          .slice(0, 40)
          .map(
            (p, i) =>
              `| ${i + 1} | ${p.stage} | \`${p.label.replace(/\|/g, '\\|')}\` | ${p.seconds.toFixed(3)} | ${p.cpuSeconds.toFixed(3)} | ${p.peakBufferMiB} | ${p.peakTempMiB} |`,
          ),
        '',
        '## Plans (EXPLAIN ANALYZE), slowest first',
        '',
        ...slowest
          .filter((p) => p.seconds >= 0.05)
          .flatMap((p, i) => [`### ${i + 1}. ${p.stage}: ${p.label} (${p.seconds.toFixed(3)} s)`, '', '```text', p.tree, '```', '']),
      ];
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
