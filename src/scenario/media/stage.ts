import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LocalDuckDbBackend } from '../../backends/local/duckdb-backend.js';
import { UserError } from '../../core/errors.js';
import { packPath } from '../../core/pack.js';
import { loadDag, streamProcess, streamStatus } from '../../orchestration/index.js';
import { STREAM_PROCESS_STAGE } from '../../orchestration/task-body.js';
import type { StageContext, StageOutcome } from '../../pipeline/pipeline.js';
import { renderSqlFile } from '../../util/sql-template.js';
import { validateStageRun } from '../../validate/stage.js';
import { ensureWarehouseSchemas } from '../../warehouse/schemas.js';
import { checkContext } from './checks.js';
import { generateLanding } from './generate.js';
import { loadLanding } from './ingest.js';

const count = (n: number) => n.toLocaleString('en-US');

/** The landing folder of the pack's data dir, where the source systems deliver their files. */
export const landingDir = (dataDir: string): string => path.join(dataDir, 'landing');

/** What generation made, kept beside the landing folder: the checks judge the files against it. */
const GENERATION_FILE = 'generation.json';
const generationRecord = z.object({
  scale: z.string(),
  seed: z.number(),
  asOf: z.string(),
  subscribers: z.number().int().positive(),
  contentBatchMinutes: z.number().int().positive(),
  dirtRates: z.record(z.string(), z.number()),
});

/**
 * Generating with other settings than the files in landing were made with starts a new history:
 * the old files, raw rows, load history, rejects and staged rows go (else the loader would report
 * every file as changed and keep the old rows). The same settings write the same bytes, and the
 * load then skips every file.
 */
async function startNewHistoryIfChanged(backend: LocalDuckDbBackend, config: StageContext['config']): Promise<void> {
  const dir = landingDir(config.dataDir);
  if (!fs.existsSync(dir)) return;
  const file = path.join(config.dataDir, GENERATION_FILE);
  const previous = fs.existsSync(file) ? generationRecord.safeParse(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
  const same = previous?.success === true && previous.data.scale === config.scale && previous.data.seed === config.seed && previous.data.asOf === config.asOf;
  if (same) return;
  await ensureWarehouseSchemas(backend);
  await backend.transaction(() => backend.execute(renderSqlFile(['src', 'scenario', 'media', 'generate', 'reset.sql'], {})));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(file, { force: true });
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
  const record: z.infer<typeof generationRecord> = {
    scale: summary.scale,
    seed: summary.seed,
    asOf: summary.asOf,
    subscribers: summary.subscribers,
    contentBatchMinutes: summary.contentBatchMinutes,
    dirtRates: { ...summary.dirtRates },
  };
  fs.writeFileSync(path.join(config.dataDir, GENERATION_FILE), `${JSON.stringify(record, null, 2)}\n`);
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
  await ensureWarehouseSchemas(backend);
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', 'raw_tables.sql'], {}));
  await backend.execute(fs.readFileSync(packPath(config.pack, 'sql', 'setup', '03_staging.sql'), 'utf8'));
  for (const stream of loadDag(config.pack).streams) await streamStatus(backend, { stream: stream.name, limit: 0 });
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

/** Pipeline stage: the raw and staging checks, the raw ones judged against what generation made. */
export async function validateMediaStageRun(context: StageContext): Promise<StageOutcome> {
  const file = path.join(context.config.dataDir, GENERATION_FILE);
  if (!fs.existsSync(file)) throw new UserError('the media sources have not been generated here yet', 1, 'run `c360-demo pipeline --pack media` first');
  const parsed = generationRecord.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new UserError(`${file} is not a generation record`, 1, 'generate again: c360-demo generate --pack media');
  return validateStageRun(context, { values: checkContext(parsed.data) });
}
