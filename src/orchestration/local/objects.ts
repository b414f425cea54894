import fs from 'node:fs';
import { loadLineage } from '../../dbt/artifacts.js';
import type { RunConfig } from '../../core/config.js';
import { packPath, readPackFile, type Pack } from '../../core/pack.js';
import type { EmulatedObjects } from '../../warehouse/snowflake-dialect/objects.js';
import { loadDag } from '../dag.js';
import { DATABASE } from './store.js';

/** The statement that creates the dbt project object on Snowflake, read for its name, comment and target. */
const DBT_DEPLOY_FILE = ['dbt', 'deploy_dbt_project.sql'] as const;

/** Undefined for a pack that deploys no dbt project object to Snowflake (it has no such file). */
function dbtProjectDefinition(pack: Pack): { schema: string; comment: string | null; defaultTarget: string } | undefined {
  if (!fs.existsSync(packPath(pack, 'sql', ...DBT_DEPLOY_FILE))) return undefined;
  const text = readPackFile(pack, 'sql', ...DBT_DEPLOY_FILE);
  const create = /CREATE\s+(?:OR\s+REPLACE\s+)?DBT\s+PROJECT\s+([\w.]+)([\s\S]*?);/i.exec(text);
  const parts = create?.[1]?.split('.') ?? [];
  const body = create?.[2] ?? '';
  return {
    schema: (parts.length >= 2 ? parts[parts.length - 2]! : 'PUBLIC').toUpperCase(),
    comment: /COMMENT\s*=\s*'((?:[^']|'')*)'/i.exec(body)?.[1]?.replace(/''/g, "'") ?? null,
    defaultTarget: /DEFAULT_TARGET\s*=\s*'([^']*)'/i.exec(body)?.[1] ?? 'dev',
  };
}

/**
 * The Snowflake objects the local emulation stands in for, from the files that define them on
 * Snowflake (pipeline_tasks.sql, deploy_dbt_project.sql) and the dbt artefacts in the data dir:
 * what `c360-demo sql` needs to answer SHOW TASKS or a stream selected by its name.
 */
export function localEmulatedObjects(config: Pick<RunConfig, 'dataDir' | 'pack'>): EmulatedObjects {
  const dag = loadDag(config.pack);
  const lineage = loadLineage(config.dataDir);
  const dbt = dbtProjectDefinition(config.pack);
  return {
    database: DATABASE,
    tasks: dag.tasks.map((t) => ({
      name: t.name,
      schema: dag.schema,
      warehouse: t.warehouse,
      schedule: t.schedule,
      predecessors: t.predecessors,
      condition: t.condition,
      definition: t.definition,
      comment: t.comment,
    })),
    streams: dag.streams.flatMap((s) => {
      const key = config.pack.streamKeys[s.table];
      return key ? [{ name: s.name, schema: s.table.split('.')[0] ?? dag.schema, sourceTable: s.table, key, comment: s.comment }] : [];
    }),
    dbtProjects:
      lineage && dbt
        ? [{ name: lineage.project.toUpperCase(), schema: dbt.schema, comment: dbt.comment, defaultTarget: dbt.defaultTarget, createdOn: lineage.generatedAt }]
        : [],
  };
}
