import { describe, expect, it } from 'vitest';
import { selectNodes, topoSort, type GraphNode } from '../../src/dbt/graph.js';

const node = (name: string, deps: string[] = [], path = `models/${name}.sql`): GraphNode => ({ uniqueId: `model.p.${name}`, name, dependsOn: deps.map((d) => `model.p.${d}`), path });

// stg_a -> dim -> fct -> metric ; stg_b -> fct
const nodes = [node('metric', ['fct']), node('fct', ['dim', 'stg_b']), node('dim', ['stg_a']), node('stg_a', [], 'models/staging/stg_a.sql'), node('stg_b', [], 'models/staging/stg_b.sql')];
const names = (ids: Set<string>) => [...ids].map((id) => id.split('.').pop()).sort();

describe('model graph', () => {
  it('orders models after everything they ref', () => {
    const order = topoSort(nodes).map((n) => n.name);
    expect(order.indexOf('stg_a')).toBeLessThan(order.indexOf('dim'));
    expect(order.indexOf('dim')).toBeLessThan(order.indexOf('fct'));
    expect(order.indexOf('stg_b')).toBeLessThan(order.indexOf('fct'));
    expect(order[order.length - 1]).toBe('metric');
  });

  it('names the cycle', () => {
    const cyclic = [node('a', ['c']), node('b', ['a']), node('c', ['b']), node('d')];
    expect(() => topoSort(cyclic)).toThrow(/cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)/);
  });

  it('selects model, +model, model+, +model+, paths and unions', () => {
    expect(names(selectNodes(nodes, ['fct']))).toEqual(['fct']);
    expect(names(selectNodes(nodes, ['+fct']))).toEqual(['dim', 'fct', 'stg_a', 'stg_b']);
    expect(names(selectNodes(nodes, ['dim+']))).toEqual(['dim', 'fct', 'metric']);
    expect(names(selectNodes(nodes, ['1+fct']))).toEqual(['dim', 'fct', 'stg_b']);
    expect(names(selectNodes(nodes, ['stg_a', 'metric']))).toEqual(['metric', 'stg_a']);
    expect(names(selectNodes(nodes, ['path:models/staging']))).toEqual(['stg_a', 'stg_b']);
    expect(names(selectNodes(nodes, ['stg_*']))).toEqual(['stg_a', 'stg_b']);
    expect(names(selectNodes(nodes, []))).toHaveLength(5);
  });

  it('says which selector matches nothing', () => {
    expect(() => selectNodes(nodes, ['nope+'])).toThrow(/--select nope\+: no model matches "nope"/);
  });
});
