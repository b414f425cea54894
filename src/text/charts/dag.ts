import { fit } from './format.js';
import { textWidth } from '../width.js';
import { wrap } from '../wrap.js';

/** Longest-path layer of each node (sources are layer 0); cycles are cut. */
export function dagLayers(nodes: string[], edges: [string, string][]): Map<string, number> {
  const parents = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [from, to] of edges) {
    if (!parents.has(to)) parents.set(to, []);
    if (!parents.has(from)) parents.set(from, []);
    parents.get(to)!.push(from);
  }
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (n: string): number => {
    const known = layer.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return 0;
    visiting.add(n);
    const ps = parents.get(n) ?? [];
    const d = ps.length === 0 ? 0 : Math.max(...ps.map(depth)) + 1;
    visiting.delete(n);
    layer.set(n, d);
    return d;
  };
  for (const n of parents.keys()) depth(n);
  return layer;
}

/**
 * The lineage DAG as columns, one per layer (sources on the left), joined by arrows; each node is
 * listed once, followed by its upstream nodes in brackets when it has more than one.
 */
export function dagColumns(nodes: { id: string; group?: string }[], edges: [string, string][], options: { width?: number; maxRows?: number } = {}): string[] {
  if (nodes.length === 0) return ['(no nodes)'];
  const ids = nodes.map((n) => n.id);
  const layers = dagLayers(ids, edges);
  const count = Math.max(...layers.values()) + 1;
  const columns: string[][] = Array.from({ length: count }, () => []);
  const groupOf = new Map(nodes.map((n) => [n.id, n.group]));
  for (const [id, l] of [...layers.entries()].sort((a, b) => (groupOf.get(a[0]) ?? '').localeCompare(groupOf.get(b[0]) ?? '') || a[0].localeCompare(b[0]))) {
    columns[l]!.push(id);
  }
  const width = options.width ?? 100;
  const arrow = ' ─▶ ';
  const colWidth = Math.max(8, Math.floor((width - arrow.length * (count - 1)) / count));
  const rows = Math.min(Math.max(...columns.map((c) => c.length)), options.maxRows ?? 40);
  const headers = columns.map((_, i) => fit(`layer ${i}`, colWidth));
  const out = [
    headers.join(' '.repeat(arrow.length)).trimEnd(),
    headers
      .map(() => '─'.repeat(colWidth))
      .join(' '.repeat(arrow.length))
      .trimEnd(),
  ];
  for (let r = 0; r < rows; r++) {
    const cells = columns.map((c) => fit(c[r] ?? '', colWidth));
    const sep = (i: number) => (r === 0 && i > 0 ? arrow : ' '.repeat(arrow.length));
    out.push(
      cells
        .map((c, i) => (i === 0 ? c : sep(i) + c))
        .join('')
        .trimEnd(),
    );
  }
  const hidden = Math.max(...columns.map((c) => c.length)) - rows;
  if (hidden > 0) out.push(`… ${hidden} more row(s)`);
  return out;
}

/**
 * The lineage DAG as one band per layer, sources first, each band's nodes listed in full (wrapped,
 * never cut) and an arrow from every band to the next: it reads top to bottom at any width.
 */
export function dagBands(nodes: { id: string; group?: string }[], edges: [string, string][], options: { width?: number } = {}): string[] {
  if (nodes.length === 0) return ['(no nodes)'];
  const layers = dagLayers(
    nodes.map((n) => n.id),
    edges,
  );
  const count = Math.max(...layers.values()) + 1;
  const groupOf = new Map(nodes.map((n) => [n.id, n.group]));
  const bands: string[][] = Array.from({ length: count }, () => []);
  for (const [id, l] of [...layers.entries()].sort((a, b) => a[0].localeCompare(b[0]))) bands[l]!.push(id);
  const labelOf = (band: string[], i: number) => {
    const groups = [...new Set(band.map((id) => groupOf.get(id)).filter(Boolean))];
    return groups.length >= 1 && groups.length <= 2 ? groups.join(' + ') : `layer ${i}`;
  };
  const labels = bands.map(labelOf);
  const labelWidth = Math.max(...labels.map(textWidth)) + 2;
  const width = options.width ?? 100;
  const out: string[] = [];
  bands.forEach((band, i) => {
    if (i > 0) out.push(`${' '.repeat(Math.floor(labelWidth / 2))}▼`);
    const text = wrap(band.join(' · '), width - labelWidth, fit(labels[i]!, labelWidth), ' '.repeat(labelWidth));
    out.push(...text.split('\n'));
  });
  return out;
}
