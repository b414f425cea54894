import type { ProgressListener, Row } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';

/** One row of SHOW TASKS, the columns the demo needs, the same on both backends. */
export interface TaskInfo {
  name: string;
  database_name: string;
  schema_name: string;
  /** SHOW TASKS says started or suspended. */
  state: 'started' | 'suspended';
  schedule: string | null;
  /** Unqualified upper-case names of the predecessors. */
  predecessors: string[];
  condition: string | null;
  definition: string;
  warehouse: string | null;
  comment: string | null;
  /** Next run of a started scheduled root (ISO, UTC); null for children and suspended tasks. */
  next_scheduled_time: string | null;
}

export type TaskRunState = 'SCHEDULED' | 'EXECUTING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

/** One row of INFORMATION_SCHEMA.TASK_HISTORY(). Times are ISO strings in UTC. */
export interface TaskHistoryRow {
  query_id: string | null;
  name: string;
  database_name: string;
  schema_name: string;
  query_text: string | null;
  condition_text: string | null;
  state: TaskRunState;
  error_code: string | null;
  error_message: string | null;
  scheduled_time: string;
  query_start_time: string | null;
  completed_time: string | null;
  root_task_id: string;
  run_id: number;
  scheduled_from: string;
}

export interface ExecuteTaskOptions {
  /** Called whenever a task of the run changes state (the row as TASK_HISTORY now shows it). */
  onProgress?: (row: TaskHistoryRow) => void;
  /** Progress inside a task's stage (rows generated, models built). */
  onStageProgress?: ProgressListener;
  /** What the local stages work on (data dir, scale, seed, as-of); Snowflake's tasks carry their own. */
  config: RunConfig;
  signal?: AbortSignal;
  /** Snowflake only: wait for the graph run to finish (default true), polling TASK_HISTORY every pollMs (2 s) for at most timeoutMs (1 h). */
  wait?: boolean;
  pollMs?: number;
  timeoutMs?: number;
}

export interface ExecuteTaskResult {
  root: string;
  run_id: number;
  /** SUCCEEDED when every task of the graph succeeded; FAILED or CANCELLED otherwise. */
  state: TaskRunState;
  /** The graph run's TASK_HISTORY rows in execution order. */
  tasks: TaskHistoryRow[];
}

/** Pending change rows of a stream, with Snowflake's metadata columns. */
export interface StreamStatus {
  stream: string;
  source_table: string;
  /** SYSTEM$STREAM_HAS_DATA. */
  has_data: boolean;
  pending_rows: number;
  /** The first pending rows (at most `limit`), source columns plus METADATA$ACTION/ISUPDATE/ROW_ID. */
  rows: Row[];
  columns: string[];
  /** Local only: set when the source table was recreated and the stream started again at its end. */
  note?: string;
}

export interface StreamAppendResult {
  appended: number;
  first_transaction_id: number;
  last_transaction_id: number;
  pending_rows: number;
}

export interface StreamProcessResult {
  /** SKIPPED (stream empty), SUCCEEDED or FAILED, as TASK_HISTORY records it. */
  state: TaskRunState;
  merged_rows: number;
  fact_rows_before: number | null;
  fact_rows_after: number | null;
  history: TaskHistoryRow;
}

export interface ShareInfo {
  created_on: string;
  kind: 'OUTBOUND';
  name: string;
  database_name: string;
  to: string;
  owner: string;
  comment: string | null;
}

/** One row of DESC SHARE. */
export interface ShareObject {
  kind: 'DATABASE' | 'SCHEMA' | 'VIEW';
  name: string;
  shared_on: string;
}

/** One row of SHOW GRANTS TO SHARE. */
export interface ShareGrant {
  created_on: string;
  privilege: string;
  granted_on: string;
  name: string;
  granted_to: 'SHARE';
  grantee_name: string;
  grant_option: 'false';
  granted_by: string;
}

export interface ShareDescription {
  share: ShareInfo;
  objects: ShareObject[];
  grants: ShareGrant[];
}

export interface ShareQueryResult {
  columns: string[];
  rows: Row[];
  elapsedMs: number;
  /** The granted views the query read. */
  views: string[];
}
