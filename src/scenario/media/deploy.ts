/**
 * The media pack's `c360-demo deploy --pack media`: what it creates on a Snowflake account, as
 * data (src/deploy/plan.ts renders and runs it). Each step is a list of the pack's SQL scripts;
 * the objects a step owns (probed before it first runs, dropped by teardown only if it made them)
 * are read from its scripts' CREATE statements, so a script added to a step needs no other edit.
 */
import fs from 'node:fs';
import type { Pack } from '../../core/pack.js';
import { createdObjects, type StepDefinition } from '../../deploy/plan.js';
import { repoPath } from '../../util/paths.js';

interface MediaStep {
  /** Prefixed: the deploy state on the account is shared with the other packs' steps. */
  name: string;
  title: string;
  role: string;
  /** Scripts of sql/media/, in order; a folder means its .sql files in name order (none: the step is left out). */
  scripts: string[];
}

/** The order the seed's stages need: account, raw layer and stage, the loader, staging, the task graph, then the analytics and ML scripts. */
const STEPS: MediaStep[] = [
  { name: 'media-account', title: 'warehouse COMPUTE_WH, roles, database CUSTOMER_ANALYTICS', role: 'ACCOUNTADMIN', scripts: ['setup/00_account.sql'] },
  {
    name: 'media-raw',
    title: 'schemas SFE_RAW_MEDIA, SFE_STG_MEDIA, SFE_ANALYTICS_MEDIA; raw, roster, load history and error tables; file formats; stage SFE_LANDING',
    role: 'C360_ENGINEER',
    scripts: ['setup/01_setup.sql'],
  },
  {
    name: 'media-ingest',
    title: 'procedure SFE_RAW_MEDIA.SFE_LOAD_LANDING(): COPY INTO with ON_ERROR = CONTINUE, rejects into LOAD_ERRORS',
    role: 'C360_ENGINEER',
    scripts: ['setup/02_ingest.sql'],
  },
  { name: 'media-staging', title: 'staging tables in SFE_STG_MEDIA', role: 'C360_ENGINEER', scripts: ['setup/03_staging.sql'] },
  {
    name: 'media-tasks',
    title: 'streams, the 1-minute staging tasks (resumed) and the scheduled load (suspended until a feed starts it)',
    role: 'C360_ENGINEER',
    scripts: ['orchestration/pipeline_tasks.sql'],
  },
  { name: 'media-ml', title: 'churn classifier, its gate and the daily scoring (sql/media/ml/)', role: 'C360_ENGINEER', scripts: ['ml'] },
];

/** A step's scripts as package paths; a folder expands to its .sql files. */
function scriptPaths(pack: Pick<Pack, 'name'>, scripts: string[]): string[] {
  return scripts.flatMap((script) => {
    const relative = `sql/${pack.name}/${script}`;
    if (script.endsWith('.sql')) return [relative];
    const folder = repoPath(relative);
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .filter((file) => file.endsWith('.sql'))
      .sort()
      .map((file) => `${relative}/${file}`);
  });
}

export function deploySteps(pack: Pack): StepDefinition[] {
  return STEPS.flatMap((step) => {
    const scripts = scriptPaths(pack, step.scripts);
    if (scripts.length === 0) return [];
    return [
      {
        name: step.name,
        title: step.title,
        role: step.role,
        actions: scripts.map((sql) => ({ sql })),
        creates: scripts.flatMap((sql) => createdObjects(sql)),
      },
    ];
  });
}
