import fs from 'node:fs';
import { z } from 'zod';
import { ExitCode, UserError } from '../core/errors.js';
import type { SceneResult } from './types.js';
import type { RecordedQuery } from './cell-query.js';

/**
 * The recording file (`--record` writes it, `--replay` and `export --replay` read it), checked
 * with a schema so a hand-edited, truncated or foreign file is reported as what it is.
 */

/** Recordings are a few hundred kilobytes; anything far larger is not one. */
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

const sqlValue: z.ZodType = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(sqlValue), z.record(z.string(), sqlValue)]));
const row = z.record(z.string(), sqlValue);
const format = z.enum(['int', 'money', 'pct', 'decimal']).optional();
const title = z.string().optional();
const treeNode: z.ZodType = z.lazy(() =>
  z.object({ label: z.string(), detail: z.string().optional(), state: z.string().optional(), children: z.array(treeNode) }),
);

const block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kpis'), title, items: z.array(z.object({ label: z.string(), value: z.string() })) }),
  z.object({ kind: z.literal('table'), title, columns: z.array(z.string()), rows: z.array(row) }),
  z.object({ kind: z.literal('bars'), title, items: z.array(z.object({ label: z.string(), value: z.number() })), format }),
  z.object({ kind: z.literal('line'), title, labels: z.array(z.string()), values: z.array(z.number()), format }),
  z.object({ kind: z.literal('roc'), title, points: z.array(z.object({ fpr: z.number(), tpr: z.number() })), auc: z.number().optional() }),
  z.object({ kind: z.literal('dag'), title, nodes: z.array(z.object({ id: z.string(), group: z.string().optional() })), edges: z.array(z.tuple([z.string(), z.string()])) }),
  z.object({ kind: z.literal('tree'), title, nodes: z.array(treeNode) }),
  z.object({ kind: z.literal('flow'), title, stages: z.array(z.object({ title: z.string(), lines: z.array(z.string()) })) }),
  z.object({
    kind: z.literal('checks'),
    title,
    items: z.array(z.object({ name: z.string(), status: z.enum(['pass', 'warn', 'fail']), observed: z.string(), expected: z.string() })),
  }),
  z.object({ kind: z.literal('text'), title, lines: z.array(z.string()) }),
]);

const sceneResult = z.object({
  sceneId: z.string(),
  backend: z.string(),
  blocks: z.array(block),
  sql: z.array(z.object({ label: z.string(), sql: z.string(), ms: z.number().optional(), rows: z.number().optional() })),
  elapsedMs: z.number(),
  finishedAt: z.string(),
});

const cellResult = z.object({
  columns: z.array(z.string()),
  rows: z.array(row),
  rowCount: z.number(),
  elapsedMs: z.number(),
  backend: z.string(),
});

/** A query typed in the SQL cell during the talk, with what it returned (or its error). */
const recordedQuery = z.object({
  sceneId: z.string(),
  sql: z.string(),
  at: z.string(),
  result: cellResult.optional(),
  error: z.string().optional(),
});

export const recordingSchema = z.object({
  version: z.literal(1),
  recordedAt: z.iso.datetime(),
  backend: z.string(),
  results: z.record(z.string(), sceneResult),
  /** Scenes of the deck without a result (the recording is incomplete when any). */
  missing: z.array(z.string()).optional(),
  /** Queries typed in the SQL cell (recordings made before the cell existed have none). */
  queries: z.array(recordedQuery).optional(),
});

/** A saved run: every scene's results, so a presentation can be replayed with no backend. */
export interface Recording {
  version: 1;
  recordedAt: string;
  backend: string;
  results: Record<string, SceneResult>;
  /** Scenes of the deck that have no result in this recording (it is incomplete when any). */
  missing?: string[];
  /** Queries typed in the SQL cell during the talk, in the order they ran. */
  queries?: RecordedQuery[];
}

function notARecording(file: string, what: string): UserError {
  return new UserError(`${file} is not a usable c360-demo recording: ${what}`, ExitCode.badInput, 'make one with `c360-demo --record FILE`');
}

export function readRecording(file: string): Recording {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError(`no recording at ${file}`, ExitCode.badInput, 'make one with `c360-demo --record FILE`');
  }
  if (!stat.isFile()) throw notARecording(file, 'it is a directory, not a file');
  if (stat.size > MAX_RECORDING_BYTES) throw notARecording(file, `it is ${Math.round(stat.size / 1024 / 1024)} MB, far larger than any recording`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw notARecording(file, `not valid JSON, perhaps truncated (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = recordingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    throw notARecording(file, `${where}: ${issue.message}`);
  }
  return parsed.data as Recording;
}
