/**
 * The model graph: topological order (with cycle detection) and dbt's node selection syntax
 * (`model`, `+model`, `model+`, `+model+`, `2+model`, `path:models/marts`, `tag:x`).
 */
import { DbtProjectError } from './errors.js';

export interface GraphNode {
  uniqueId: string;
  name: string;
  /** Unique ids of the nodes this one reads. */
  dependsOn: string[];
  path?: string;
  tags?: string[];
}

/** Kahn's algorithm; ties broken by name so the order is stable. Throws on a cycle, naming it. */
export function topoSort<N extends GraphNode>(nodes: N[]): N[] {
  const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
  const indegree = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    indegree.set(node.uniqueId, 0);
    children.set(node.uniqueId, []);
  }
  for (const node of nodes) {
    for (const dep of new Set(node.dependsOn)) {
      if (!byId.has(dep)) continue;
      indegree.set(node.uniqueId, (indegree.get(node.uniqueId) ?? 0) + 1);
      children.get(dep)!.push(node.uniqueId);
    }
  }
  const ready = nodes.filter((n) => indegree.get(n.uniqueId) === 0).map((n) => n.uniqueId);
  const order: N[] = [];
  const byName = (a: string, b: string) => byId.get(a)!.name.localeCompare(byId.get(b)!.name);
  ready.sort(byName);
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    const released: string[] = [];
    for (const child of children.get(id)!) {
      const left = indegree.get(child)! - 1;
      indegree.set(child, left);
      if (left === 0) released.push(child);
    }
    ready.push(...released);
    ready.sort(byName);
  }
  if (order.length < nodes.length) {
    const cycle = findCycle(nodes.filter((n) => (indegree.get(n.uniqueId) ?? 0) > 0), byId);
    throw new DbtProjectError(`the models form a cycle: ${cycle.join(' -> ')}`, 'a model cannot ref() itself, directly or through others');
  }
  return order;
}

function findCycle<N extends GraphNode>(stuck: N[], byId: Map<string, N>): string[] {
  const stuckIds = new Set(stuck.map((n) => n.uniqueId));
  const start = stuck[0];
  if (!start) return [];
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current: N | undefined = start;
  while (current && !seen.has(current.uniqueId)) {
    seen.set(current.uniqueId, path.length);
    path.push(current.uniqueId);
    const next: string | undefined = current.dependsOn.find((d) => stuckIds.has(d));
    current = next ? byId.get(next) : undefined;
  }
  if (!current) return path.map((id) => byId.get(id)!.name);
  const cycle = path.slice(seen.get(current.uniqueId));
  cycle.push(current.uniqueId);
  // dependsOn points upstream; print in data-flow order.
  return cycle.reverse().map((id) => byId.get(id)!.name);
}

function closure(start: string, edges: Map<string, string[]>, depth: number): Set<string> {
  const out = new Set<string>();
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of edges.get(id) ?? []) {
        if (!out.has(other)) {
          out.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Resolves selectors to the selected nodes' unique ids. Several selectors are a union
 * (`--select a b` or `--select "a b"`); `a,b` is an intersection, as in dbt.
 */
export function selectNodes(nodes: GraphNode[], selectors: string[] | undefined): Set<string> {
  const all = new Set(nodes.map((n) => n.uniqueId));
  if (!selectors || selectors.length === 0) return all;
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    parents.set(node.uniqueId, node.dependsOn.filter((d) => all.has(d)));
    for (const dep of node.dependsOn) {
      if (!all.has(dep)) continue;
      if (!children.has(dep)) children.set(dep, []);
      children.get(dep)!.push(node.uniqueId);
    }
  }
  const tokens = selectors.flatMap((s) => s.split(/\s+/)).filter(Boolean);
  const selected = new Set<string>();
  for (const token of tokens) {
    const parts = token.split(',').map((part) => selectOne(part, nodes, parents, children));
    const [first, ...rest] = parts;
    for (const id of first!) if (rest.every((p) => p.has(id))) selected.add(id);
  }
  return selected;
}

function selectOne(token: string, nodes: GraphNode[], parents: Map<string, string[]>, children: Map<string, string[]>): Set<string> {
  const match = /^(\d*\+)?([^+]+?)(\+\d*)?$/.exec(token);
  if (!match) throw new DbtProjectError(`cannot read the selector "${token}"`, 'use model, +model, model+ or +model+');
  const [, up, body, down] = match;
  let matched: GraphNode[];
  if (body!.startsWith('path:')) {
    const prefix = body!.slice(5).replace(/\/$/, '');
    matched = nodes.filter((n) => n.path && (n.path === prefix || n.path.startsWith(`${prefix}/`)));
  } else if (body!.startsWith('tag:')) {
    const tag = body!.slice(4);
    matched = nodes.filter((n) => n.tags?.includes(tag));
  } else {
    const name = body!.replace(/^model:|^source:/, '');
    matched = nodes.filter((n) => n.name.toLowerCase() === name.toLowerCase() || n.uniqueId === name);
    if (body!.includes('*')) {
      const re = new RegExp(`^${name.split('*').map((p) => p.replace(/[.?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      matched = nodes.filter((n) => re.test(n.name));
    }
  }
  if (matched.length === 0) {
    throw new DbtProjectError(`--select ${token}: no model matches "${body}"`, `models: ${nodes.map((n) => n.name).sort().join(', ')}`);
  }
  const out = new Set<string>();
  for (const node of matched) {
    out.add(node.uniqueId);
    if (up) for (const id of closure(node.uniqueId, parents, up.length > 1 ? Number(up.slice(0, -1)) : Infinity)) out.add(id);
    if (down) for (const id of closure(node.uniqueId, children, down.length > 1 ? Number(down.slice(1)) : Infinity)) out.add(id);
  }
  return out;
}
