import type { Row } from '../../../backends/backend.js';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { cell, runSceneSql, str } from '../../../scenes/sql-run.js';
import { bytes, count, rawLines } from './shared.js';

const SYSTEMS: Record<string, { system: string; format: string }> = {
  RAW_SUBSCRIBER_EVENTS: { system: 'subscription API', format: 'JSON lines' },
  RAW_CONTENT_ENGAGEMENT: { system: 'content platform', format: 'CSV batches' },
  RAW_SUPPORT_INTERACTIONS: { system: 'support desk', format: 'Parquet' },
};

const where = (row: Row) => `${str(row.source_file)} line ${str(row.source_line)}`;

/** The record's fields without where it came from, as `name: value` lines. */
const fieldLines = (row: Row) =>
  Object.entries(row)
    .filter(([name]) => name !== 'source_file' && name !== 'source_line')
    .map(([name, value]) => `${name}: ${str(cell(value))}`);

/** The three source systems, their formats and files, and one record of each as it arrived. */
export const sources: SceneAction = async (ctx) => {
  const files = await runSceneSql(ctx, 'sources_files.sql');
  const subscription = (await runSceneSql(ctx, 'sources_sample_subscription.sql')).rows[0];
  const content = (await runSceneSql(ctx, 'sources_sample_content.sql')).rows[0];
  const support = (await runSceneSql(ctx, 'sources_sample_support.sql')).rows[0];

  const blocks: Block[] = [
    {
      kind: 'table',
      title: 'Three source systems, three formats',
      columns: ['system', 'format', 'files', 'size', 'records', 'first file'],
      rows: files.rows.map((r) => ({
        system: SYSTEMS[str(r.table_name)]?.system ?? str(r.table_name),
        format: SYSTEMS[str(r.table_name)]?.format ?? '',
        files: count(r.files),
        size: bytes(r.bytes),
        records: count(r.records),
        'first file': str(r.first_file),
      })),
    },
  ];
  if (subscription)
    blocks.push({ kind: 'text', title: `Sample: a subscription event (JSON line), ${where(subscription)}`, lines: rawLines(str(subscription.record)) });
  if (content) {
    // The CSV line as the platform wrote it: the header, then the record's fields in order.
    const fields = Object.keys(content).filter((name) => name !== 'source_file' && name !== 'source_line');
    blocks.push({
      kind: 'text',
      title: `Sample: a content view (CSV row), ${where(content)}`,
      lines: [...rawLines(fields.join(',')), ...rawLines(fields.map((f) => str(content[f])).join(','))],
    });
  }
  if (support) blocks.push({ kind: 'text', title: `Sample: a support ticket (Parquet row), ${where(support)}`, lines: fieldLines(support) });
  return blocks;
};
