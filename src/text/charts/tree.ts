import type { TreeNode } from '../block-types.js';

export interface TreeLine {
  text: string;
  state?: string;
}

/** Draws a forest with ├── / └── connectors; each line keeps its node's state for colouring. */
export function treeLines(nodes: TreeNode[]): TreeLine[] {
  const out: TreeLine[] = [];
  const walk = (node: TreeNode, prefix: string, connector: string, childPrefix: string) => {
    out.push({ text: `${prefix}${connector}${node.label}${node.detail ? `  ${node.detail}` : ''}`, state: node.state });
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      walk(child, prefix + childPrefix, last ? '└── ' : '├── ', last ? '    ' : '│   ');
    });
  };
  nodes.forEach((n, i) => {
    if (i > 0) out.push({ text: '' });
    walk(n, '', '', '');
  });
  return out;
}

/**
 * Builds a forest from tasks with predecessors (Snowflake's AFTER): roots are tasks without
 * predecessors; a task with several predecessors is drawn under the first one.
 */
export function tasksToTree<T extends { name: string; predecessors: string[] }>(tasks: T[], describe: (task: T) => Omit<TreeNode, 'children'>): TreeNode[] {
  const byName = new Map(tasks.map((t) => [t.name.toUpperCase(), t]));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const t of tasks) {
    const parent = t.predecessors.map((p) => p.toUpperCase()).find((p) => byName.has(p));
    if (!parent) roots.push(t);
    else children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const seen = new Set<string>();
  const build = (t: T): TreeNode => {
    seen.add(t.name.toUpperCase());
    const kids = (children.get(t.name.toUpperCase()) ?? []).filter((c) => !seen.has(c.name.toUpperCase()));
    return { ...describe(t), children: kids.map(build) };
  };
  return roots.map(build);
}
