import type { Command } from 'commander';
import { ExitCode, InterruptedError, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { currentIo } from '../io.js';
import type { ChurnTrainingReport } from '../../../local-ml/index.js';

function parseMinAuc(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(n >= 0 && n < 1)) throw new UserError(`--min-auc must be a number in [0, 1), got "${value}"`);
  return n;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The human summary: gate verdict, data, held-out metrics against the baseline and the shuffled control, top features. */
export function formatChurnReport(report: ChurnTrainingReport): string {
  const m = report.metrics;
  const d = report.data;
  const model = m.model;
  const base = m.baseline;
  const lines: string[] = [];
  lines.push(`churn model ${report.modelVersion} (${report.backend}): ${report.gate.reason}`);
  lines.push('');
  lines.push(
    formatTable(
      ['part', 'cutoffs', 'rows', 'churned', 'churn rate'],
      [
        {
          part: 'train',
          cutoffs: `${d.trainCutoffs[0]} .. ${d.trainCutoffs[1]}`,
          rows: d.allTrainRows,
          churned: d.allTrainPositives,
          'churn rate': pct(m.trainBaseRate),
        },
        { part: 'held out', cutoffs: `${d.testCutoffs[0]} .. ${d.testCutoffs[1]}`, rows: d.testRows, churned: d.testPositives, 'churn rate': pct(m.baseRate) },
      ],
    ),
  );
  lines.push(
    `  (fitted on ${d.trainRows.toLocaleString('en-US')} training rows: 1 in ${d.positiveEvery} churned, 1 in ${d.negativeEvery} stayed, each weighted by the rows it stands for; evaluated on every held-out row)`,
  );
  lines.push('');
  const ci = (x: { auc: number; aucInterval: { low: number; high: number } }) =>
    `${x.auc.toFixed(3)} [${x.aucInterval.low.toFixed(3)}, ${x.aucInterval.high.toFixed(3)}]`;
  lines.push(
    formatTable(
      ['held out', 'model', `recency only (${base.feature})`],
      [
        { 'held out': 'ROC AUC [95% CI]', model: ci(model), [`recency only (${base.feature})`]: ci(base) },
        { 'held out': 'PR AUC', model: model.prAuc.toFixed(3), [`recency only (${base.feature})`]: base.prAuc.toFixed(3) },
        {
          'held out': 'precision / recall @ threshold',
          model: `${model.precision.toFixed(3)} / ${model.recall.toFixed(3)} @ ${model.threshold.toFixed(2)}`,
          [`recency only (${base.feature})`]: `${base.precision.toFixed(3)} / ${base.recall.toFixed(3)} @ ${base.threshold.toFixed(2)}`,
        },
        ...model.top.map((t, k) => ({
          'held out': `top ${Math.round(t.share * 100)}%: precision, lift, churners caught`,
          model: `${t.precision.toFixed(3)}, ${t.lift.toFixed(1)}x, ${pct(t.captured)}`,
          [`recency only (${base.feature})`]: `${base.top[k]!.precision.toFixed(3)}, ${base.top[k]!.lift.toFixed(1)}x, ${pct(base.top[k]!.captured)}`,
        })),
        { 'held out': 'Brier score', model: model.brier.toFixed(4), [`recency only (${base.feature})`]: base.brier.toFixed(4) },
      ],
    ),
  );
  lines.push(`AUC gain over recency: ${m.gainOverBaseline.value.toFixed(3)} [${m.gainOverBaseline.low.toFixed(3)}, ${m.gainOverBaseline.high.toFixed(3)}]`);
  lines.push(
    `shuffled-label control (${m.shuffled.fits} fits): AUC min ${m.shuffled.min.toFixed(3)}, median ${m.shuffled.median.toFixed(3)}, p95 ${m.shuffled.p95.toFixed(3)}, max ${m.shuffled.max.toFixed(3)}`,
  );
  lines.push('');
  lines.push(
    formatTable(
      ['gate check', 'value', 'bar', 'passed'],
      report.gate.checks.map((c) => ({ 'gate check': c.name, value: c.value.toFixed(3), bar: c.bar, passed: c.passed ? 'yes' : 'NO' })),
    ),
  );
  lines.push('');
  lines.push(
    formatTable(
      ['calibration (deciles)', 'mean predicted', 'observed'],
      model.calibration.map((b) => ({ 'calibration (deciles)': b.bin, 'mean predicted': b.meanPredicted.toFixed(4), observed: b.observedRate.toFixed(4) })),
    ),
  );
  lines.push('');
  lines.push(
    formatTable(
      ['feature (standardised)', 'coefficient'],
      report.importance.slice(0, 8).map((f) => ({ 'feature (standardised)': f.feature, coefficient: f.coefficient.toFixed(4) })),
    ),
  );
  lines.push(`training log-loss by Newton iteration: ${m.logLossCurve.map((p) => `${p.iteration}: ${p.logLoss.toFixed(4)}`).join(', ')}`);
  if (report.predictions) {
    const t = report.predictions.tiers;
    lines.push(
      `at-risk list: ${report.predictions.rows.toLocaleString('en-US')} customers active in the last ${report.predictions.activeDays} days in ${report.tables.predictions} - High ${t.High} (p >= ${report.predictions.tierCutoffs.high.toFixed(3)}), Medium ${t.Medium} (p >= ${report.predictions.tierCutoffs.medium.toFixed(3)}), Low ${t.Low}`,
    );
  } else if (report.deployed) {
    lines.push(`deployed: the pack's scoring task scores with ${report.modelVersion} into ${report.tables.predictions} from its next run`);
  } else {
    lines.push(`predictions: unchanged (${report.activeModelVersion ? `still from ${report.activeModelVersion}` : 'no model deployed yet'})`);
  }
  lines.push(
    `time: ${report.timings.totalSeconds.toFixed(2)}s (load ${report.timings.loadSeconds.toFixed(2)}s, train ${report.timings.trainSeconds.toFixed(2)}s, evaluate ${report.timings.evaluateSeconds.toFixed(2)}s, publish ${report.timings.publishSeconds.toFixed(2)}s)`,
  );
  return lines.join('\n');
}

export function registerChurn(program: Command): void {
  const churn = program.command('churn').description('The churn model: train, evaluate on held-out months, gate, publish predictions');
  withWarehouseOptions(
    churn
      .command('train')
      .description('Train on the earlier 80% of cutoff dates, evaluate on every later row; publish the at-risk list only if the gate passes (exit 1 otherwise)')
      .option('--min-auc <auc>', "the gate's AUC bar, instead of the pack's (local-ml/<pack>/model.yaml): held-out ROC AUC must be above this", parseMinAuc),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { trainChurn } = await import('../../../local-ml/index.js');
      const { withInterrupt } = await import('../interrupt.js');
      const { progressPrinter } = await import('../../pipeline/progress.js');
      const backend = await (await import('../../backends/open.js')).openBackendForWrite(options.config, { notice: printError });
      const progress = progressPrinter(currentIo().stderr, !options.json && currentIo().stderr.isTTY === true);
      try {
        const report = await withInterrupt((signal) => trainChurn(backend, { onProgress: progress, signal, minAuc: raw.minAuc as number }));
        progress.done();
        let refreshNote: string | undefined;
        if (report.deployed) {
          const { refreshChurnConsumers } = await import('../../../local-ml/stage.js');
          const consumers = (await import('../../../local-ml/model.js')).loadChurnModel(options.config.pack).refreshAfterDeploy;
          const refresh = await withInterrupt((signal) => refreshChurnConsumers(backend, options.config.dataDir, signal)).catch((err: unknown) => {
            // The model was already deployed when Ctrl-C came: say exactly what was kept.
            if (err instanceof InterruptedError && consumers) {
              throw new InterruptedError(
                `interrupted during the refresh of ${consumers.name}: model ${report.modelVersion} and its predictions are kept (${report.tables.registry}, ${report.tables.predictions}); ` +
                  `${consumers.name} still shows the previous churn risk (refresh it: c360-demo dbt run --select ${consumers.select.join(' ')})`,
              );
            }
            throw err;
          });
          if (refresh) {
            refreshNote = refresh.note;
            if (!refresh.ok) printError(`c360-demo: ${refresh.note}`);
          }
        }
        progress.done();
        if (options.json) printJson({ ...report, ...(refreshNote ? { profileRefresh: refreshNote } : {}) });
        else printLine(formatChurnReport(report) + (refreshNote ? `\n${refreshNote}` : ''));
        if (!report.deployed) {
          printError(`c360-demo: churn model refused by the gate: ${report.gate.reason}`);
          return ExitCode.checkFailed;
        }
        return ExitCode.ok;
      } finally {
        progress.done();
        await backend.close();
      }
    }),
  );
}
