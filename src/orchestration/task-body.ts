import { UserError } from '../core/errors.js';
import { splitStatements, tokenize, readName, isKeyword } from '../util/sql-split.js';
import { findTask, type DagDefinition, type StreamDefinition, type TaskDefinition } from './dag.js';

/**
 * What a task's AS body does with streams, read from the body itself so that one definition
 * (the pack's pipeline_tasks.sql) drives both Snowflake and the local emulation.
 */

/** The graph's streams the body names: the ones a run of the task consumes. */
export function streamsReadBy(dag: DagDefinition, task: TaskDefinition): StreamDefinition[] {
  // A plain match on the text: the body may be one dollar-quoted scripting block.
  return dag.streams.filter((s) => new RegExp(`(^|[^\\w$])"?${s.name}"?($|[^\\w$])`, 'i').test(task.definition));
}

/** The table the body writes first (`MERGE INTO x`, `INSERT INTO x`), upper-case as written. */
export function targetOf(task: TaskDefinition): string {
  const text = bodyStatements(task.definition).join(';\n');
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length - 1; i += 1) {
    if ((isKeyword(tokens[i], 'MERGE') || isKeyword(tokens[i], 'INSERT')) && isKeyword(tokens[i + 1], 'INTO')) {
      const { next } = readName(tokens, i + 2);
      return text
        .slice(tokens[i + 2]!.start, tokens[next - 1]!.end)
        .replace(/"/g, '')
        .toUpperCase();
    }
  }
  throw new Error(`task ${task.name} writes no table (no MERGE INTO or INSERT INTO in its body)`);
}

/**
 * The body's statements, to run inside one local transaction: a Snowflake Scripting block
 * (`EXECUTE IMMEDIATE $$ BEGIN ... END $$`, or `BEGIN ... END`) is unwrapped, and its own
 * BEGIN TRANSACTION / COMMIT are left to the caller's transaction.
 */
export function bodyStatements(definition: string): string[] {
  let text = definition.trim().replace(/;\s*$/, '');
  const immediate = /^EXECUTE\s+IMMEDIATE\s+\$\$([\s\S]*)\$\$$/i.exec(text);
  if (immediate) text = immediate[1]!.trim().replace(/;\s*$/, '');
  const block = /^BEGIN\b(?!\s+TRANSACTION\b)([\s\S]*)\bEND$/i.exec(text);
  if (block) text = block[1]!;
  return splitStatements(text)
    .map((s) => s.text.trim())
    .filter((s) => s !== '' && !/^(BEGIN(\s+TRANSACTION)?|START\s+TRANSACTION|COMMIT|END)$/i.test(s));
}

/** The `-- local:` name of a task whose body consumes streams: the emulation runs the body itself. */
export const STREAM_PROCESS_STAGE = 'stream process';

/** The named stream-consuming task, or the graph's first one. */
export function streamTask(dag: DagDefinition, name?: string): TaskDefinition {
  const candidates = dag.tasks.filter((t) => t.localStage === STREAM_PROCESS_STAGE);
  if (name !== undefined) {
    const task = findTask(dag, name);
    if (!task || !candidates.includes(task)) {
      throw new UserError(
        `Task '${name.toUpperCase()}' does not consume a stream`,
        undefined,
        `the stream tasks are: ${candidates.map((t) => t.name.toLowerCase()).join(', ')}`,
      );
    }
    return task;
  }
  const first = candidates[0];
  if (!first) throw new UserError("this pack's task graph has no task that consumes a stream");
  return first;
}
