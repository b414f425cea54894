import type { Block, SceneAction } from '../types.js';
import { modules } from '../modules.js';
import { field, toTable } from '../sql-run.js';

interface LineageNode { id: string; group?: string; depends: string[] }

function shortName(id: string): string {
  // model.customer_analytics_dbt.dim_customer -> dim_customer; source.x.bronze.bronze_customers -> bronze.bronze_customers
  const parts = id.split('.');
  if (parts[0] === 'source' && parts.length >= 4) return parts.slice(2).join('.');
  if (['model', 'seed', 'snapshot', 'test'].includes(parts[0] ?? '') && parts.length >= 3) return parts.slice(2).join('.');
  return id;
}

/** Accepts a manifest-like or a {nodes, edges} lineage and returns models/sources with their parents. */
export function normalizeLineage(lineage: unknown): LineageNode[] {
  const nodesRaw = field(lineage, 'nodes', 'models');
  const list: unknown[] = Array.isArray(nodesRaw) ? nodesRaw : nodesRaw && typeof nodesRaw === 'object' ? Object.entries(nodesRaw as Record<string, unknown>).map(([k, v]) => ({ unique_id: k, ...(v as object) })) : [];
  const edgesRaw = field(lineage, 'edges');
  const nodes = new Map<string, LineageNode>();
  for (const n of list) {
    const rawId = String(field(n, 'id', 'unique_id', 'name') ?? '');
    if (!rawId || String(field(n, 'resource_type', 'type') ?? '').toLowerCase() === 'test') continue;
    const dependsRaw = field(n, 'depends_on', 'parents', 'upstream', 'refs');
    const depends = Array.isArray(dependsRaw) ? dependsRaw.map(String) : Array.isArray(field(dependsRaw, 'nodes')) ? (field(dependsRaw, 'nodes') as unknown[]).map(String) : [];
    const id = shortName(rawId);
    nodes.set(id, { id, group: String(field(n, 'layer', 'schema', 'group', 'resource_type') ?? ''), depends: depends.map(shortName) });
  }
  if (Array.isArray(edgesRaw)) {
    for (const e of edgesRaw) {
      const [from, to] = Array.isArray(e) ? e.map(String) : [String(field(e, 'from', 'source', 'parent')), String(field(e, 'to', 'target', 'child'))];
      if (!from || !to) continue;
      const f = shortName(from);
      const t = shortName(to);
      if (!nodes.has(f)) nodes.set(f, { id: f, depends: [] });
      if (!nodes.has(t)) nodes.set(t, { id: t, depends: [] });
      if (!nodes.get(t)!.depends.includes(f)) nodes.get(t)!.depends.push(f);
    }
  }
  for (const n of [...nodes.values()]) for (const d of n.depends) if (!nodes.has(d)) nodes.set(d, { id: d, group: 'source', depends: [] });
  return [...nodes.values()];
}

/** Accepts dbt's run_results.json shape (results[]) or a plain array. */
export function normalizeRunResults(raw: unknown): { name: string; kind: string; status: string; seconds: number | null; message: string }[] {
  const results = Array.isArray(raw) ? raw : (field(raw, 'results') as unknown[] | undefined) ?? [];
  return results.map((r) => {
    const id = String(field(r, 'unique_id', 'name', 'node', 'id') ?? '');
    const kind = String(field(r, 'resource_type', 'kind', 'type') ?? id.split('.')[0] ?? '');
    const seconds = Number(field(r, 'execution_time', 'seconds', 'elapsed', 'elapsedSeconds'));
    return {
      name: shortName(id),
      kind,
      status: String(field(r, 'status') ?? ''),
      seconds: Number.isFinite(seconds) ? seconds : null,
      message: String(field(r, 'message') ?? ''),
    };
  });
}

/** Scene 5: the dbt project's lineage and the last build's per-model timings and test results. */
export const dbt: SceneAction = async (ctx) => {
  const runner = await modules.dbt();
  const blocks: Block[] = [];
  const lineage = normalizeLineage(await runner.loadLineage(ctx.options.dataDir));
  const shown = lineage.filter((n) => n.group !== 'test');
  blocks.push({
    kind: 'dag',
    title: `Lineage: ${shown.length} nodes, sources on the left`,
    nodes: shown.map((n) => ({ id: n.id, group: n.group })),
    edges: shown.flatMap((n) => n.depends.filter((d) => shown.some((s) => s.id === d)).map((d) => [d, n.id] as [string, string])),
  });
  let results: ReturnType<typeof normalizeRunResults> = [];
  try {
    results = normalizeRunResults(await runner.loadRunResults(ctx.options.dataDir));
  } catch (err) {
    blocks.push({ kind: 'text', title: 'Last build', lines: [`no run results yet: ${(err as Error).message}`] });
  }
  if (results.length > 0) {
    const isTest = (r: { kind: string; name: string }) => r.kind === 'test' || /^(unique|not_null|relationships|accepted_values)_/.test(r.name);
    const models = results.filter((r) => !isTest(r));
    const tests = results.filter(isTest);
    const passed = tests.filter((t) => /pass|success/i.test(t.status)).length;
    blocks.push({
      kind: 'kpis',
      title: 'Last build',
      items: [
        { label: 'models', value: String(models.length) },
        { label: 'model errors', value: String(models.filter((m) => /error|fail/i.test(m.status)).length) },
        { label: 'tests', value: `${passed}/${tests.length} passed` },
        { label: 'build time', value: `${models.reduce((s, m) => s + (m.seconds ?? 0), 0).toFixed(1)} s` },
      ],
    });
    blocks.push({ kind: 'bars', title: 'Seconds per model', format: 'decimal', items: models.filter((m) => m.seconds !== null).sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0)).slice(0, 12).map((m) => ({ label: m.name, value: m.seconds ?? 0 })) });
    const failing = tests.filter((t) => !/pass|success/i.test(t.status));
    if (failing.length > 0) blocks.push({ kind: 'table', title: 'Tests not passing', ...toTable(failing.map((t) => ({ test: t.name, status: t.status, message: t.message }))) });
  }
  return blocks;
};
