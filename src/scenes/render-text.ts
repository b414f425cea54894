import type { Scene } from './schema.js';
import type { ExecutedSql, SceneResult } from './types.js';
import { resultLines } from '../text/blocks.js';
import { wrap } from '../text/wrap.js';
import { formatTable } from '../text/format-table.js';
import type { RecordedQuery } from './cell-query.js';

export type SceneOutcome =
  | { status: 'ok'; result: SceneResult }
  | { status: 'failed'; error: string; sql?: ExecutedSql[] }
  | { status: 'skipped'; reason: string };

const rule = (width: number) => '─'.repeat(Math.min(width, 100));

/** One scene as plain text (what --plain, CI and screen readers get). */
export function sceneAsText(scene: Scene, outcome: SceneOutcome, index: number, total: number, width = 100): string {
  const out: string[] = [];
  out.push(rule(width), `Scene ${index + 1}/${total}: ${scene.title}   [${scene.id}, ${scene.duration_seconds} s]`, rule(width), '');
  out.push('Narration:', wrap(scene.narration, width - 2, '  '), '');
  const failed = outcome.status === 'failed';
  out.push(failed ? 'Talking points (fallback — the live result is unavailable):' : 'Talking points:');
  for (const p of failed ? scene.fallback_talking_points : scene.talking_points) out.push(wrap(p, width - 4, '  - ', '    '));
  out.push('');
  const sql: ExecutedSql[] = outcome.status === 'ok' ? outcome.result.sql : outcome.status === 'failed' && outcome.sql?.length ? outcome.sql : scene.sql.map((s) => ({ label: s.name, sql: s.text }));
  if (sql.length > 0) {
    out.push('SQL:');
    for (const s of sql) {
      const timing = s.ms !== undefined ? ` (${s.ms} ms${s.rows !== undefined ? `, ${s.rows} rows` : ''})` : '';
      out.push(`  -- ${s.label}${timing}`, ...s.sql.split('\n').map((l) => `  ${l}`));
    }
    out.push('');
  }
  if (outcome.status === 'ok') {
    out.push(`Result (${outcome.result.backend}, ${outcome.result.elapsedMs} ms):`);
    out.push(...resultLines(outcome.result.blocks, width - 2).map((l) => `  ${l.text}`.trimEnd()));
  } else if (outcome.status === 'failed') {
    out.push(`Result: UNAVAILABLE — ${outcome.error}`);
  } else {
    out.push(`Result: not run — ${outcome.reason}`);
  }
  out.push('');
  return out.join('\n');
}

/** One scene as a Markdown run-book section. */
export function sceneAsMarkdown(scene: Scene, outcome: SceneOutcome, index: number): string {
  const out: string[] = [];
  out.push(`## ${index + 1}. ${scene.title}`, '', `*Scene \`${scene.id}\` · budget ${Math.round(scene.duration_seconds / 60 * 10) / 10} min · action \`${scene.action}\`*`, '');
  out.push(scene.narration, '');
  out.push('**Talking points**', '', ...scene.talking_points.map((p) => `- ${p}`), '');
  out.push('**If the live demo fails**', '', ...scene.fallback_talking_points.map((p) => `- ${p}`), '');
  if (scene.body) out.push('**Presenter notes**', '', scene.body, '');
  const sql: ExecutedSql[] = outcome.status === 'ok' ? outcome.result.sql : scene.sql.map((s) => ({ label: s.name, sql: s.text }));
  if (sql.length > 0) {
    out.push('**SQL**', '');
    for (const s of sql) out.push('```sql', `-- ${s.label}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}`, s.sql, '```', '');
  }
  if (outcome.status === 'ok') {
    out.push(`**Result** (${outcome.result.backend}, ${outcome.result.elapsedMs} ms)`, '', '```text', ...resultLines(outcome.result.blocks, 100).map((l) => l.text.trimEnd()), '```', '');
  } else if (outcome.status === 'failed') {
    out.push(`**Result:** unavailable — ${outcome.error}`, '');
  } else {
    out.push(`**Result:** not run — ${outcome.reason}`, '');
  }
  return out.join('\n');
}

/** The queries typed in the SQL cell while a scene was on screen, for the run-book. */
export function queriesAsMarkdown(queries: RecordedQuery[]): string {
  if (queries.length === 0) return '';
  const out: string[] = ['**Asked during the talk** (typed in the SQL cell)', ''];
  for (const q of queries) {
    out.push('```sql', q.sql, '```', '');
    if (q.result) {
      const r = q.result;
      const shown = r.rows.length < r.rowCount ? `, first ${r.rows.length} shown` : '';
      out.push(`${r.rowCount} row${r.rowCount === 1 ? '' : 's'}${shown} · ${r.elapsedMs} ms · ${r.backend}`, '', '```text', formatTable(r.columns, r.rows), '```', '');
    } else out.push(`Failed: ${q.error ?? 'no result'}`, '');
  }
  return out.join('\n');
}
