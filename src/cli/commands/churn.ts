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

/** The human summary: gate verdict, data, held-out metrics, confusion matrix, top features. */
export function formatChurnReport(report: ChurnTrainingReport): string {
  const m = report.metrics;
  const d = report.data;
  const c = m.confusion;
  const lines: string[] = [];
  lines.push(`churn model ${report.modelVersion} (${report.backend}): ${report.gate.reason}`);
  lines.push('');
  lines.push(formatTable(['part', 'cutoffs', 'rows used', 'churned', 'churn rate'], [
    { part: 'train', cutoffs: `${d.trainCutoffs[0]} .. ${d.trainCutoffs[1]}`, 'rows used': d.trainRows, churned: d.trainPositives, 'churn rate': pct(m.trainBaseRate) },
    { part: 'held out', cutoffs: `${d.testCutoffs[0]} .. ${d.testCutoffs[1]}`, 'rows used': d.testRows, churned: d.testPositives, 'churn rate': pct(m.baseRate) },
  ]));
  lines.push(`  (training: every churned row and 1 in ${d.negativeEvery} of the ${d.allTrainRows.toLocaleString('en-US')} rows' stayed ones, intercept corrected; held out: ${d.testEvery === 1 ? 'every customer' : `1 in ${d.testEvery} customers`})`);
  lines.push('');
  lines.push(formatTable(['metric', 'held out'], [
    { metric: 'ROC AUC (rank)', 'held out': m.aucRank.toFixed(4) },
    { metric: 'ROC AUC (trapezoid)', 'held out': m.aucTrapezoid.toFixed(4) },
    { metric: `precision @ ${m.threshold.toFixed(2)}`, 'held out': m.precision.toFixed(4) },
    { metric: `recall @ ${m.threshold.toFixed(2)}`, 'held out': m.recall.toFixed(4) },
    { metric: `F1 @ ${m.threshold.toFixed(2)}`, 'held out': m.f1.toFixed(4) },
    { metric: 'log-loss', 'held out': m.testLogLoss.toFixed(4) },
    { metric: 'base rate', 'held out': m.baseRate.toFixed(4) },
  ]));
  lines.push('');
  lines.push(formatTable(['confusion', 'predicted churn', 'predicted stay'], [
    { confusion: 'churned', 'predicted churn': c.tp, 'predicted stay': c.fn },
    { confusion: 'stayed', 'predicted churn': c.fp, 'predicted stay': c.tn },
  ]));
  lines.push('');
  lines.push(formatTable(['feature (standardised)', 'coefficient'], report.importance.slice(0, 8).map((f) => ({ 'feature (standardised)': f.feature, coefficient: f.coefficient.toFixed(4) }))));
  lines.push('');
  const curve = m.logLossCurve;
  const shown = curve.filter((_, i) => i % Math.max(1, Math.ceil(curve.length / 6)) === 0 || i === curve.length - 1);
  lines.push(`training log-loss by step: ${shown.map((p) => `${p.step}: ${p.logLoss.toFixed(4)}`).join(', ')}`);
  if (report.predictions) {
    const t = report.predictions.tiers;
    lines.push(`predictions: ${report.predictions.rows.toLocaleString('en-US')} customers in GOLD.CHURN_PREDICTIONS - High ${t.High}, Medium ${t.Medium}, Low ${t.Low}`);
  } else {
    lines.push(`predictions: unchanged (${report.activeModelVersion ? `still from ${report.activeModelVersion}` : 'no model deployed yet'})`);
  }
  lines.push(`time: ${report.timings.totalSeconds.toFixed(2)}s (load ${report.timings.loadSeconds.toFixed(2)}s, train ${report.timings.trainSeconds.toFixed(2)}s, publish ${report.timings.publishSeconds.toFixed(2)}s)`);
  return lines.join('\n');
}

export function registerChurn(program: Command): void {
  const churn = program.command('churn').description('The churn model: train, evaluate on held-out months, gate, publish predictions');
  withWarehouseOptions(
    churn
      .command('train')
      .description('Train on the earlier 80% of cutoff dates, evaluate on the rest; publish predictions only if held-out AUC > 0.80 (exit 1 otherwise)')
      .option('--min-auc <auc>', 'the deployment gate: held-out ROC AUC must be above this', parseMinAuc, 0.8),
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
          const refresh = await withInterrupt((signal) => refreshChurnConsumers(backend, options.config.dataDir, signal)).catch((err: unknown) => {
            // The model was already deployed when Ctrl-C came: say exactly what was kept.
            if (err instanceof InterruptedError) {
              throw new InterruptedError(
                `interrupted during the profile refresh: model ${report.modelVersion} and its predictions are kept (GOLD.CHURN_MODEL_REGISTRY, GOLD.CHURN_PREDICTIONS); ` +
                  'GOLD.CUSTOMER_360_PROFILE still shows the previous churn risk (refresh it: c360-demo dbt run --select customer_360_profile+)',
              );
            }
            throw err;
          });
          refreshNote = refresh.note;
          if (!refresh.ok) printError(`c360-demo: ${refresh.note}`);
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
