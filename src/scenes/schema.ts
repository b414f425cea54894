import { z } from 'zod';
import type { ActionMeta } from './actions/meta.js';

/**
 * The front matter of one scene file (scenes/NN-name.md). Scenes are data: a presenter adds or
 * edits one by editing Markdown, and this schema is what a file must satisfy.
 */
export const sceneFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  order: z.number().int().min(0),
  /** The talk budget for this scene, in seconds (rehearse mode auto-advances after it). */
  duration_seconds: z.number().int().positive(),
  narration: z.string().min(1),
  talking_points: z.array(z.string().min(1)).min(1),
  /** What to say when the live action fails (or the backend is gone). */
  fallback_talking_points: z.array(z.string().min(1)).min(1),
  /** Names of .sql files under scenes/sql/, or inline SQL. The SQL shown with `s`. */
  sql: z.union([z.string(), z.array(z.string())]).default([]).transform((v) => (Array.isArray(v) ? v : [v])),
  /** A named action id: a built-in one (src/scenes/actions) or the pack's (src/scenario/<pack>/actions.ts). */
  action: z.string().min(1),
  /** Run the action as soon as the scene opens (false for actions that change the warehouse). */
  auto_run: z.boolean().default(true),
  /** Values substituted into the scene's SQL as {{name}} (quoted as SQL string literals). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /**
   * The scene's pauses, like a slide's builds: each step shows the result blocks whose titles
   * start with one of `show` (untitled blocks go with the block before them). → reveals the next
   * step, then moves to the next scene. No steps: one step with everything.
   */
  /**
   * Content an action shows that belongs to the presenter, not the code: the architecture boxes,
   * the seed's cost table, closing points. Each action validates the part it reads.
   */
  content: z.record(z.string(), z.unknown()).default({}),
  steps: z.array(z.object({ title: z.string().min(1).optional(), show: z.array(z.string().min(1)).min(1) })).default([]),
});

export type SceneFrontMatter = z.infer<typeof sceneFrontMatterSchema>;

export interface SceneSql {
  /** The file name (e.g. `c360_kpis.sql`) or `inline-N`. */
  name: string;
  /** The SQL with the scene's params applied. */
  text: string;
  /** As written, with {{param}} placeholders (a presenter can look up another customer). */
  template?: string;
}

export interface Scene extends Omit<SceneFrontMatter, 'sql'> {
  /** What the scene's action does to the warehouse (from the pack's action catalog, when loaded with one). */
  meta?: ActionMeta;
  /** The Markdown body: the longer explanation onboard mode shows. */
  body: string;
  sql: SceneSql[];
  /** The file it came from (relative to the scenes dir). */
  file: string;
}

export interface SceneProblem {
  file: string;
  field: string;
  message: string;
}
