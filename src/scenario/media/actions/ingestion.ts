import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { count, rawLines, when } from './shared.js';

/** Rows loaded, rejected and skipped per source (LOAD_HISTORY), the kinds of rejects, and rejected records as LOAD_ERRORS keeps them. */
export const ingestion: SceneAction = async (ctx) => {
  const bySource = await runSceneSql(ctx, 'ingest_by_source.sql');
  const kinds = await runSceneSql(ctx, 'ingest_error_kinds.sql');
  const errors = await runSceneSql(ctx, 'ingest_errors.sql');
  const total = (column: string) => bySource.rows.reduce((s, r) => s + (Number.isFinite(num(r[column])) ? num(r[column]) : 0), 0);
  const parsed = total('rows_parsed');
  const rejected = total('rows_rejected');
  const alreadyLoaded = total('loaded') + total('partially_loaded');

  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `The load (LOAD_HISTORY), last ${when(
        bySource.rows
          .map((r) => str(r.last_load))
          .sort()
          .at(-1),
      )}`,
      items: [
        { label: 'files', value: count(total('files')) },
        { label: 'rows loaded', value: count(total('rows_loaded')) },
        { label: 'rows rejected', value: `${count(rejected)} (${parsed > 0 ? ((100 * rejected) / parsed).toFixed(2) : '0.00'}%)` },
        { label: 'skipped by the next load', value: `${count(alreadyLoaded)} files (already loaded)` },
      ],
    },
    {
      kind: 'table',
      title: 'Per source: files loaded, partially loaded (some rejects) and failed; rows loaded and rejected',
      columns: ['table', 'loaded', 'partial', 'failed', 'rows', 'rejected'],
      rows: bySource.rows.map((r) => ({
        table: str(r.table_name),
        loaded: count(r.loaded),
        partial: count(r.partially_loaded),
        failed: count(r.load_failed),
        rows: count(r.rows_loaded),
        rejected: count(r.rows_rejected),
      })),
    },
    {
      kind: 'table',
      title: 'Rejected records by error',
      columns: ['table', 'error', 'records'],
      rows: kinds.rows.map((r) => ({ table: str(r.table_name), error: str(r.error_message), records: count(r.records) })),
    },
  ];
  blocks.push(
    errors.rows.length > 0
      ? {
          kind: 'text',
          title: 'Rejected records (LOAD_ERRORS): file, line, error, raw text',
          lines: errors.rows.flatMap((r) => [`${str(r.file_name)}:${str(r.line_number)}  ${str(r.error_message)}`, ...rawLines(str(r.raw_record), 'raw: ')]),
        }
      : { kind: 'text', title: 'Rejected records (LOAD_ERRORS)', lines: ['none: every record of every file loaded'] },
  );
  return blocks;
};
