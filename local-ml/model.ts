/**
 * What a pack's churn model is made of, from `local-ml/<pack>/model.yaml`: the feature table and
 * its id, observation-date and label columns, the features and how each is transformed, the
 * recency baseline, how rows are split by date, where the outputs go and what the narration says.
 * The code in local-ml/ is the same for every pack; the pack's SQL sits in `local-ml/<pack>/sql/`.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { packPath, type Pack } from '../src/core/pack.js';

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case column name');
const qualifiedName = z.string().regex(/^[A-Z_][A-Z0-9_]*\.[A-Z_][A-Z0-9_]*$/, 'an upper-case SCHEMA.TABLE name');
const share = z.number().gt(0).lt(1);

const numericFeatureSchema = z
  .object({
    column: identifier,
    /** log1p: counts, amounts and durations, whose spread is multiplicative. */
    transform: z.enum(['log1p', 'none']),
    description: z.string().min(1),
  })
  .strict();

const modelSchema = z
  .object({
    /** What churn means and what the model sees: the report's and the scene's definition. */
    definition: z.string().min(1),
    tables: z
      .object({
        /** The feature table (labelled rows, and whatever else the pack's SQL selects from it). */
        features: qualifiedName,
        /** Where the deployed model's scores are; its model_version says which model is live. */
        predictions: qualifiedName,
        /** One row per training run, deployed or refused. */
        registry: qualifiedName,
      })
      .strict(),
    columns: z.object({ id: identifier, observation_date: identifier, label: identifier }).strict(),
    /**
     * Always by observation date: either the earliest dates holding this share of the labelled
     * rows train, or the feature table's own column says which side each date is on.
     */
    split: z.union([z.object({ train_share: share }).strict(), z.object({ column: identifier, train: z.string().min(1), test: z.string().min(1) }).strict()]),
    features: z
      .object({
        numeric: z.array(numericFeatureSchema).min(1),
        /** One-hot encoded over the levels seen in training. */
        categorical: z.array(identifier).default([]),
      })
      .strict(),
    /**
     * The deployment gate: all three must hold. The shuffled-label control's bar is either
     * `p95_below` (the 95th percentile of the shuffled fits' held-out AUC) or `above_every_fit`
     * (the model's held-out AUC above every shuffled fit's: a permutation test at p < 1/(fits+1)).
     * docs/churn.md, "The gate", says when each one means something.
     */
    gate: z
      .object({
        min_auc: z.number().gt(0.5).lt(1),
        min_gain_over_baseline: z.number().min(0).lt(0.5),
        shuffled_control: z.union([z.object({ p95_below: z.number().gt(0.5).lt(1) }).strict(), z.object({ above_every_fit: z.literal(true) }).strict()]),
      })
      .strict(),
    /** The one-feature model the real one must beat, and how the report names it. */
    baseline: z.object({ feature: identifier, label: z.string().min(1) }).strict(),
    /** Columns only the data generator knows (its ground truth): never features. */
    generator_only: z.array(identifier).default([]),
    /**
     * Publishing a deployed model's scores at training time (`sql/<file>` of the pack), when the
     * pack does so; a pack that scores on its own schedule leaves this out.
     */
    publish: z
      .object({
        sql: z.string().regex(/^\w+\.sql$/),
        /** Relations the publishing SQL reads beside the feature table. */
        requires: z.array(qualifiedName).default([]),
        /** Only entities active in this many days up to the as-of date are scored. */
        active_days: z.number().int().positive(),
        /** Tiers by rank: High = the top `high` share of scores, Medium up to the top `medium` share. */
        risk_tiers: z.object({ high: share, medium: share }).strict(),
      })
      .strict()
      .optional(),
    /**
     * Scoring on the pack's own schedule (its daily task) with the latest deployed model: the
     * pack's SQL that replaces one day's scores, the SQL that says which day "today" is, and the
     * fixed probability cut-offs of the risk tiers (fixed, so that days compare).
     */
    scoring: z
      .object({
        sql: z.string().regex(/^\w+\.sql$/),
        score_date_sql: z.string().regex(/^\w+\.sql$/),
        risk_tiers: z.object({ high: share, medium: share }).strict(),
      })
      .strict()
      .optional(),
    /**
     * Whether a refusal by the gate fails the pipeline's `churn train` stage (and stops the
     * pipeline). True where the model publishes at training time: a refused run leaves the list
     * stale. A pack whose scoring runs on its own schedule can report the refusal and go on: its
     * scores keep coming from the last deployed model, or are not made at all.
     */
    refusal_stops_pipeline: z.boolean().default(true),
    /** dbt models rebuilt after a deployment because they read the predictions. */
    refresh_after_deploy: z
      .object({ select: z.array(z.string().min(1)).min(1), name: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((model, ctx) => {
    const numeric = model.features.numeric.map((f) => f.column);
    const all = [...numeric, ...model.features.categorical];
    if (new Set(all).size !== all.length) ctx.addIssue({ code: 'custom', path: ['features'], message: 'a feature is listed twice' });
    if (!numeric.includes(model.baseline.feature))
      ctx.addIssue({ code: 'custom', path: ['baseline', 'feature'], message: `${model.baseline.feature} is not a numeric feature` });
    for (const column of model.generator_only) {
      if (all.includes(column)) ctx.addIssue({ code: 'custom', path: ['generator_only'], message: `${column} is generator-only and cannot be a feature` });
    }
    if (model.publish && model.publish.risk_tiers.high >= model.publish.risk_tiers.medium)
      ctx.addIssue({ code: 'custom', path: ['publish', 'risk_tiers'], message: 'high must be a smaller share than medium' });
    if (model.scoring && model.scoring.risk_tiers.high <= model.scoring.risk_tiers.medium)
      ctx.addIssue({ code: 'custom', path: ['scoring', 'risk_tiers'], message: "high's cut-off must be above medium's" });
  });

type ModelFile = z.infer<typeof modelSchema>;

/** A pack's deployment gate (see `gate` in model.yaml). */
export interface ChurnGate {
  minAuc: number;
  minGainOverBaseline: number;
  shuffledControl: { p95Below: number } | { aboveEveryFit: true };
}
export type NumericFeature = ModelFile['features']['numeric'][number];

export interface ChurnModelSpec {
  /** The pack whose SQL (local-ml/<pack>/sql/) renders this model's queries. */
  pack: string;
  definition: string;
  tables: ModelFile['tables'];
  columns: { id: string; observationDate: string; label: string };
  split: ModelFile['split'];
  numeric: readonly NumericFeature[];
  categorical: readonly string[];
  baseline: ModelFile['baseline'];
  gate: ChurnGate;
  generatorOnly: readonly string[];
  publish: { sql: string; requires: string[]; activeDays: number; riskTiers: { high: number; medium: number } } | null;
  scoring: { sql: string; scoreDateSql: string; riskTiers: { high: number; medium: number } } | null;
  refreshAfterDeploy: ModelFile['refresh_after_deploy'] | null;
  refusalStopsPipeline: boolean;
}

export const MODEL_FILE = 'model.yaml';

/** Parses a model.yaml text; a shape error names the file, the field and what is wrong. */
export function parseChurnModel(pack: string, text: string, source = `local-ml/${pack}/${MODEL_FILE}`): ChurnModelSpec {
  const parsed = modelSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const m = parsed.data;
  return {
    pack,
    definition: m.definition.trim(),
    tables: m.tables,
    columns: { id: m.columns.id, observationDate: m.columns.observation_date, label: m.columns.label },
    split: m.split,
    numeric: m.features.numeric,
    categorical: m.features.categorical,
    baseline: m.baseline,
    gate: {
      minAuc: m.gate.min_auc,
      minGainOverBaseline: m.gate.min_gain_over_baseline,
      shuffledControl: 'p95_below' in m.gate.shuffled_control ? { p95Below: m.gate.shuffled_control.p95_below } : { aboveEveryFit: true },
    },
    generatorOnly: m.generator_only,
    publish: m.publish ? { sql: m.publish.sql, requires: m.publish.requires, activeDays: m.publish.active_days, riskTiers: m.publish.risk_tiers } : null,
    scoring: m.scoring ? { sql: m.scoring.sql, scoreDateSql: m.scoring.score_date_sql, riskTiers: m.scoring.risk_tiers } : null,
    refreshAfterDeploy: m.refresh_after_deploy ?? null,
    refusalStopsPipeline: m.refusal_stops_pipeline,
  };
}

const cache = new Map<string, ChurnModelSpec>();

/** The pack's churn model (read once). */
export function loadChurnModel(pack: Pick<Pack, 'name'>): ChurnModelSpec {
  let spec = cache.get(pack.name);
  if (!spec) {
    spec = parseChurnModel(pack.name, fs.readFileSync(packPath(pack, 'local-ml', MODEL_FILE), 'utf8'));
    cache.set(pack.name, spec);
  }
  return spec;
}

/** Every input column of the model, in design order: numeric, then categorical. */
export function featureColumns(spec: ChurnModelSpec): string[] {
  return [...spec.numeric.map((f) => f.column), ...spec.categorical];
}

/** SCHEMA.TABLE into its two parts. */
export function splitQualified(name: string): { schema: string; table: string } {
  const [schema, table] = name.split('.') as [string, string];
  return { schema, table };
}
