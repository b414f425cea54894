import fs from 'node:fs';
import { LocalDuckDbBackend } from '../../backends/local/duckdb-backend.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { loadDag, streamProcess } from '../../orchestration/index.js';
import { dbtBuildStageRun } from '../../dbt/stage.js';
import { STREAM_PROCESS_STAGE } from '../../orchestration/task-body.js';
import type { StageContext, StageOutcome } from '../../pipeline/pipeline.js';
import { renderSqlFile } from '../../util/sql-template.js';
import { validateStageRun } from '../../validate/stage.js';
import { ensureWarehouseSchemas, tableExists } from '../../warehouse/schemas.js';
import { checkContext, REBUILD_STAGING } from './checks.js';
import { generateLanding } from './generate.js';
import { createMediaTables, loadLanding } from './ingest.js';
import { generationRecordFile, landingDir, readGenerationRecord, writeGenerationRecord, type GenerationRecord } from './generation-record.js';

const count = (n: number) => n.toLocaleString('en-US');

/** Where the staging tasks' runs are reconciled with raw (sql/media/setup/03_staging.sql). */
const RECONCILIATION_VIEW = 'SFE_STG_MEDIA.V_STAGING_RECONCILIATION';

/**
 * Generating with other settings than the files in landing were made with starts a new history:
 * the old files, raw rows, load history, rejects and staged rows go (else the loader would report
 * every file as changed and keep the old rows). The same settings write the same bytes, and the
 * load then skips every file.
 */
async function startNewHistoryIfChanged(backend: LocalDuckDbBackend, config: StageContext['config']): Promise<void> {
  const dir = landingDir(config.dataDir);
  if (!fs.existsSync(dir)) return;
  const previous = readGenerationRecord(config.dataDir);
  const same = typeof previous === 'object' && previous.scale === config.scale && previous.seed === config.seed && previous.asOf === config.asOf;
  if (same) return;
  await ensureWarehouseSchemas(backend);
  await backend.transaction(() => backend.execute(renderSqlFile(['src', 'scenario', 'media', 'generate', 'reset.sql'], {})));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(generationRecordFile(config.dataDir), { force: true });
}

/** Pipeline stage: the three sources' landing files (and the subscriber roster). */
export async function generateStageRun(context: StageContext): Promise<StageOutcome> {
  const { backend, config } = context;
  if (!(backend instanceof LocalDuckDbBackend)) {
    throw new UserError('the media sources are generated on the local backend; on Snowflake PUT the landing files to @SFE_RAW_MEDIA.SFE_LANDING');
  }
  await startNewHistoryIfChanged(backend, config);
  const summary = await generateLanding(backend, {
    scale: config.scale,
    seed: config.seed,
    asOf: config.asOf,
    landingDir: landingDir(config.dataDir),
    onProgress: context.onProgress,
    signal: context.signal,
  });
  writeGenerationRecord(config.dataDir, {
    scale: summary.scale,
    seed: summary.seed,
    asOf: summary.asOf,
    subscribers: summary.subscribers,
    contentBatchMinutes: summary.contentBatchMinutes,
    dirtRates: { ...summary.dirtRates },
  });
  const { subscription_events: events, content_engagement: views, support_tickets: tickets } = summary.sources;
  return {
    rows: events.records + views.records + tickets.records,
    detail: `${count(summary.subscribers)} subscribers: ${count(events.records)} subscription events, ${count(views.records)} content views, ${count(tickets.records)} tickets in ${count(events.files + views.files + tickets.files)} files`,
    data: summary,
  };
}

/**
 * Pipeline stage: the landing files into SFE_RAW_MEDIA. The staging tables and the streams are
 * created first, as a Snowflake deployment creates them before its first load.
 */
export async function loadStageRun(context: StageContext): Promise<StageOutcome> {
  const { backend, config } = context;
  const dir = landingDir(config.dataDir);
  if (!fs.existsSync(dir)) throw new UserError(`no landing folder at ${dir}`, undefined, 'generate the sources first: c360-demo generate --pack media');
  await createMediaTables(backend);
  const result = await loadLanding(backend, { landingDir: dir, onProgress: context.onProgress, signal: context.signal });
  const issues = result.issues.length > 0 ? `; ${result.issues.length} issues: ${result.issues[0]!.message}` : '';
  return {
    rows: result.rowsLoaded,
    detail: `${count(result.rowsLoaded)} rows loaded, ${count(result.rowsRejected)} rejected, ${count(result.filesLoaded)} files loaded, ${count(result.filesSkipped)} skipped${issues}`,
    data: result,
  };
}

/** Pipeline stage: one run of each stream task of the graph, as the 1-minute schedule would start it. */
export async function stagingStageRun(context: StageContext): Promise<StageOutcome> {
  const { backend, config } = context;
  const tasks = loadDag(config.pack).tasks.filter((t) => t.localStage === STREAM_PROCESS_STAGE);
  let rows = 0;
  const parts: string[] = [];
  const runs = [];
  for (const task of tasks) {
    const run = await streamProcess(backend, { task: task.name, signal: context.signal });
    if (run.state === 'FAILED') throw new Error(`${task.name} failed: ${run.history.error_message ?? 'no message'}`);
    rows += run.merged_rows;
    parts.push(`${task.name.toLowerCase()} ${run.state} +${count(run.merged_rows)}`);
    runs.push(run);
  }
  return { rows, detail: parts.join(', '), data: runs };
}

function generationRecordOrThrow(dataDir: string): GenerationRecord {
  const record = readGenerationRecord(dataDir);
  if (record === undefined) throw new UserError('the media sources have not been generated here yet', 1, 'run `c360-demo pipeline --pack media` first');
  if (record === 'invalid')
    throw new UserError(`${generationRecordFile(dataDir)} is not a generation record`, 1, 'generate again: c360-demo generate --pack media');
  return record;
}

/** Pipeline stage: `dbt build` of dbt/media, as of the date the sources were generated for. */
export async function dbtStageRun(context: StageContext): Promise<StageOutcome> {
  const record = generationRecordOrThrow(context.config.dataDir);
  return dbtBuildStageRun(context, { as_of_date: record.asOf });
}

/** Pipeline stage: the raw and staging checks, the raw ones judged against what generation made. */
export async function validateMediaStageRun(context: StageContext): Promise<StageOutcome> {
  const values = checkContext(generationRecordOrThrow(context.config.dataDir));
  // Check 13 reads the reconciliation the staging tasks record; a warehouse built before has none.
  if ((await tableExists(context.backend, 'SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT')) && !(await tableExists(context.backend, RECONCILIATION_VIEW))) {
    throw new UserError(
      `this warehouse's staging layer was built before its runs were reconciled (no ${RECONCILIATION_VIEW})`,
      ExitCode.backendUnavailable,
      `rebuild it: ${REBUILD_STAGING}`,
    );
  }
  return validateStageRun(context, { values });
}
