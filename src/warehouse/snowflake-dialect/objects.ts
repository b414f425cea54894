/**
 * What the local warehouse emulates of Snowflake's objects, as plain data. The emulation itself
 * (src/orchestration/local) writes its state to the `_SNOWFLAKE_EMULATION` schema; the objects'
 * definitions (tasks, streams, the dbt project) come from files the features layer reads, and are
 * handed down to the dialect layer through this shape, so core never imports a feature.
 */
export const EMULATION_SCHEMA = '_SNOWFLAKE_EMULATION';

export interface EmulatedTask {
  /** Upper-case, as SHOW TASKS shows it. */
  name: string;
  schema: string;
  warehouse: string | null;
  schedule: string | null;
  predecessors: string[];
  condition: string | null;
  definition: string;
  comment: string | null;
}

export interface EmulatedStream {
  /** Upper-case, unqualified: BRONZE_TRANSACTIONS_STREAM. */
  name: string;
  schema: string;
  /** Qualified source table: BRONZE.BRONZE_TRANSACTIONS. */
  sourceTable: string;
  /** The column whose growing values order the source's rows (the stream's offset is one of them). */
  key: string;
  comment: string | null;
}

export interface EmulatedDbtProject {
  name: string;
  schema: string;
  comment: string | null;
  defaultTarget: string;
  /** When the project was last compiled locally (ISO), or null when it never was. */
  createdOn: string | null;
}

export interface EmulatedObjects {
  database: string;
  tasks: EmulatedTask[];
  streams: EmulatedStream[];
  dbtProjects: EmulatedDbtProject[];
}
