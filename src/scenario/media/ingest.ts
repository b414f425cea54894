import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backend, ProgressListener } from '../../backends/backend.js';
import { InterruptedError, UserError } from '../../core/errors.js';
import { renderSqlFile, sqlLiteral } from '../../util/sql-template.js';
import { readRepoFile } from '../../util/paths.js';
import { loadDag, streamStatus } from '../../orchestration/index.js';
import { ensureWarehouseSchemas } from '../../warehouse/schemas.js';
import { CONTENT_CSV_HEADER, SOURCES, type SourceName } from './generate.js';

/** Where each source's files land, and in which raw table and format. */
const SOURCE_TABLES: Record<SourceName, { table: string; extension: string; format: string }> = {
  subscription_events: { table: 'RAW_SUBSCRIBER_EVENTS', extension: '.jsonl', format: 'JSON lines' },
  content_engagement: { table: 'RAW_CONTENT_ENGAGEMENT', extension: '.csv', format: 'CSV' },
  support_tickets: { table: 'RAW_SUPPORT_INTERACTIONS', extension: '.parquet', format: 'Parquet' },
};

const TICKET_COLUMNS = [
  'ticket_id',
  'subscriber_id',
  'created_at',
  'category',
  'channel',
  'priority',
  'status',
  'resolved_at',
  'resolution_code',
  'satisfaction_score',
  'first_response_minutes',
];

export type LoadIssueKind = 'changed' | 'empty' | 'vanished' | 'unreadable' | 'wrong_schema' | 'unexpected_file';

/** Something about one file the operator should know; `message` is one line, file name first. */
export interface LoadIssue {
  file: string;
  kind: LoadIssueKind;
  message: string;
}

export interface SourceLoad {
  rowsLoaded: number;
  rowsRejected: number;
  filesLoaded: number;
  /** Already loaded with the same content: skipped, as COPY INTO skips a file in its load metadata. */
  filesSkipped: number;
  /** Loaded before, different now: reported and not loaded again. */
  filesChanged: number;
  /** Recorded as LOAD_FAILED (retried on the next load). */
  filesFailed: number;
}

export interface LoadResult extends SourceLoad {
  sources: Record<SourceName, SourceLoad>;
  issues: LoadIssue[];
  seconds: number;
}

export interface LoadLandingOptions {
  landingDir: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

interface LandedFile {
  /** Relative to the landing folder, with forward slashes: the name LOAD_HISTORY keeps. */
  name: string;
  path: string;
  size: number;
  modifiedMs: number;
  /** SHA-256 of the content; for a new file filled in just before its chunk loads (see hashFiles). */
  hash: string;
}

interface HistoryRow {
  status: string;
  size: number | null;
  modifiedMs: number | null;
  hash: string | null;
  loadedAt: string;
}

function emptyLoad(): SourceLoad {
  return { rowsLoaded: 0, rowsRejected: 0, filesLoaded: 0, filesSkipped: 0, filesChanged: 0, filesFailed: 0 };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Files under a source folder, sorted by name (dated names: the order they were delivered). */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((relative) => !relative.split(path.sep).some((part) => part.startsWith('.')))
    .map((relative) => path.join(dir, relative))
    .filter((file) => {
      try {
        return !fs.statSync(file).isDirectory();
      } catch {
        return true; // gone already: reported as vanished below
      }
    })
    .sort();
}

/**
 * Creates what the load and the staging tasks work on where it is missing (idempotent), as a
 * Snowflake deployment creates it before its first load: the schemas; the raw layer and the local
 * copy of STG_CONTENT_ENGAGEMENT from their local DDL, then the rest of the staging layer from
 * sql/media/setup/03_staging.sql, the file Snowflake runs; and the streams on the raw tables.
 */
export async function createMediaTables(backend: Backend): Promise<void> {
  await ensureWarehouseSchemas(backend);
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', 'raw_tables.sql'], {}));
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', 'staging_tables.sql'], {}));
  await backend.execute(readRepoFile('sql', 'media', 'setup', '03_staging.sql'));
  for (const stream of loadDag(backend.pack).streams) await streamStatus(backend, { stream: stream.name, limit: 0 });
}

/**
 * Loads the landing folder's files into SFE_RAW_MEDIA, like COPY INTO with ON_ERROR = CONTINUE:
 * - a file in LOAD_HISTORY as LOADED or PARTIALLY_LOADED with the same content is skipped;
 * - a file loaded before whose content changed is reported and NOT loaded again (loading it would
 *   duplicate the rows it still shares with the first version; give it a new name to load it);
 * - records that do not parse go to LOAD_ERRORS with file and line, and never stop the load;
 * - a file that cannot be read, has the wrong columns or is not what it claims is recorded as
 *   LOAD_FAILED (retried next time); an empty file or one that disappears is reported and left
 *   for the next load.
 * Each source's new files load in one transaction (rows, errors and history together); if that
 * fails, each file is loaded in its own, so one bad file costs only itself.
 */
export async function loadLanding(backend: Backend, options: LoadLandingOptions): Promise<LoadResult> {
  if (backend.kind !== 'local') throw new UserError('the landing folder is loaded by the local warehouse; on Snowflake run sql/media/ingest.sql');
  const started = performance.now();
  const landingDir = path.resolve(options.landingDir);
  if (!fs.existsSync(landingDir)) {
    throw new UserError(`no landing folder at ${landingDir}`, undefined, 'generate the media sources first');
  }
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', 'raw_tables.sql'], {}));

  const issues: LoadIssue[] = [];
  const sources = {} as Record<SourceName, SourceLoad>;
  for (const [index, source] of SOURCES.entries()) {
    if (options.signal?.aborted) throw new InterruptedError('interrupted: every file loaded so far is committed with its history');
    options.onProgress?.({ stage: 'load media sources', fraction: index / SOURCES.length, message: source });
    sources[source] = await loadSource(backend, landingDir, source, issues, options.signal);
  }
  options.onProgress?.({ stage: 'load media sources', fraction: 1 });

  const total = emptyLoad();
  for (const load of Object.values(sources)) {
    for (const key of Object.keys(total) as (keyof SourceLoad)[]) total[key] += load[key];
  }
  return { ...total, sources, issues, seconds: (performance.now() - started) / 1000 };
}

async function readHistory(backend: Backend, table: string): Promise<Map<string, HistoryRow>> {
  const { rows } = await backend.query(
    `SELECT file_name, status, file_size, file_modified_ms, content_hash, CAST(last_load_time AS VARCHAR) AS loaded_at
     FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE table_name = ${sqlLiteral(table)}`,
  );
  return new Map(
    rows.map((r) => [
      String(r.file_name),
      {
        status: String(r.status),
        size: r.file_size === null ? null : Number(r.file_size),
        modifiedMs: r.file_modified_ms === null ? null : Number(r.file_modified_ms),
        hash: r.content_hash === null ? null : String(r.content_hash),
        loadedAt: String(r.loaded_at),
      },
    ]),
  );
}

async function loadSource(backend: Backend, landingDir: string, source: SourceName, issues: LoadIssue[], signal?: AbortSignal): Promise<SourceLoad> {
  const { table, extension, format } = SOURCE_TABLES[source];
  const load = emptyLoad();
  const history = await readHistory(backend, table);
  const toLoad: LandedFile[] = [];
  const failed: { file: LandedFile | { name: string; size: null; modifiedMs: null; hash: null }; message: string }[] = [];

  for (const filePath of listFiles(path.join(landingDir, source))) {
    const name = path.relative(landingDir, filePath).split(path.sep).join('/');
    if (!name.endsWith(extension)) {
      issues.push({ file: name, kind: 'unexpected_file', message: `${name}: not a ${format} file (${extension}); left alone` });
      continue;
    }
    let stat: fs.Stats;
    // A file loaded before is read whole, to compare its hash; of a new one only the start (the
    // CSV header): its hash is taken while the chunk before it loads.
    let content: Buffer | undefined;
    const previous = history.get(name);
    const loadedBefore = previous !== undefined && previous.status !== 'LOAD_FAILED';
    try {
      stat = fs.statSync(filePath);
      // Size and modification time unchanged: the content is taken as unchanged without reading it.
      const unchanged = previous && previous.size === stat.size && previous.modifiedMs === Math.trunc(stat.mtimeMs);
      if (loadedBefore && unchanged) {
        load.filesSkipped++;
        continue;
      }
      content = loadedBefore ? fs.readFileSync(filePath) : readStart(filePath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        issues.push({ file: name, kind: 'vanished', message: `${name}: disappeared before it was loaded; it will be loaded when it is back` });
      } else {
        const message = `cannot read the file (${code ?? firstLine(String(err))})`;
        issues.push({ file: name, kind: 'unreadable', message: `${name}: ${message}; recorded as LOAD_FAILED` });
        failed.push({ file: { name, size: null, modifiedMs: null, hash: null }, message });
      }
      continue;
    }
    const file: LandedFile = {
      name,
      path: filePath,
      size: stat.size,
      modifiedMs: Math.trunc(stat.mtimeMs),
      hash: loadedBefore ? contentHash(content, previous.hash) : '',
    };
    if (loadedBefore) {
      if (previous.hash === file.hash) {
        load.filesSkipped++;
        // Touched but not changed: remember the new time so the next load need not read it.
        await backend.execute(
          `UPDATE SFE_RAW_MEDIA.LOAD_HISTORY SET file_size = ${file.size}, file_modified_ms = ${file.modifiedMs} WHERE file_name = ${sqlLiteral(name)}`,
        );
      } else {
        load.filesChanged++;
        issues.push({
          file: name,
          kind: 'changed',
          message: `${name}: changed since it was loaded at ${previous.loadedAt}; not loaded again (its rows would be duplicated) - deliver it under a new name to load it`,
        });
      }
      continue;
    }
    if (stat.size === 0) {
      issues.push({ file: name, kind: 'empty', message: `${name}: empty file; nothing to load, it will be loaded when it has content` });
      continue;
    }
    const wrongSchema = source === 'content_engagement' ? csvHeaderProblem(content) : undefined;
    if (wrongSchema) {
      issues.push({ file: name, kind: 'wrong_schema', message: `${name}: ${wrongSchema}; recorded as LOAD_FAILED` });
      failed.push({ file, message: wrongSchema });
      continue;
    }
    toLoad.push(file);
  }

  if (source === 'support_tickets' && toLoad.length > 0) {
    const refused = await parquetSchemaProblems(backend, toLoad);
    for (const [name, message] of refused) {
      const file = toLoad.find((f) => f.name === name)!;
      issues.push({
        file: name,
        kind: message.startsWith('cannot read') ? 'unreadable' : 'wrong_schema',
        message: `${name}: ${message}; recorded as LOAD_FAILED`,
      });
      failed.push({ file, message });
    }
    toLoad.splice(0, toLoad.length, ...toLoad.filter((f) => !refused.has(f.name)));
  }

  for (const { file, message } of failed) {
    if (file.hash === '') await hashFiles([file], new Set());
    await backend.transaction(() => recordFailure(backend, table, { ...file, hash: file.hash || null }, message));
    load.filesFailed++;
  }
  if (toLoad.length === 0) return load;
  if (signal?.aborted) throw new InterruptedError('interrupted: every file loaded so far is committed with its history');

  // Hashing is Node's work and loading DuckDB's: the next chunk's files are hashed while a chunk loads.
  const groups = chunks(toLoad);
  const unreadable = new Set<LandedFile>();
  if (groups.length > 0) await hashFiles(groups[0]!, unreadable);
  for (const [index, chunk] of groups.entries()) {
    if (signal?.aborted) throw new InterruptedError('interrupted: every file loaded so far is committed with its history');
    const next = groups[index + 1];
    await Promise.all([loadChunk(backend, source, chunk, load, issues, signal, unreadable), next && hashFiles(next, unreadable)]);
  }
  return load;
}

/**
 * The content hash LOAD_HISTORY keeps: SHA-256, which this CPU computes in hardware at more than
 * twice MD5's speed. A file recorded with an MD5 (32 hex digits, a history from before) is
 * compared by MD5, so that an older warehouse's files are not taken as changed.
 */
function contentHash(content: Buffer, recorded?: string | null): string {
  const algorithm = recorded?.length === 32 ? 'md5' : 'sha256';
  return crypto.createHash(algorithm).update(content).digest('hex');
}

/** The first bytes of a file: enough for a CSV header. */
function readStart(filePath: string): Buffer {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Fills in the content hash of new files, one file per turn of the event loop so that the statements of a
 * chunk loading meanwhile are not held up. A file that cannot be read now is left to the reader,
 * which reports it (vanished or unreadable).
 */
async function hashFiles(files: LandedFile[], unreadable: Set<LandedFile>): Promise<void> {
  for (const file of files) {
    await new Promise((resolve) => setImmediate(resolve));
    if (file.hash !== '') continue;
    try {
      file.hash = contentHash(await fs.promises.readFile(file.path));
    } catch {
      unreadable.add(file);
    }
  }
}

/** Files in groups of up to CHUNK_BYTES, so that a load's working tables stay within the memory budget. */
const CHUNK_BYTES = 64 * 2 ** 20;

function chunks(files: LandedFile[]): LandedFile[][] {
  const groups: LandedFile[][] = [];
  let bytes = Infinity;
  for (const file of files) {
    if (bytes + file.size > CHUNK_BYTES) {
      groups.push([]);
      bytes = 0;
    }
    groups[groups.length - 1]!.push(file);
    bytes += file.size;
  }
  return groups;
}

/**
 * Reads the chunk's files into working tables (outside any transaction: a file that cannot be read
 * is that file's failure, not the warehouse's), then inserts rows, errors and history in one
 * transaction. If reading the chunk fails, each file is read on its own, so that one bad file
 * costs only itself.
 */
async function loadChunk(
  backend: Backend,
  source: SourceName,
  files: LandedFile[],
  load: SourceLoad,
  issues: LoadIssue[],
  signal?: AbortSignal,
  /** Files whose hash could not be taken: not loaded, reported as the reader's failures are. */
  unhashed: ReadonlySet<LandedFile> = new Set(),
): Promise<void> {
  const { table } = SOURCE_TABLES[source];
  if (unhashed.size === 0 || !files.some((f) => unhashed.has(f))) {
    try {
      await readFiles(backend, source, files, signal);
      add(load, await backend.transaction(() => insertFiles(backend, source)));
      return;
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
    }
  }
  for (const file of files) {
    try {
      if (unhashed.has(file)) throw new FileReadError('the file could not be read');
      await readFiles(backend, source, [file], signal);
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
      if (!fs.existsSync(file.path)) {
        issues.push({
          file: file.name,
          kind: 'vanished',
          message: `${file.name}: disappeared while it was being loaded; nothing of it was kept, it will be loaded when it is back`,
        });
        continue;
      }
      const message = `cannot load the file (${firstLine(err.message)})`;
      issues.push({ file: file.name, kind: 'unreadable', message: `${file.name}: ${message}; recorded as LOAD_FAILED` });
      await backend.transaction(() => recordFailure(backend, table, file, message));
      load.filesFailed++;
      continue;
    }
    add(load, await backend.transaction(() => insertFiles(backend, source)));
  }
}

/** A landing file the reader could not take (gone, unreadable, not the format it claims). */
class FileReadError extends Error {}

type FileLoad = Pick<SourceLoad, 'rowsLoaded' | 'rowsRejected' | 'filesLoaded' | 'filesFailed'>;

function add(into: SourceLoad, from: FileLoad): void {
  into.rowsLoaded += from.rowsLoaded;
  into.rowsRejected += from.rowsRejected;
  into.filesLoaded += from.filesLoaded;
  into.filesFailed += from.filesFailed;
}

function csvHeaderProblem(content: Buffer): string | undefined {
  const end = content.indexOf(10);
  const header = content
    .subarray(0, end < 0 ? content.length : end)
    .toString('utf8')
    .replace(/\r$/, '');
  if (header === CONTENT_CSV_HEADER) return undefined;
  return `wrong schema: the header is "${header.slice(0, 120)}", expected "${CONTENT_CSV_HEADER}"`;
}

/** Parquet files whose columns are not the support system's (or that are not Parquet at all). */
async function parquetSchemaProblems(backend: Backend, files: LandedFile[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  const check = async (batch: LandedFile[]) => {
    const { rows } = await backend.query(
      `SELECT file_name, list(name ORDER BY name) AS columns FROM parquet_schema([${batch.map((f) => sqlLiteral(f.path)).join(', ')}]) GROUP BY file_name`,
    );
    for (const row of rows) {
      const file = batch.find((f) => f.path === row.file_name);
      const columns = row.columns as string[];
      const missing = TICKET_COLUMNS.filter((c) => !columns.includes(c));
      if (file && missing.length > 0) problems.set(file.name, `wrong schema: no column ${missing.join(', ')}`);
    }
  };
  try {
    await check(files);
  } catch {
    for (const file of files) {
      try {
        await check([file]);
      } catch (err) {
        problems.set(file.name, `cannot read it as Parquet (${firstLine((err as Error).message)})`);
      }
    }
  }
  return problems;
}

async function stageFileList(backend: Backend, files: LandedFile[]): Promise<void> {
  await backend.execute(
    `CREATE OR REPLACE TEMP TABLE _media_load_files AS SELECT * FROM (VALUES ${files
      .map((f, index) => `(${index}, ${sqlLiteral(f.path)}, ${sqlLiteral(f.name)}, ${f.size}, ${f.modifiedMs}, ${sqlLiteral(f.hash)})`)
      .join(', ')}) AS t(file_index, path, file_name, file_size, file_modified_ms, content_hash)`,
  );
}

async function readFiles(backend: Backend, source: SourceName, files: LandedFile[], signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new InterruptedError('interrupted: every file loaded so far is committed with its history');
  await stageFileList(backend, files);
  const paths = files.map((f) => sqlLiteral(f.path)).join(', ');
  const columns = `{${CONTENT_CSV_HEADER.split(',')
    .map((c) => `'${c}': 'VARCHAR'`)
    .join(', ')}}`;
  try {
    await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', `${source}.read.sql`], { paths, columns }), { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new FileReadError((err as Error).message);
  }
}

/** Inserts what readFiles staged (inside the caller's transaction) and writes the files' history rows. */
async function insertFiles(backend: Backend, source: SourceName): Promise<FileLoad> {
  const { table } = SOURCE_TABLES[source];
  // A file loaded here is new or failed before: the errors of its failed attempt are replaced.
  await backend.execute('DELETE FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE file_name IN (SELECT file_name FROM _media_load_files)');
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'ingest', `${source}.insert.sql`], {}));
  await backend.execute(`
    DELETE FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name IN (SELECT file_name FROM _media_load_files);
    INSERT INTO SFE_RAW_MEDIA.LOAD_HISTORY
    SELECT f.file_name, ${sqlLiteral(table)}, now(),
      CASE WHEN coalesce(s.error_count, 0) = 0 THEN 'LOADED' WHEN coalesce(s.row_count, 0) = 0 THEN 'LOAD_FAILED' ELSE 'PARTIALLY_LOADED' END,
      coalesce(s.row_count, 0), coalesce(s.row_parsed, 0), f.file_size, f.file_modified_ms, f.content_hash,
      coalesce(s.error_count, 0), s.first_error_message, s.first_error_line_number
    FROM _media_load_files AS f
    LEFT JOIN _media_load_stats AS s USING (file_name)
    ORDER BY f.file_name;`);
  const { rows } = await backend.query(
    `SELECT coalesce(sum(row_count), 0) AS loaded, coalesce(sum(error_count), 0) AS rejected, count(*) FILTER (WHERE status <> 'LOAD_FAILED') AS files,
            count(*) FILTER (WHERE status = 'LOAD_FAILED') AS failed
     FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name IN (SELECT file_name FROM _media_load_files)`,
  );
  const totals = rows[0]!;
  return { rowsLoaded: Number(totals.loaded), rowsRejected: Number(totals.rejected), filesLoaded: Number(totals.files), filesFailed: Number(totals.failed) };
}

async function recordFailure(
  backend: Backend,
  table: string,
  file: Pick<LandedFile, 'name'> & { size: number | null; modifiedMs: number | null; hash: string | null },
  message: string,
): Promise<void> {
  const value = (v: number | string | null) => (v === null ? 'NULL' : sqlLiteral(v));
  await backend.execute(`
    DELETE FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name = ${sqlLiteral(file.name)};
    DELETE FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE file_name = ${sqlLiteral(file.name)};
    INSERT INTO SFE_RAW_MEDIA.LOAD_HISTORY VALUES (${sqlLiteral(file.name)}, ${sqlLiteral(table)}, now(), 'LOAD_FAILED', 0, 0,
      ${value(file.size)}, ${value(file.modifiedMs)}, ${value(file.hash)}, 1, ${sqlLiteral(message)}, NULL);
    INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS VALUES (${sqlLiteral(table)}, ${sqlLiteral(file.name)}, NULL, NULL, ${sqlLiteral(message)}, NULL, now());`);
}
