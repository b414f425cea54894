import type { Stage } from '../../pipeline/pipeline.js';

/**
 * The credit-card pack's `c360-demo pipeline`: bronze generation, the 12 checks, dbt build,
 * churn training, share refresh. Each stage imports its module lazily.
 * The task DAG (sql/credit-card/orchestration/pipeline_tasks.sql) runs the same stages, one task each.
 */
const generateStage: Stage = {
  name: 'generate',
  async run(context) {
    const { generateStageRun } = await import('./generate/stage.js');
    return generateStageRun(context);
  },
};

const validateStage: Stage = {
  name: 'validate',
  async run(context) {
    const { validateStageRun } = await import('../../validate/stage.js');
    return validateStageRun(context);
  },
};

const dbtBuildStage: Stage = {
  name: 'dbt build',
  async run(context) {
    const { dbtBuildStageRun } = await import('../../dbt/stage.js');
    return dbtBuildStageRun(context);
  },
};

const churnTrainStage: Stage = {
  name: 'churn train',
  async run(context) {
    const { churnTrainStageRun } = await import('../../../local-ml/stage.js');
    return churnTrainStageRun(context);
  },
};

const shareRefreshStage: Stage = {
  name: 'share refresh',
  async run(context) {
    const { shareRefreshStageRun } = await import('../../orchestration/share-stage.js');
    return shareRefreshStageRun(context);
  },
};

/** In pipeline order; the task graph finds a task's stage here by the name its `-- local:` line gives. */
export function pipelineStages(): Stage[] {
  return [generateStage, validateStage, dbtBuildStage, churnTrainStage, shareRefreshStage];
}
