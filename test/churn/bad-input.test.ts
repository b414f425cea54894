import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { UserError } from '../../src/core/errors.js';
import { trainChurn } from '../../local-ml/index.js';
import { tempDir } from '../helpers/cli.js';
import { runCliInProcess as runCli } from '../support/cli.js';
import { loadChurnModel } from '../../local-ml/model.js';
import { creditCard } from '../support/pack.js';

/** The credit-card model (local-ml/credit-card/model.yaml). */
const spec = loadChurnModel(creditCard);

/**
 * A hand-made feature table with FCT_CHURN_TRAINING's columns: 300 customers x 6 monthly cutoffs
 * (2024-04..2024-09) plus a scoring snapshot; features are hash noise, the label is `label`.
 */
async function syntheticFeatures(backend: LocalDuckDbBackend, label: string): Promise<void> {
  const numeric = spec.numeric.map((f, j) => `cast(1 + 20 * ((hash(c, k, ${j + 10}) % 1000) / 1000.0) as double) as ${f.column}`);
  await backend.execute(`
    create schema if not exists GOLD;
    create or replace table GOLD.FCT_CHURN_TRAINING as
    with base as (
      select 'S' || lpad(cast(c as varchar), 5, '0') as customer_id, cast(k as integer) as k, c,
             make_date(2024, 4 + cast(k as integer), 1) as cutoff_date, k = 6 as is_scoring_snapshot,
             (hash(c, k, 1) % 1000) / 1000.0 as u1, (hash(c, k, 2) % 1000) / 1000.0 as u2
      from range(300) as r(c), range(7) as q(k)
    )
    select customer_id || '|' || cast(cutoff_date as varchar) as churn_snapshot_id, customer_id, cutoff_date, is_scoring_snapshot,
           case when u1 < 0.5 then 'Gold' else 'Standard' end as card_type,
           ${numeric.join(',\n           ')},
           case when is_scoring_snapshot then null else (${label}) end as churned_next_month
    from base;`);
}

async function expectUserError(work: Promise<unknown>, pattern: RegExp): Promise<UserError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).message).toMatch(pattern);
  return err as UserError;
}

let dir: string;
let backend: LocalDuckDbBackend;

beforeAll(async () => {
  dir = tempDir('c360-churn-bad-');
  backend = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tables = async () =>
  Number(
    (
      await backend.query(`select count(*) as n from information_schema.tables
  where table_name in ('CHURN_PREDICTIONS', 'CHURN_MODEL_REGISTRY')`)
    ).rows[0]!.n,
  );

describe('churn train on bad input', () => {
  it('says to run the pipeline when there is no gold data yet', async () => {
    const err = await expectUserError(trainChurn(backend), /no modelled data yet: GOLD\.FCT_CHURN_TRAINING does not exist/);
    expect(err.hint).toMatch(/c360-demo pipeline/);
    expect(err.exitCode).toBe(2);
    expect(await tables()).toBe(0);
  });

  it('refuses a single-class training set', async () => {
    await syntheticFeatures(backend, '0');
    const err = await expectUserError(trainChurn(backend), /single class: all \d+ rows .* are "stayed"/);
    expect(err.exitCode).toBe(1);
    expect(await tables()).toBe(0);
  });

  it('refuses too few churners', async () => {
    // Three churners in the training months, plenty in the held-out ones.
    await syntheticFeatures(backend, "case when k < 4 then (customer_id in ('S00001', 'S00002', 'S00003') and k = 1)::int else (u2 < 0.2)::int end");
    const err = await expectUserError(trainChurn(backend), /too few churners to train: 3 positive rows out of \d+/);
    expect(err.exitCode).toBe(1);
    expect(await tables()).toBe(0);
  });

  it('the CLI: exit 2 with the pipeline hint on an empty warehouse, exit 1 when the gate refuses noise', async () => {
    const empty = tempDir('c360-churn-cli-');
    try {
      const noGold = await runCli(['churn', 'train', '--backend', 'local', '--data-dir', empty]);
      expect(noGold.status).toBe(2);
      expect(noGold.stderr).toMatch(/no modelled data yet/);
      expect(noGold.stderr).toMatch(/c360-demo pipeline/);
      expect(noGold.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    // Labels that are pure noise: the model cannot beat the gate.
    await syntheticFeatures(backend, '(hash(customer_id, k, 9) % 10 = 0)::int');
    await backend.close();
    const gated = await runCli(['churn', 'train', '--backend', 'local', '--data-dir', dir, '--json']);
    backend = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
    expect(gated.status).toBe(1);
    const report = JSON.parse(gated.stdout) as { deployed: boolean; metrics: { model: { auc: number } } };
    expect(report.deployed).toBe(false);
    expect(report.metrics.model.auc).toBeLessThan(0.8);
    expect(gated.stderr).toMatch(/refused by the gate/);
    expect(Number((await backend.query('select count(*) as n from GOLD.CHURN_PREDICTIONS')).rows[0]!.n)).toBe(0);
    expect(Number((await backend.query('select count(*) as n from GOLD.CHURN_MODEL_REGISTRY where not deployed')).rows[0]!.n)).toBe(1);
  });
});
