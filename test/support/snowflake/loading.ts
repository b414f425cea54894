/**
 * Data loading as Snowflake does it, for the loopback account (account.ts): named file formats,
 * `COPY INTO <table>` from a stage (CSV with or without a header, text lines through a
 * transformation SELECT, Parquet; PATTERN, MATCH_BY_COLUMN_NAME, INCLUDE_METADATA, ON_ERROR),
 * the load metadata that skips a file already loaded with the same content, and the two table
 * functions that report a load: `VALIDATE(<table>, JOB_ID => '_last')` and
 * `INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => ..., START_TIME => ...)`, with the columns
 * Snowflake's documentation gives them. Rows go to the DuckDB warehouse behind the server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backend, Row } from '../../../src/backends/backend.js';

export interface FileFormat {
  type: 'CSV' | 'PARQUET' | 'JSON';
  parseHeader: boolean;
  /** null: FIELD_DELIMITER = NONE, a record is the whole line. */
  delimiter: string | null;
  enclosedBy: string | null;
  skipBlankLines: boolean;
  emptyFieldAsNull: boolean;
  errorOnColumnCountMismatch: boolean;
}

function option(text: string, key: string): string | undefined {
  const m = new RegExp(`\\b${key}\\s*=\\s*('(?:[^'\\\\]|\\\\.|'')*'|[\\w$.]+)`, 'i').exec(text);
  if (!m) return undefined;
  const value = m[1]!;
  return value.startsWith("'") ? value.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1') : value.toUpperCase();
}

/** The options of CREATE FILE FORMAT or of an inline FILE_FORMAT = (...), with Snowflake's defaults. */
export function parseFileFormat(text: string): FileFormat {
  const type = (option(text, 'TYPE') ?? 'CSV') as FileFormat['type'];
  const delimiter = option(text, 'FIELD_DELIMITER');
  const enclosedBy = option(text, 'FIELD_OPTIONALLY_ENCLOSED_BY');
  return {
    type,
    parseHeader: option(text, 'PARSE_HEADER') === 'TRUE',
    delimiter: delimiter === undefined ? ',' : delimiter === 'NONE' ? null : delimiter,
    enclosedBy: enclosedBy === undefined || enclosedBy === 'NONE' ? null : enclosedBy,
    skipBlankLines: option(text, 'SKIP_BLANK_LINES') === 'TRUE',
    emptyFieldAsNull: option(text, 'EMPTY_FIELD_AS_NULL') !== 'FALSE',
    errorOnColumnCountMismatch: option(text, 'ERROR_ON_COLUMN_COUNT_MISMATCH') !== 'FALSE',
  };
}

/** One record that COPY rejected, as VALIDATE returns it. */
export interface RejectedRecord {
  ERROR: string;
  FILE: string;
  LINE: number;
  CHARACTER: number;
  BYTE_OFFSET: number;
  CATEGORY: string;
  CODE: number;
  SQL_STATE: string;
  COLUMN_NAME: string;
  ROW_NUMBER: number;
  ROW_START_LINE: number;
  REJECTED_RECORD: string;
}

/** One file of one COPY, as INFORMATION_SCHEMA.COPY_HISTORY returns it. */
interface CopyHistoryRow {
  FILE_NAME: string;
  STAGE_LOCATION: string;
  LAST_LOAD_TIME: string;
  ROW_COUNT: number;
  ROW_PARSED: number;
  FILE_SIZE: number;
  FIRST_ERROR_MESSAGE: string | null;
  FIRST_ERROR_LINE_NUMBER: number | null;
  FIRST_ERROR_CHARACTER_POS: number | null;
  FIRST_ERROR_COLUMN_NAME: string | null;
  ERROR_COUNT: number;
  ERROR_LIMIT: number;
  STATUS: 'Loaded' | 'Load failed' | 'Partially loaded';
  TABLE_CATALOG_NAME: string;
  TABLE_SCHEMA_NAME: string;
  TABLE_NAME: string;
}

export interface CopyTarget {
  /** DATABASE.SCHEMA.TABLE */
  table: string;
  /** The stage's folder on disk and the path inside the stage the COPY reads. */
  stageRoot: string;
  stageLocation: string;
  prefix: string;
}

export class CopyError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
};

/** Splits a CSV record on the delimiter, honouring the enclosing quote (doubled inside a field). */
function splitRecord(line: string, format: FileFormat): string[] {
  if (format.delimiter === null) return [line];
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === format.enclosedBy && line[i + 1] === format.enclosedBy) {
        field += c;
        i += 1;
      } else if (c === format.enclosedBy) quoted = false;
      else field += c;
    } else if (c === format.enclosedBy && field === '') quoted = true;
    else if (line.startsWith(format.delimiter, i)) {
      fields.push(field);
      field = '';
      i += format.delimiter.length - 1;
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

export interface CopyStatement {
  target: CopyTarget;
  columns: string[] | null;
  /** The transformation's select list (METADATA$FILENAME, $1 ...), when the COPY has one. */
  select: string[] | null;
  format: FileFormat;
  pattern: RegExp | null;
  onError: 'CONTINUE' | 'ABORT_STATEMENT' | 'SKIP_FILE';
  /** FORCE = TRUE: load every file, whatever the load metadata says. */
  force: boolean;
  /** INCLUDE_METADATA: table column -> METADATA$ field. */
  metadata: [string, string][];
}

/**
 * The load state of the account: which file each table has loaded (by content, as Snowflake's
 * ETag), the COPY_HISTORY rows, and each session's last COPY for VALIDATE(..., JOB_ID => '_last').
 */
export class LoadState {
  private readonly loaded = new Map<string, Map<string, string>>();
  private readonly history: CopyHistoryRow[] = [];
  readonly lastRejects = new WeakMap<object, RejectedRecord[]>();

  constructor(private readonly backend: Backend) {}

  /** TRUNCATE TABLE clears its load metadata: a file of the same name loads again. */
  forget(table: string): void {
    this.loaded.delete(table);
  }

  copyHistory(table: string, start: number | null): CopyHistoryRow[] {
    const name = table.split('.').pop()!;
    return this.history.filter((h) => h.TABLE_NAME === name && (start === null || Date.parse(`${h.LAST_LOAD_TIME}Z`) >= start));
  }

  private async tableColumns(table: string): Promise<string[]> {
    const [, schema, name] = table.split('.');
    const result = await this.backend.query(
      `SELECT column_name FROM information_schema.columns WHERE upper(table_schema) = ${literal(schema)} AND upper(table_name) = ${literal(name)} ORDER BY ordinal_position`,
    );
    if (result.rows.length === 0) throw new CopyError(`SQL compilation error:\nTable '${table}' does not exist or not authorized.`, '002003');
    return result.rows.map((r) => String(r.column_name));
  }

  async copy(statement: CopyStatement, session: object, signal: AbortSignal): Promise<Row[]> {
    const { target, format } = statement;
    const tableColumns = await this.tableColumns(target.table);
    const done = this.loaded.get(target.table) ?? new Map<string, string>();
    this.loaded.set(target.table, done);
    const base = path.join(target.stageRoot, ...target.prefix.split('/').filter(Boolean));
    const files = listFiles(base)
      .map((f) => (target.prefix ? `${target.prefix.replace(/\/+$/, '')}/${f}` : f))
      .filter((f) => !statement.pattern || statement.pattern.test(f));
    const results: Row[] = [];
    const rejects: RejectedRecord[] = [];
    const scanTime = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const file of files) {
      if (signal.aborted) throw new CopyError('SQL execution canceled', '000604');
      const full = path.join(target.stageRoot, ...file.split('/'));
      const bytes = fs.readFileSync(full);
      const etag = crypto.createHash('md5').update(bytes).digest('hex');
      if (done.get(file) === etag && !statement.force) continue;
      const loaded =
        format.type === 'PARQUET'
          ? await this.copyParquet(statement, tableColumns, file, full, scanTime)
          : await this.copyDelimited(statement, tableColumns, file, bytes.toString('utf8'), scanTime);
      if (loaded.rejects.length > 0 && statement.onError === 'ABORT_STATEMENT') {
        const first = loaded.rejects[0]!;
        throw new CopyError(`${first.ERROR}\n  File '${file}', line ${first.LINE}, character ${first.CHARACTER}`, String(first.CODE));
      }
      done.set(file, etag);
      rejects.push(...loaded.rejects);
      const first = loaded.rejects[0];
      const status = loaded.rejects.length === 0 ? 'LOADED' : loaded.rows === 0 ? 'LOAD_FAILED' : 'PARTIALLY_LOADED';
      results.push({
        file: `${target.stageLocation}/${file}`,
        status,
        rows_parsed: loaded.rows + loaded.rejects.length,
        rows_loaded: loaded.rows,
        error_limit: statement.onError === 'CONTINUE' ? loaded.rows + loaded.rejects.length : 1,
        errors_seen: loaded.rejects.length,
        first_error: first?.ERROR ?? null,
        first_error_line: first?.LINE ?? null,
        first_error_character: first?.CHARACTER ?? null,
        first_error_column_name: first?.COLUMN_NAME ?? null,
      });
      const [catalog, schema, name] = target.table.split('.');
      this.history.push({
        FILE_NAME: file,
        STAGE_LOCATION: target.stageLocation,
        LAST_LOAD_TIME: scanTime,
        ROW_COUNT: loaded.rows,
        ROW_PARSED: loaded.rows + loaded.rejects.length,
        FILE_SIZE: bytes.length,
        FIRST_ERROR_MESSAGE: first?.ERROR ?? null,
        FIRST_ERROR_LINE_NUMBER: first?.LINE ?? null,
        FIRST_ERROR_CHARACTER_POS: first?.CHARACTER ?? null,
        FIRST_ERROR_COLUMN_NAME: first?.COLUMN_NAME ?? null,
        ERROR_COUNT: loaded.rejects.length,
        ERROR_LIMIT: statement.onError === 'CONTINUE' ? loaded.rows + loaded.rejects.length : 1,
        STATUS: status === 'LOADED' ? 'Loaded' : status === 'LOAD_FAILED' ? 'Load failed' : 'Partially loaded',
        TABLE_CATALOG_NAME: catalog!,
        TABLE_SCHEMA_NAME: schema!,
        TABLE_NAME: name!,
      });
    }
    this.lastRejects.set(session, rejects);
    if (results.length === 0) return [{ status: 'Copy executed with 0 files processed.' }];
    return results;
  }

  /** The value of a METADATA$ field for a record. */
  private metadataValue(field: string, file: string, rowNumber: number, scanTime: string): string | number {
    switch (field.toUpperCase()) {
      case 'METADATA$FILENAME':
        return file;
      case 'METADATA$FILE_ROW_NUMBER':
        return rowNumber;
      case 'METADATA$START_SCAN_TIME':
        return scanTime;
      default:
        throw new CopyError(`SQL compilation error:\ninvalid metadata field ${field}`, '002020');
    }
  }

  private async copyDelimited(
    statement: CopyStatement,
    tableColumns: string[],
    file: string,
    content: string,
    scanTime: string,
  ): Promise<{ rows: number; rejects: RejectedRecord[] }> {
    const { format } = statement;
    const lines = content.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let header: string[] | null = null;
    const records: { values: (string | number | null)[]; columns: string[] }[] = [];
    const rejects: RejectedRecord[] = [];
    let offset = 0;
    let rowNumber = 0;
    for (const [index, raw] of lines.entries()) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const lineOffset = offset;
      offset += Buffer.byteLength(raw, 'utf8') + 1;
      if (format.parseHeader && header === null) {
        header = splitRecord(line, format);
        continue;
      }
      if (line === '' && format.skipBlankLines) continue;
      rowNumber += 1;
      const fields = splitRecord(line, format).map((f) => (f === '' && format.emptyFieldAsNull ? null : f));
      if (header) {
        if (fields.length !== header.length && format.errorOnColumnCountMismatch) {
          rejects.push({
            ERROR: `Number of columns in file (${fields.length}) does not match that of the corresponding table (${header.length}), use file format option error_on_column_count_mismatch=false to ignore this error`,
            FILE: file,
            LINE: index + 1,
            CHARACTER: 1,
            BYTE_OFFSET: lineOffset,
            CATEGORY: 'parsing',
            CODE: 100080,
            SQL_STATE: '22000',
            COLUMN_NAME: `"${statement.target.table.split('.').pop()}"[${Math.min(fields.length, header.length) + 1}]`,
            ROW_NUMBER: rowNumber,
            ROW_START_LINE: index + 1,
            REJECTED_RECORD: line,
          });
          continue;
        }
        const columns: string[] = [];
        const values: (string | number | null)[] = [];
        for (const [i, name] of header.entries()) {
          const column = tableColumns.find((c) => c.toLowerCase() === name.toLowerCase());
          if (column) {
            columns.push(column);
            values.push(fields[i] ?? null);
          }
        }
        for (const [column, field] of statement.metadata) {
          columns.push(tableColumns.find((c) => c.toLowerCase() === column.toLowerCase()) ?? column);
          values.push(this.metadataValue(field, file, rowNumber, scanTime));
        }
        records.push({ values, columns });
      } else {
        // A transformation's select list, or the table's columns in order.
        const select = statement.select ?? tableColumns.map((_, i) => `$${i + 1}`);
        const values = select.map((item) =>
          /^\$\d+$/.test(item) ? (fields[Number(item.slice(1)) - 1] ?? null) : this.metadataValue(item, file, rowNumber, scanTime),
        );
        records.push({ values, columns: statement.columns ?? tableColumns.slice(0, values.length) });
      }
    }
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      await this.backend.query(
        `INSERT INTO ${statement.target.table} (${chunk[0]!.columns.join(', ')}) VALUES ${chunk.map((r) => `(${r.values.map(literal).join(', ')})`).join(', ')}`,
      );
    }
    return { rows: records.length, rejects };
  }

  private async copyParquet(
    statement: CopyStatement,
    tableColumns: string[],
    file: string,
    full: string,
    scanTime: string,
  ): Promise<{ rows: number; rejects: RejectedRecord[] }> {
    const source = `read_parquet(${literal(full)}, file_row_number = true)`;
    const described = await this.backend.query(`DESCRIBE SELECT * FROM ${source}`);
    const columns: string[] = [];
    const values: string[] = [];
    for (const row of described.rows) {
      const name = String(row.column_name);
      const column = tableColumns.find((c) => c.toLowerCase() === name.toLowerCase());
      if (column && name !== 'file_row_number') {
        columns.push(column);
        values.push(`"${name}"`);
      }
    }
    for (const [column, field] of statement.metadata) {
      columns.push(tableColumns.find((c) => c.toLowerCase() === column.toLowerCase()) ?? column);
      values.push(field.toUpperCase() === 'METADATA$FILE_ROW_NUMBER' ? 'file_row_number + 1' : literal(this.metadataValue(field, file, 0, scanTime)));
    }
    const inserted = await this.backend.query(`INSERT INTO ${statement.target.table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${source}`);
    return { rows: Number(Object.values(inserted.rows[0] ?? {})[0] ?? 0), rejects: [] };
  }
}

export const VALIDATE_COLUMNS: [string, string][] = [
  ['ERROR', 'VARCHAR'],
  ['FILE', 'VARCHAR'],
  ['LINE', 'BIGINT'],
  ['CHARACTER', 'BIGINT'],
  ['BYTE_OFFSET', 'BIGINT'],
  ['CATEGORY', 'VARCHAR'],
  ['CODE', 'BIGINT'],
  ['SQL_STATE', 'VARCHAR'],
  ['COLUMN_NAME', 'VARCHAR'],
  ['ROW_NUMBER', 'BIGINT'],
  ['ROW_START_LINE', 'BIGINT'],
  ['REJECTED_RECORD', 'VARCHAR'],
];

export const COPY_HISTORY_COLUMNS: [string, string][] = [
  ['FILE_NAME', 'VARCHAR'],
  ['STAGE_LOCATION', 'VARCHAR'],
  ['LAST_LOAD_TIME', 'TIMESTAMP'],
  ['ROW_COUNT', 'BIGINT'],
  ['ROW_PARSED', 'BIGINT'],
  ['FILE_SIZE', 'BIGINT'],
  ['FIRST_ERROR_MESSAGE', 'VARCHAR'],
  ['FIRST_ERROR_LINE_NUMBER', 'BIGINT'],
  ['FIRST_ERROR_CHARACTER_POS', 'BIGINT'],
  ['FIRST_ERROR_COLUMN_NAME', 'VARCHAR'],
  ['ERROR_COUNT', 'BIGINT'],
  ['ERROR_LIMIT', 'BIGINT'],
  ['STATUS', 'VARCHAR'],
  ['TABLE_CATALOG_NAME', 'VARCHAR'],
  ['TABLE_SCHEMA_NAME', 'VARCHAR'],
  ['TABLE_NAME', 'VARCHAR'],
];

/** A temporary table holding a table function's rows, for the statement that reads it. */
export async function materialise(backend: Backend, name: string, columns: [string, string][], rows: object[]): Promise<void> {
  await backend.query(`CREATE OR REPLACE TEMP TABLE ${name} (${columns.map(([c, t]) => `"${c}" ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500) as Record<string, unknown>[];
    await backend.query(`INSERT INTO ${name} VALUES ${chunk.map((r) => `(${columns.map(([c]) => literal(r[c])).join(', ')})`).join(', ')}`);
  }
}
