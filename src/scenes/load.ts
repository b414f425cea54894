import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { packPath, type Pack } from '../core/pack.js';
import { renderSql, sqlLiteral } from '../util/sql-template.js';
import type { ActionMeta } from './actions/meta.js';
import { sceneFrontMatterSchema, type Scene, type SceneProblem, type SceneSql } from './schema.js';

export interface LoadedScenes {
  scenes: Scene[];
  /** One entry per malformed file or field; the other scenes still load. */
  problems: SceneProblem[];
}

/** The scenes shipped with the package for a pack: scenes/<pack>/. */
export function defaultScenesDir(pack: Pick<Pack, 'name'>): string {
  return packPath(pack, 'scenes');
}

/** Renders {{name}} with the scene's params as SQL literals; a name the params lack is an error. */
export function applyParams(sql: string, params: Record<string, string | number>): string {
  return renderSql(sql, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, sqlLiteral(value)])));
}

/**
 * Loads every `*.md` under `dir`, validating front matter. A malformed file is reported with file
 * and field and skipped; `catalog` (the pack's actions, when given) also flags actions that do not
 * exist and gives each scene its action's metadata.
 */
export function loadScenes(dir: string, catalog?: Readonly<Record<string, ActionMeta>>): LoadedScenes {
  const scenes: Scene[] = [];
  const problems: SceneProblem[] = [];
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !f.startsWith('_')).sort();
  } catch (err) {
    return { scenes, problems: [{ file: dir, field: '(directory)', message: `cannot read scenes directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }] };
  }
  for (const file of files) {
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (err) {
      problems.push({ file, field: '(front matter)', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const result = sceneFrontMatterSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file, field: issue.path.join('.') || '(front matter)', message: issue.message });
      }
      continue;
    }
    const data = result.data;
    const sql: SceneSql[] = [];
    let bad = false;
    const renderOrReport = (template: string, field: string): string | undefined => {
      try {
        return applyParams(template, data.params);
      } catch (err) {
        problems.push({ file, field, message: (err as Error).message.split('\n').pop()!.trim() });
        bad = true;
        return undefined;
      }
    };
    data.sql.forEach((entry, i) => {
      const trimmed = entry.trim();
      if (/^[\w./-]+\.sql$/.test(trimmed)) {
        const sqlFile = path.join(dir, 'sql', trimmed);
        if (!fs.existsSync(sqlFile)) {
          problems.push({ file, field: `sql.${i}`, message: `no such file scenes/sql/${trimmed}` });
          bad = true;
          return;
        }
        const template = fs.readFileSync(sqlFile, 'utf8').trim();
        const text = renderOrReport(template, `sql.${i}`);
        if (text !== undefined) sql.push({ name: trimmed, text, template });
      } else {
        const text = renderOrReport(trimmed, `sql.${i}`);
        if (text !== undefined) sql.push({ name: `inline-${i + 1}`, text, template: trimmed });
      }
    });
    if (catalog && !(data.action in catalog)) {
      problems.push({ file, field: 'action', message: `unknown action "${data.action}" (known: ${Object.keys(catalog).sort().join(', ')})` });
      bad = true;
    }
    const duplicate = scenes.find((s) => s.id === data.id);
    if (duplicate) {
      problems.push({ file, field: 'id', message: `duplicate id "${data.id}" (also in ${duplicate.file})` });
      bad = true;
    }
    if (bad) continue;
    scenes.push({ ...data, ...(catalog?.[data.action] ? { meta: catalog[data.action] } : {}), sql, body: parsed.content.trim(), file });
  }
  scenes.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { scenes, problems };
}
