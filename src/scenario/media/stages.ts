import type { Stage } from '../../pipeline/pipeline.js';

/**
 * The media pack's `c360-demo pipeline`: the three sources' landing files, their load into the
 * raw layer, one run of each 1-minute staging task, the analytics layer (dbt/media, `dbt build`),
 * the churn model's training and gate (`churn train`, local-ml/media/model.yaml) and the day's
 * health scores (`score`), then the checks of the raw and staging layers. Each stage
 * imports its module lazily. The task graph (sql/media/orchestration/pipeline_tasks.sql) names
 * the load stage for its load task and runs the staging tasks' bodies itself.
 */
const generateStage: Stage = {
  name: 'generate',
  async run(context) {
    const { generateStageRun } = await import('./stage.js');
    return generateStageRun(context);
  },
};

const loadStage: Stage = {
  name: 'load',
  async run(context) {
    const { loadStageRun } = await import('./stage.js');
    return loadStageRun(context);
  },
};

const stagingStage: Stage = {
  name: 'staging',
  async run(context) {
    const { stagingStageRun } = await import('./stage.js');
    return stagingStageRun(context);
  },
};

const dbtStage: Stage = {
  name: 'dbt build',
  async run(context) {
    const { dbtStageRun } = await import('./stage.js');
    return dbtStageRun(context);
  },
};

const churnTrainStage: Stage = {
  name: 'churn train',
  async run(context) {
    const { churnTrainStageRun } = await import('../../../local-ml/stage.js');
    return churnTrainStageRun(context);
  },
};

const scoreStage: Stage = {
  name: 'score',
  async run(context) {
    const { scoreStageRun } = await import('./scoring.js');
    return scoreStageRun(context);
  },
};

const validateStage: Stage = {
  name: 'validate',
  async run(context) {
    const { validateMediaStageRun } = await import('./stage.js');
    return validateMediaStageRun(context);
  },
};

/** In pipeline order. The checks run last because half of them judge the staging layer. */
export function pipelineStages(): Stage[] {
  return [generateStage, loadStage, stagingStage, dbtStage, churnTrainStage, scoreStage, validateStage];
}
