/**
 * The media pack's `c360-demo deploy --pack media`: what it creates on a Snowflake account, as
 * data (src/deploy/plan.ts renders and runs it). Each step is a list of the pack's SQL scripts
 * (and at most one folder to upload); the objects a step owns (probed before it first runs,
 * dropped by teardown only if it made them) are read from its scripts' CREATE statements, so a
 * script added to a step needs no other edit.
 */
import type { Pack } from '../../core/pack.js';
import { createdObjects, type StepDefinition } from '../../deploy/plan.js';

interface MediaStep {
  /** Prefixed: the deploy state on the account is shared with the other packs' steps. */
  name: string;
  title: string;
  role: string;
  /** Scripts of sql/media/ run in order. */
  scripts: string[];
  /** A folder of sql/media/ PUT to a stage, when the package has it (otherwise the step is skipped). */
  upload?: { folder: string; stage: string };
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
  {
    name: 'media-staging',
    title: 'staging tables in SFE_STG_MEDIA, and the reconciliation the staging tasks record run by run',
    role: 'C360_ENGINEER',
    scripts: ['setup/03_staging.sql'],
  },
  {
    name: 'media-tasks',
    title: 'streams, the 1-minute staging tasks (resumed), the scheduled load (suspended until a feed starts it), the churn tasks',
    role: 'C360_ENGINEER',
    scripts: ['orchestration/pipeline_tasks.sql'],
  },
  // The churn model's scripts read the analytics layer (FCT_CHURN_TRAINING...), which does not
  // exist on a fresh account: they go to a stage, to run once that layer is built.
  {
    name: 'media-ml',
    title: 'sql/media/ml/ to @SFE_ANALYTICS_MEDIA.SFE_SCRIPTS: the churn model, run once the analytics layer is built',
    role: 'C360_ENGINEER',
    scripts: [],
    upload: { folder: 'ml', stage: 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_SCRIPTS' },
  },
];

/**
 * The seed's Stage 5 dashboard (streamlit/media/) as a Streamlit in Snowflake app: its stage, the
 * upload of the app and of the module it imports (streamlit/shared/, beside the main file), then
 * CREATE STREAMLIT ... FROM, which needs the files on the stage. Skipped when the package has no
 * streamlit/media/ folder.
 */
function streamlitStep(pack: Pack): StepDefinition {
  const [stage, app] = ['streamlit_stage.sql', 'streamlit_app.sql'].map((script) => `sql/${pack.name}/deploy/${script}`) as [string, string];
  const appStage = 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_STREAMLIT';
  return {
    name: 'media-streamlit',
    title: 'streamlit/media/ and streamlit/shared/ to @SFE_ANALYTICS_MEDIA.SFE_STREAMLIT, then the Streamlit app SUBSCRIBER_360_APP',
    role: 'C360_ENGINEER',
    actions: [
      { sql: stage },
      { upload: `streamlit/${pack.name}`, stage: appStage, optional: true },
      { upload: 'streamlit/shared', stage: appStage, optional: true },
      { sql: app },
    ],
    creates: [stage, app].flatMap((sql) => createdObjects(sql)),
  };
}

export function deploySteps(pack: Pack): StepDefinition[] {
  const steps = STEPS.map((step) => {
    const scripts = step.scripts.map((script) => `sql/${pack.name}/${script}`);
    return {
      name: step.name,
      title: step.title,
      role: step.role,
      actions: [
        ...scripts.map((sql) => ({ sql })),
        ...(step.upload ? [{ upload: `sql/${pack.name}/${step.upload.folder}`, stage: step.upload.stage, optional: true }] : []),
      ],
      creates: scripts.flatMap((sql) => createdObjects(sql)),
    };
  });
  return [...steps, streamlitStep(pack)];
}
