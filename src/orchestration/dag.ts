import { readPackFile, type Pack } from '../core/pack.js';
import { isKeyword, normalizeIdentifier, readName, splitStatements, tokenize, unqualified, type Token } from '../util/sql-split.js';

/**
 * A pack's task graph as `sql/<pack>/orchestration/pipeline_tasks.sql` defines it. That file is the one
 * definition: Snowflake runs it, and the local orchestrator builds its tasks from this parse.
 */
export interface TaskDefinition {
  /** Upper-case, as Snowflake stores an unquoted name (SHOW TASKS shows GENERATE_CUSTOMER_DATA). */
  name: string;
  warehouse: string | null;
  /** The SCHEDULE string as written, e.g. 'USING CRON 0 2 * * SUN UTC' or '5 MINUTE'; null for children. */
  schedule: string | null;
  /** Names of the tasks this one runs AFTER (upper-case, unqualified). */
  predecessors: string[];
  /** The WHEN condition as written, e.g. SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream'). */
  condition: string | null;
  /** The AS body as written. */
  definition: string;
  comment: string | null;
  /** The pipeline stage that does this task's work locally (the `-- local:` annotation). */
  localStage: string | null;
  /** Whether the file RESUMEs the task (SHOW TASKS state started) or leaves it suspended. */
  resumed: boolean;
}

export interface StreamDefinition {
  name: string;
  /** The source table, qualified as written, upper-case: BRONZE.BRONZE_TRANSACTIONS. */
  table: string;
  appendOnly: boolean;
  /** SHOW_INITIAL_ROWS = TRUE: the first read also returns the rows the table held when the stream was created. */
  showInitialRows: boolean;
  comment: string | null;
}

export interface DagDefinition {
  /** The schema the tasks and streams are created in: the file's USE SCHEMA (PUBLIC without one). */
  schema: string;
  tasks: TaskDefinition[];
  streams: StreamDefinition[];
  /** ALTER TASK ... RESUME order as written (the file must resume children before their root). */
  resumeOrder: string[];
}

/** Where a pack keeps its graph, under sql/<pack>/. */
export const PIPELINE_TASKS_FILE = ['orchestration', 'pipeline_tasks.sql'] as const;

function localStageOf(comments: string[]): string | null {
  for (const comment of comments) {
    const match = /^local:\s*(.+)$/i.exec(comment);
    if (match) return match[1]!.trim();
  }
  return null;
}

function expectEquals(tokens: Token[], i: number, what: string): number {
  if (tokens[i]?.value !== '=') throw new Error(`pipeline_tasks.sql: expected = after ${what}`);
  return i + 1;
}

function parseCreateTask(text: string, comments: string[]): TaskDefinition {
  const tokens = tokenize(text);
  let i = 0;
  // CREATE [OR REPLACE] TASK [IF NOT EXISTS] name
  i += 1;
  if (isKeyword(tokens[i], 'OR')) i += 2;
  i += 1; // TASK
  if (isKeyword(tokens[i], 'IF')) i += 3;
  if (!tokens[i]) throw new Error('pipeline_tasks.sql: CREATE TASK without a name');
  const read = readName(tokens, i);
  const name = read.name;
  i = read.next;
  const task: TaskDefinition = {
    name,
    warehouse: null,
    schedule: null,
    predecessors: [],
    condition: null,
    definition: '',
    comment: null,
    localStage: localStageOf(comments),
    resumed: false,
  };
  while (i < tokens.length) {
    const token = tokens[i]!;
    const keyword = token.kind === 'word' ? token.value.toUpperCase() : '';
    if (keyword === 'AS') {
      task.definition = text.slice(token.end).trim();
      return task;
    }
    if (keyword === 'AFTER') {
      i += 1;
      for (;;) {
        if (!tokens[i]) break;
        const predecessor = readName(tokens, i);
        task.predecessors.push(predecessor.name);
        i = predecessor.next;
        if (tokens[i]?.value !== ',') break;
        i += 1;
      }
      continue;
    }
    if (keyword === 'WHEN') {
      // The condition runs to the top-level AS that starts the body.
      let depth = 0;
      let j = i + 1;
      while (j < tokens.length && !(depth === 0 && isKeyword(tokens[j], 'AS'))) {
        if (tokens[j]!.value === '(' && tokens[j]!.kind === 'punct') depth += 1;
        if (tokens[j]!.value === ')' && tokens[j]!.kind === 'punct') depth -= 1;
        j += 1;
      }
      task.condition = text.slice(tokens[i + 1]!.start, tokens[j - 1]!.end).trim();
      i = j;
      continue;
    }
    if (token.kind === 'word' && tokens[i + 1]?.value === '=') {
      i = expectEquals(tokens, i + 1, keyword);
      const value = tokens[i];
      if (!value) break;
      if (keyword === 'WAREHOUSE') task.warehouse = normalizeIdentifier(value);
      else if (keyword === 'SCHEDULE') task.schedule = value.value;
      else if (keyword === 'COMMENT') task.comment = value.value;
      i += 1;
      continue;
    }
    i += 1;
  }
  throw new Error(`pipeline_tasks.sql: task ${name} has no AS body`);
}

function parseCreateStream(text: string): StreamDefinition {
  const tokens = tokenize(text);
  let i = 1;
  if (isKeyword(tokens[i], 'OR')) i += 2;
  i += 1; // STREAM
  if (isKeyword(tokens[i], 'IF')) i += 3;
  const name = readName(tokens, i).name;
  const stream: StreamDefinition = { name, table: '', appendOnly: false, showInitialRows: false, comment: null };
  for (i += 1; i < tokens.length; i += 1) {
    if (isKeyword(tokens[i], 'TABLE')) stream.table = normalizeIdentifier(tokens[i + 1]!);
    if (isKeyword(tokens[i], 'APPEND_ONLY')) stream.appendOnly = isKeyword(tokens[i + 2], 'TRUE');
    if (isKeyword(tokens[i], 'SHOW_INITIAL_ROWS')) stream.showInitialRows = isKeyword(tokens[i + 2], 'TRUE');
    if (isKeyword(tokens[i], 'COMMENT')) stream.comment = tokens[i + 2]?.value ?? null;
  }
  return stream;
}

/** Parses the DAG out of a pipeline_tasks.sql text. */
export function parseDag(script: string): DagDefinition {
  const tasks: TaskDefinition[] = [];
  const streams: StreamDefinition[] = [];
  const resumeOrder: string[] = [];
  let schema = 'PUBLIC';
  for (const statement of splitStatements(script)) {
    const head = tokenize(statement.text.slice(0, 200))
      .slice(0, 6)
      .map((t) => t.value.toUpperCase());
    const kindIndex = head[1] === 'OR' ? 3 : 1;
    if (head[0] === 'USE' && head[1] === 'SCHEMA' && tasks.length === 0 && streams.length === 0) {
      schema = unqualified(readName(tokenize(statement.text), 2).name).toUpperCase();
    } else if (head[0] === 'CREATE' && head[kindIndex] === 'TASK') {
      tasks.push(parseCreateTask(statement.text, statement.leadingComments));
    } else if (head[0] === 'CREATE' && head[kindIndex] === 'STREAM') {
      streams.push(parseCreateStream(statement.text));
    } else if (head[0] === 'ALTER' && head[1] === 'TASK') {
      const tokens = tokenize(statement.text);
      const read = readName(tokens, 2);
      if (isKeyword(tokens[read.next], 'RESUME')) resumeOrder.push(read.name);
    }
  }
  for (const task of tasks) task.resumed = resumeOrder.includes(task.name);
  return { schema, tasks, streams, resumeOrder };
}

const cached = new Map<string, DagDefinition>();

/** The DAG of the pack's sql/<pack>/orchestration/pipeline_tasks.sql. */
export function loadDag(pack: Pick<Pack, 'name'>): DagDefinition {
  let dag = cached.get(pack.name);
  if (!dag) {
    dag = parseDag(readPackFile(pack, 'sql', ...PIPELINE_TASKS_FILE));
    cached.set(pack.name, dag);
  }
  return dag;
}

export function findTask(dag: DagDefinition, name: string): TaskDefinition | undefined {
  const wanted = unqualified(name.trim().replace(/^"|"$/g, '')).toUpperCase();
  return dag.tasks.find((t) => t.name === wanted);
}

/** The root of the graph `task` belongs to (a standalone task is its own root). */
export function rootOf(dag: DagDefinition, task: TaskDefinition): TaskDefinition {
  let current = task;
  const seen = new Set<string>();
  while (current.predecessors.length > 0 && !seen.has(current.name)) {
    seen.add(current.name);
    const parent = dag.tasks.find((t) => t.name === current.predecessors[0]);
    if (!parent) break;
    current = parent;
  }
  return current;
}

export function childrenOf(dag: DagDefinition, name: string): TaskDefinition[] {
  return dag.tasks.filter((t) => t.predecessors.includes(name));
}

/**
 * Checks the DAG is one Snowflake would accept and run: predecessors exist, no cycles, a task
 * with predecessors has no schedule, every root has one, and the RESUME order starts children
 * before their parents. Returns the problems (empty when fine).
 */
export function dagProblems(dag: DagDefinition): string[] {
  const problems: string[] = [];
  const names = new Set(dag.tasks.map((t) => t.name));
  for (const task of dag.tasks) {
    for (const p of task.predecessors) if (!names.has(p)) problems.push(`${task.name}: AFTER ${p}, which is not defined`);
    if (task.predecessors.length > 0 && task.schedule) problems.push(`${task.name}: a child task cannot have a SCHEDULE`);
    if (task.predecessors.length === 0 && !task.schedule) problems.push(`${task.name}: a root task needs a SCHEDULE`);
    const seen = new Set<string>();
    let current: TaskDefinition | undefined = task;
    while (current && current.predecessors.length > 0) {
      if (seen.has(current.name)) {
        problems.push(`${task.name}: cycle through ${current.name}`);
        break;
      }
      seen.add(current.name);
      current = dag.tasks.find((t) => t.name === current!.predecessors[0]);
    }
  }
  for (const task of dag.tasks) {
    const at = dag.resumeOrder.indexOf(task.name);
    for (const child of childrenOf(dag, task.name)) {
      const childAt = dag.resumeOrder.indexOf(child.name);
      if (at >= 0 && (childAt < 0 || childAt > at)) problems.push(`${child.name} must be RESUMEd before its predecessor ${task.name}`);
    }
  }
  return problems;
}
