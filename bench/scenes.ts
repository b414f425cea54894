import type { Backend } from '../src/backends/backend.js';
import { defaultScenesDir, loadScenes } from '../src/scenes/load.js';

export interface SceneQueryTiming {
  scene: string;
  sql: string;
  ms: number;
  rows: number | null;
  error?: string;
}

/**
 * Times every SQL file the scenes run (not the inline Snowflake commands), `repeat` times each,
 * keeping the best run: what `npm run bench` reports as the presenter's query times.
 */
export async function measureSceneQueries(backend: Backend, options: { repeat?: number; scenesDir?: string } = {}): Promise<SceneQueryTiming[]> {
  const { scenes } = loadScenes(options.scenesDir ?? defaultScenesDir(backend.pack));
  const out: SceneQueryTiming[] = [];
  const seen = new Set<string>();
  for (const scene of scenes) {
    for (const sql of scene.sql) {
      if (!sql.name.endsWith('.sql') || seen.has(sql.name) || sql.text.includes('TASK_HISTORY(')) continue;
      seen.add(sql.name);
      let best = Number.POSITIVE_INFINITY;
      let rows: number | null = null;
      let error: string | undefined;
      for (let i = 0; i < (options.repeat ?? 3); i++) {
        const started = performance.now();
        try {
          const result = await backend.query(sql.text);
          rows = result.rows.length;
          best = Math.min(best, performance.now() - started);
        } catch (err) {
          error = (err as Error).message.split('\n')[0];
          break;
        }
      }
      out.push({ scene: scene.id, sql: sql.name, ms: Number.isFinite(best) ? Math.round(best * 10) / 10 : -1, rows, ...(error ? { error } : {}) });
    }
  }
  return out;
}
