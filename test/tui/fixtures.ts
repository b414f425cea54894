import type { Scene } from '../../src/scenes/schema.js';
import { creditCard } from '../support/pack.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../../src/backends/backend.js';
import type { RunHooks, SceneRunner } from '../../src/scenes/runner.js';
import type { PresenterWarehouse, RunTarget, TaggedQueryResult, TaggedResult, WarehouseInfo } from '../../src/scenes/session.js';
import type { CellResult } from '../../src/scenes/cell-query.js';
import type { Block, SceneResult } from '../../src/scenes/types.js';
import { loadScenes } from '../../src/scenes/load.js';
import { actionCatalog } from '../../src/scenes/actions/meta.js';

/** A frozen copy of the deck: editing scenes/*.md never breaks a TUI test. */
export const FIXTURE_SCENES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture-scenes');
export const deck = loadScenes(FIXTURE_SCENES, actionCatalog(creditCard));

/** Typical data for each scene's action, as its action would return it (no DB). */
export const SAMPLE_BLOCKS: Record<string, Block[]> = {
  architecture: [
    {
      kind: 'flow',
      title: 'Data flow',
      stages: [
        { title: 'Sources', lines: ['TS generator'] },
        { title: 'Bronze (raw)', lines: ['1,000 customers'] },
        { title: 'Gold', lines: ['15 object(s)'] },
      ],
    },
  ],
  'task-dag': [
    {
      kind: 'tree',
      title: 'Task graph',
      nodes: [
        {
          label: 'GENERATE_CUSTOMER_DATA',
          detail: 'started · cron 0 2 * * SUN UTC',
          state: 'scheduled',
          children: [{ label: 'GENERATE_TRANSACTION_DATA', detail: 'AFTER GENERATE_CUSTOMER_DATA', children: [] }],
        },
      ],
    },
    { kind: 'table', title: 'SHOW TASKS', columns: ['name', 'state'], rows: [{ name: 'GENERATE_CUSTOMER_DATA', state: 'started' }] },
  ],
  trigger: [{ kind: 'kpis', title: 'Graph run 7 from GENERATE_CUSTOMER_DATA', items: [{ label: 'state', value: 'SUCCEEDED' }] }],
  monitor: [
    { kind: 'tree', title: 'TASK_HISTORY', nodes: [{ label: 'SUCCEEDED GENERATE_CUSTOMER_DATA', state: 'succeeded', children: [] }] },
    {
      kind: 'checks',
      title: 'Validation: 2 checks',
      items: [
        { name: 'row_count', status: 'pass', observed: '269664', expected: '200000 - 340000' },
        { name: 'approval_rate', status: 'warn', observed: '94.9%', expected: '95% - 99%' },
      ],
    },
  ],
  dbt: [
    { kind: 'kpis', title: 'dbt project customer_analytics_dbt', items: [{ label: 'models', value: '15' }] },
    {
      kind: 'dag',
      title: 'Lineage',
      nodes: [{ id: 'bronze_customers (src)' }, { id: 'stg_bronze__customers' }, { id: 'dim_customer' }],
      edges: [
        ['bronze_customers (src)', 'stg_bronze__customers'],
        ['stg_bronze__customers', 'dim_customer'],
      ],
    },
    { kind: 'kpis', title: 'Last build (2025-06-30 00:00:00)', items: [{ label: 'tests passed', value: '62/62' }] },
  ],
  'customer-360': [
    {
      kind: 'kpis',
      title: 'Overview',
      items: [
        { label: 'customers', value: '1,000' },
        { label: 'approval rate', value: '96.9%' },
      ],
    },
    {
      kind: 'bars',
      title: 'Segments: customers',
      format: 'int',
      items: [
        { label: 'Stable Mid-Spenders', value: 400 },
        { label: 'Declining', value: 100 },
      ],
    },
    {
      kind: 'line',
      title: 'Transactions: approved spend per month',
      format: 'money',
      labels: ['2024-01', '2024-02', '2024-03'],
      values: [1.6e6, 1.8e6, 2.0e6],
    },
    {
      kind: 'bars',
      title: 'Transactions: spend by category',
      format: 'money',
      items: [
        { label: 'Travel', value: 9e6 },
        { label: 'Grocery', value: 5e6 },
      ],
    },
    { kind: 'table', title: '360 profile: CUST000042', columns: ['field', 'value'], rows: [{ field: 'segment', value: 'Declining' }] },
  ],
  churn: [
    { kind: 'text', title: 'What the numbers mean', lines: ['Churn: a customer who bought in the month before an observation date.'] },
    { kind: 'kpis', title: 'Model churn-abc, trained 2025-06-30 00:00', items: [{ label: 'AUC', value: '0.872' }] },
    {
      kind: 'roc',
      title: 'ROC curve (every held-out row)',
      points: [
        { fpr: 0, tpr: 0 },
        { fpr: 0.1, tpr: 0.7 },
        { fpr: 1, tpr: 1 },
      ],
      auc: 0.872,
    },
    { kind: 'bars', title: 'Still-active customers per risk tier', format: 'int', items: [{ label: 'High', value: 66 }] },
  ],
  stream: [
    { kind: 'kpis', title: 'Change data capture', items: [{ label: 'fact rows', value: '269,664 → 270,164' }] },
    { kind: 'table', title: 'Pending change rows', columns: ['transaction_id'], rows: [{ transaction_id: 1 }] },
  ],
  share: [{ kind: 'text', title: '✘ As the consumer: SELECT on a raw table is refused', lines: ['not authorized'] }],
  'wrap-up': [
    { kind: 'table', title: 'Cost and performance', columns: ['step', 'credits'], rows: [{ step: 'Total pipeline', credits: '~0.3–0.6' }] },
    { kind: 'bars', title: 'Gold queries behind the panel, measured now (ms)', format: 'int', items: [{ label: 'c360_overview', value: 8 }] },
  ],
};

/** A runner that returns the sample data (or fails) without any backend. */
export class FakeRunner implements SceneRunner {
  readonly calls: string[] = [];
  readonly params: (Record<string, string | number> | undefined)[] = [];
  description: string;
  constructor(
    readonly kind: 'local' | 'snowflake' | 'replay' = 'local',
    private readonly behaviour: { fail?: (scene: Scene) => string | undefined; delayMs?: number; marker?: string } = {},
  ) {
    this.description = `fake ${kind}`;
  }
  async run(scene: Scene, hooks?: RunHooks): Promise<SceneResult> {
    this.calls.push(scene.id);
    this.params.push(hooks?.params);
    hooks?.onProgress?.({ stage: 'working', fraction: 0.5 });
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    const failure = this.behaviour.fail?.(scene);
    if (failure) throw new Error(failure);
    const blocks = [...(SAMPLE_BLOCKS[scene.action] ?? [])];
    if (this.behaviour.marker) blocks.push({ kind: 'text', lines: [this.behaviour.marker] });
    return {
      sceneId: scene.id,
      backend: this.description,
      blocks,
      sql: scene.sql.map((s) => ({ label: s.name, sql: s.text, ms: 3, rows: 1 })),
      elapsedMs: 3,
      finishedAt: '2025-06-30T00:00:00Z',
    };
  }
  async close(): Promise<void> {}
}

const READY: WarehouseInfo = { label: 'fake local', tag: 'local', data: { status: 'ready' }, canBuild: true, safetyNet: false };

/**
 * The presenter's warehouse without a backend: `primary` answers, `local` is the safety net.
 * `info` is what the probe finds (after `openDelayMs`); `build` is the empty-warehouse build.
 */
export class FakeWarehouse implements PresenterWarehouse {
  readonly pendingLabel: string;
  opened = 0;
  switched = 0;
  /** How often the SQL cell asked the warehouse to get ready for typed queries. */
  prepared = 0;
  builds: string[] = [];
  private toLocal = false;
  constructor(
    readonly primary: FakeRunner = new FakeRunner(),
    readonly options: {
      info?: Partial<WarehouseInfo>;
      local?: FakeRunner;
      openDelayMs?: number;
      build?: (scale: string, onProgress: (e: ProgressEvent) => void) => Promise<void>;
      /** How the SQL cell's queries answer (by default they fail: a fake runs no SQL). */
      query?: (sql: string, signal?: AbortSignal) => Promise<CellResult>;
    } = {},
  ) {
    this.pendingLabel = 'checking for Snowflake…';
  }
  info(): WarehouseInfo {
    return { ...READY, ...this.options.info };
  }
  prepareQueries(): void {
    this.prepared += 1;
  }
  async open(): Promise<WarehouseInfo> {
    this.opened += 1;
    if (this.options.openDelayMs) await tick(this.options.openDelayMs);
    return this.info();
  }
  async run(scene: Scene, hooks: RunHooks, target: RunTarget): Promise<TaggedResult> {
    const local = target === 'local' || this.toLocal;
    const runner = local ? (this.options.local ?? new FakeRunner('local')) : this.primary;
    return { result: await runner.run(scene, hooks), tag: local ? 'local' : this.info().tag };
  }
  async build(scale: 'test' | 'full', onProgress: (e: ProgressEvent) => void): Promise<WarehouseInfo> {
    this.builds.push(scale);
    await this.options.build?.(scale, onProgress);
    this.options.info = { ...this.options.info, data: { status: 'ready' } };
    return this.info();
  }
  async switchToLocal(): Promise<WarehouseInfo> {
    this.switched += 1;
    this.toLocal = true;
    return { ...READY, label: 'fake local (switched)', notice: 'switched to the local warehouse for the rest of the session (L)' };
  }
  async close(): Promise<void> {}
  /** The SQL cell's queries, in the order they were asked. */
  readonly queries: string[] = [];
  async query(sql: string, options: { signal?: AbortSignal }): Promise<TaggedQueryResult> {
    this.queries.push(sql);
    if (!this.options.query) throw new Error('the fake warehouse runs no SQL');
    return { result: await this.options.query(sql, options.signal), tag: this.info().tag };
  }
}

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Polls until `predicate` holds for the last frame (Ink renders asynchronously). */
export async function waitFor(frame: () => string | undefined, predicate: (f: string) => boolean, timeoutMs = 3000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const f = frame() ?? '';
    if (predicate(f)) return f;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last frame:\n${f}`);
    await tick(15);
  }
}

export const KEYS = {
  right: '\u001B[C',
  left: '\u001B[D',
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
};
