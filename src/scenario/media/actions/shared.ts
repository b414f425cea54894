import prettyBytes from 'pretty-bytes';
import { z } from 'zod';
import type { Row } from '../../../backends/backend.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import type { ActionContext, Block } from '../../../scenes/types.js';
import { formatNumber } from '../../../text/charts/format.js';

/** A whole number with thousands separators; "—" when the warehouse gave none. */
export const count = (value: unknown): string => {
  const n = num(value as Row[string]);
  return Number.isFinite(n) ? formatNumber(n, 'int') : '—';
};

export const bytes = (value: unknown): string => {
  const n = num(value as Row[string]);
  return Number.isFinite(n) ? prettyBytes(n) : '—';
};

/** Seconds with one decimal ("1.9 s"); "—" when there is no measurement. */
export const seconds = (value: unknown): string => {
  const n = num(value as Row[string]);
  return value === null || value === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(1)} s`;
};

/** A timestamp as the warehouse returned it, to the second, without the "T". */
export const when = (value: unknown): string =>
  str(value as Row[string])
    .replace('T', ' ')
    .slice(0, 19);

/** Boxes of a data-flow diagram in a scene's `content` ({name} in a line is filled from the warehouse). */
export const flowContentSchema = z.object({
  boxes: z.array(z.object({ title: z.string().min(1), lines: z.array(z.string()).default([]) })).min(1),
});

/** Parses the part of a scene's `content` an action reads, naming the scene's field on failure. */
export function sceneContent<T>(schema: z.ZodType<T>, content: unknown, scene: string): T {
  const parsed = schema.safeParse(content);
  if (!parsed.success) throw new Error(`the ${scene} scene's content: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Fills `{name}` in a presenter's line from `values`. A line naming a value the warehouse does not
 * have (yet) is left out rather than shown half-filled: null.
 */
export function fillLine(line: string, values: Record<string, string | undefined>): string | null {
  const names = [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.some((name) => values[name] === undefined)) return null;
  return line.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
}

/** Fills every line; lines with a missing value are dropped. */
export function fillLines(lines: readonly string[], values: Record<string, string | undefined>): string[] {
  return lines.map((line) => fillLine(line, values)).filter((line): line is string => line !== null);
}

/** The presenter's budget for one dashboard query at full scale locally (the seed's target on Snowflake is < 2 s). */
export const DASHBOARD_QUERY_BUDGET_MS = 200;

/**
 * Runs the dashboard's queries and keeps each one's time, so the scene can show them against the
 * budget (`timesBlock`).
 */
export function timedQueries(ctx: ActionContext): { run: (name: string) => Promise<{ columns: string[]; rows: Row[] }>; timesBlock: () => Block } {
  const times: { name: string; ms: number }[] = [];
  return {
    run: async (name) => {
      const started = performance.now();
      const result = await runSceneSql(ctx, name);
      times.push({ name: name.replace(/\.sql$/, ''), ms: performance.now() - started });
      return result;
    },
    timesBlock: () => {
      const slowest = Math.max(0, ...times.map((t) => t.ms));
      return {
        kind: 'text',
        title: `Query times: slowest ${slowest.toFixed(0)} ms (budget ${DASHBOARD_QUERY_BUDGET_MS} ms at full scale locally; the seed's < 2 s on Snowflake)`,
        lines: [times.map((t) => `${t.name} ${t.ms.toFixed(0)} ms`).join(' · ')],
      };
    },
  };
}

/** Columns a raw record's line is cut into, so that a record without spaces (a JSON line) wraps on an 80-column screen instead of being cut off. */
const RAW_LINE_WIDTH = 72;

/** A raw record as lines of at most RAW_LINE_WIDTH characters, every character kept. */
export function rawLines(text: string, prefix = ''): string[] {
  const width = RAW_LINE_WIDTH - prefix.length;
  const lines: string[] = [];
  for (let at = 0; at < text.length || at === 0; at += width) lines.push(`${at === 0 ? prefix : ' '.repeat(prefix.length)}${text.slice(at, at + width)}`);
  return lines;
}
