/**
 * What the presenter needs to know about each action before running it: whether it writes, runs
 * long, which schemas it reads and writes. Kept apart from the actions' code, which loads only
 * when the first scene runs (after the first frame).
 */
export interface ActionMeta {
  /** Changes the warehouse (the TUI waits for `r`, plain mode skips it unless --execute). */
  mutates?: boolean;
  /** Long-running: no timeout, and the TUI polls for live detail while it runs. */
  long?: boolean;
  /** Schemas the action reads beyond those its scene's SQL names (task metadata, telemetry). */
  reads?: string[];
  /** Schemas a mutating action writes: scenes that read them re-run when revisited. */
  writes?: string[];
}

export const ACTION_META: Record<string, ActionMeta> = {
  architecture: { reads: ['BRONZE', 'SILVER', 'GOLD'] },
  'task-dag': { reads: ['ORCHESTRATION'] },
  trigger: { mutates: true, long: true, writes: ['BRONZE', 'SILVER', 'GOLD', 'ML', 'TELEMETRY', 'SHARE', 'ORCHESTRATION'] },
  monitor: { reads: ['ORCHESTRATION', 'TELEMETRY'] },
  dbt: { reads: ['SILVER', 'GOLD'] },
  'customer-360': { reads: ['GOLD'] },
  churn: { reads: ['ML', 'GOLD'] },
  stream: { mutates: true, writes: ['BRONZE', 'SILVER', 'GOLD', 'ORCHESTRATION'] },
  share: { reads: ['SHARE', 'GOLD'] },
  'wrap-up': { reads: ['ORCHESTRATION', 'TELEMETRY', 'GOLD'] },
};

/** The action ids scene files may name (`action:`). */
export const ACTION_IDS: ReadonlySet<string> = new Set(Object.keys(ACTION_META));

export const mutates = (action: string): boolean => Boolean(ACTION_META[action]?.mutates);
