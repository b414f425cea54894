import fs from 'node:fs';
import { localWarehouse, creditCard } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyParams, defaultScenesDir, loadScenes } from '../../src/scenes/load.js';
import { actionCatalog } from '../../src/scenes/actions/meta.js';
import { sceneAsMarkdown, sceneAsText } from '../../src/scenes/render-text.js';
import { BackendRunner } from '../../src/scenes/runner.js';
import { runConfig } from '../../src/core/config.js';
import type { Backend } from '../../src/backends/backend.js';

const GOOD = `---
id: one
title: One
order: 1
duration_seconds: 60
action: architecture
sql:
  - q.sql
  - "SELECT 2;"
params:
  customer_id: CUST000001
narration: Hello.
talking_points: ["a"]
fallback_talking_points: ["b"]
---
Notes.
`;

function deckDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-scenes-'));
  fs.mkdirSync(path.join(dir, 'sql'));
  fs.writeFileSync(path.join(dir, 'sql', 'q.sql'), 'SELECT * FROM t WHERE id = {{customer_id}};');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('scene files', () => {
  it('the shipped deck: ten scenes, every SQL file exists, every action is known, budgets add up', () => {
    const { scenes, problems } = loadScenes(defaultScenesDir(creditCard), actionCatalog(creditCard));
    expect(problems).toEqual([]);
    expect(scenes).toHaveLength(10);
    expect(new Set(scenes.map((s) => s.order)).size).toBe(10);
    for (const s of scenes) {
      expect(s.talking_points.length).toBeGreaterThan(0);
      expect(s.fallback_talking_points.length).toBeGreaterThan(0);
      expect(s.sql.length).toBeGreaterThan(0);
    }
    const total = scenes.reduce((sum, s) => sum + s.duration_seconds, 0);
    expect(total).toBeGreaterThanOrEqual(15 * 60);
    expect(total).toBeLessThanOrEqual(30 * 60);
    // The seed's key talking points are all in the deck.
    const said = scenes.flatMap((s) => s.talking_points).join('\n');
    for (const point of [
      'Fully automated with Snowflake Tasks',
      'dbt runs natively',
      'Streams enable real-time incremental processing',
      'Stored procedure generates data with Python in Snowflake',
    ]) {
      expect(said).toContain(point);
    }
  });

  it('reads SQL files and inline SQL, applies params as quoted literals, keeps the body', () => {
    const { scenes, problems } = loadScenes(deckDir({ '01-one.md': GOOD }), actionCatalog(creditCard));
    expect(problems).toEqual([]);
    expect(scenes[0]!.sql).toEqual([
      { name: 'q.sql', text: "SELECT * FROM t WHERE id = 'CUST000001';", template: 'SELECT * FROM t WHERE id = {{customer_id}};' },
      { name: 'inline-2', text: 'SELECT 2;', template: 'SELECT 2;' },
    ]);
    expect(scenes[0]!.body).toBe('Notes.');
    expect(scenes[0]!.auto_run).toBe(true);
  });

  it('reports a malformed scene with file and field, and still loads the rest', () => {
    const dir = deckDir({
      '01-one.md': GOOD,
      '02-bad-field.md': GOOD.replace('id: one', 'id: two').replace('duration_seconds: 60', 'duration_seconds: soon'),
      '03-missing.md': GOOD.replace('id: one', 'id: three').replace('narration: Hello.\n', ''),
      '04-yaml.md': '---\nid: [unclosed\n---\n',
      '05-sqlfile.md': GOOD.replace('id: one', 'id: five').replace('q.sql', 'nope.sql'),
      '06-action.md': GOOD.replace('id: one', 'id: six').replace('action: architecture', 'action: magic'),
      '07-dup.md': GOOD,
    });
    const { scenes, problems } = loadScenes(dir, actionCatalog(creditCard));
    expect(scenes.map((s) => s.id)).toEqual(['one']);
    const byFile = Object.fromEntries(problems.map((p) => [p.file, p]));
    expect(byFile['02-bad-field.md']!.field).toBe('duration_seconds');
    expect(byFile['03-missing.md']!.field).toBe('narration');
    expect(byFile['04-yaml.md']!.field).toBe('(front matter)');
    expect(byFile['05-sqlfile.md']).toMatchObject({ field: 'sql.0', message: 'no such file scenes/sql/nope.sql' });
    expect(byFile['06-action.md']!.field).toBe('action');
    expect(byFile['07-dup.md']!.field).toBe('id');
  });

  it('applyParams quotes strings as SQL literals and refuses a name the params lack', () => {
    expect(applyParams('x = {{a}} AND y = {{ b }}', { a: "O'Brien", b: 3 })).toBe("x = 'O''Brien' AND y = 3");
    expect(() => applyParams('z = {{c}}', { a: 1 })).toThrow(/undefined/);
  });

  it('plain text and Markdown say clearly when a result is unavailable, with the fallback points', () => {
    const scene = loadScenes(deckDir({ '01-one.md': GOOD })).scenes[0]!;
    const text = sceneAsText(scene, { status: 'failed', error: 'GOLD.X does not exist' }, 0, 1);
    expect(text).toContain('Result: UNAVAILABLE — GOLD.X does not exist');
    expect(text).toContain('Talking points (fallback');
    expect(text).toContain('  - b');
    const md = sceneAsMarkdown(
      scene,
      {
        status: 'ok',
        result: {
          sceneId: 'one',
          backend: 'test',
          blocks: [{ kind: 'kpis', items: [{ label: 'k', value: 'v' }] }],
          sql: [{ label: 'q.sql', sql: 'SELECT 1', ms: 2 }],
          elapsedMs: 2,
          finishedAt: '',
        },
      },
      0,
    );
    expect(md).toContain('## 1. One');
    expect(md).toContain('```sql\n-- q.sql (2 ms)\nSELECT 1\n```');
    expect(md).toContain('k: v');
  });

  it('an action that takes too long is stopped with a clear timeout error', async () => {
    const slow: Backend = {
      kind: 'snowflake',
      pack: creditCard,
      description: 'slow snowflake',
      query: () => new Promise(() => undefined),
      runUserQuery: () => new Promise(() => undefined),
      execute: async () => undefined,
      transaction: (work) => work(),
      close: async () => undefined,
    };
    const scene = loadScenes(defaultScenesDir(creditCard), actionCatalog(creditCard)).scenes.find((s) => s.id === 'architecture')!;
    const runner = new BackendRunner({
      open: async () => slow,
      config: runConfig({ ...localWarehouse('.'), scale: 'test', backend: 'snowflake' }),
      timeoutMs: 50,
    });
    await expect(runner.run(scene)).rejects.toThrow('the action took longer than 50 ms and was stopped');
  });
});
