import { describe, expect, it } from 'vitest';
import { JinjaRenderer, Relation, type RenderScope } from '../../src/dbt/jinja.js';
import { DbtProjectError } from '../../src/dbt/errors.js';

const target = { name: 'duckdb', type: 'duckdb', database: 'CUSTOMER_ANALYTICS', schema: 'PUBLIC', threads: 1, profile_name: 'p' };

function renderer(macros: Array<{ path: string; sql: string }> = [], vars: Record<string, unknown> = {}) {
  return new JinjaRenderer({ projectName: 'p', target, vars, macros, invocationId: 'x', runStartedAt: '2025-01-01T00:00:00Z', env: { HOME_TOWN: 'Austin' } });
}

function scope(overrides: Partial<RenderScope> = {}): RenderScope & { configSeen: Record<string, unknown>; refs: string[] } {
  const configSeen: Record<string, unknown> = {};
  const refs: string[] = [];
  return {
    ref: (name) => {
      refs.push(name);
      return new Relation('CUSTOMER_ANALYTICS', 'GOLD', name.toUpperCase());
    },
    source: (s, t) => new Relation('CUSTOMER_ANALYTICS', s.toUpperCase(), t.toUpperCase()),
    config: (values) => Object.assign(configSeen, values),
    configGet: (key, fallback) => (key in configSeen ? configSeen[key] : fallback),
    isIncremental: () => false,
    thisRelation: new Relation('CUSTOMER_ANALYTICS', 'GOLD', 'ME'),
    execute: true,
    configSeen,
    refs,
    ...overrides,
  };
}

describe('Jinja rendering', () => {
  it('renders ref, source, this, var, target and env_var', () => {
    const sql = renderer([], { days: 580 }).render(
      "select * from {{ ref('dim_date') }} join {{ source('bronze', 'bronze_customers') }} where n < {{ var('days') }} and t = '{{ target.type }}' and x = '{{ this }}' and c = '{{ env_var('HOME_TOWN') }}' and d = {{ var('missing', 7) }}",
      'm.sql',
      scope(),
    );
    expect(sql).toBe(
      "select * from CUSTOMER_ANALYTICS.GOLD.DIM_DATE join CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS where n < 580 and t = 'duckdb' and x = 'CUSTOMER_ANALYTICS.GOLD.ME' and c = 'Austin' and d = 7",
    );
  });

  it('captures config keywords and is_incremental branches', () => {
    const s = scope({ isIncremental: () => true });
    const sql = renderer().render(
      "{{ config(materialized='incremental', unique_key='id', cluster_by=['d']) }}select 1{% if is_incremental() %} where d > (select max(d) from {{ this }}){% endif %}",
      'm.sql',
      s,
    );
    expect(s.configSeen).toEqual({ materialized: 'incremental', unique_key: 'id', cluster_by: ['d'] });
    expect(sql).toBe('select 1 where d > (select max(d) from CUSTOMER_ANALYTICS.GOLD.ME)');
  });

  it('renders the cross-database macros as dbt-duckdb does', () => {
    const r = renderer();
    const out = (t: string) => r.render(t, 'm.sql', scope());
    expect(out("{{ dbt.dateadd('day', -90, 'a.d') }}")).toBe('(a.d + cast(-90 as bigint) * interval 1 day)');
    expect(out("{{ dbt.dateadd(datepart='quarter', interval=1, from_date_or_timestamp='d') }}")).toBe('(d + (cast(1 as bigint) * 3) * interval 1 month)');
    expect(out("{{ dbt.datediff('a', 'b', 'day') }}")).toBe("(date_diff('day', a::timestamp, b::timestamp ))");
    expect(out("{{ dbt.date_trunc('month', 'd') }}")).toBe("date_trunc('month', d)");
    expect(out('{{ dbt.type_string() }}|{{ dbt.type_numeric() }}|{{ type_int() }}')).toBe('TEXT|numeric(28,6)|integer');
    expect(out("{{ dbt.hash(dbt.concat(['a', \"'-'\", 'b'])) }}")).toBe("md5(cast(a || '-' || b as TEXT))");
    expect(out("{{ dbt.any_value('x') }}")).toBe('arbitrary(x)');
  });

  it('makes project macros global, with adapter.dispatch and return()', () => {
    const r = renderer([
      { path: 'macros/a.sql', sql: "{% macro cents(col) %}({{ col }} * 100){% endmacro %}\n{% macro duckdb__sq(x) %}{{ return(x ~ '^2') }}{% endmacro %}" },
      { path: 'macros/b.sql', sql: "{% macro twice(col) %}{{ cents(col) }} + {{ adapter.dispatch('sq', 'p')(col) }}{% endmacro %}" },
    ]);
    expect(r.render("{{ twice('amount') }}", 'm.sql', scope())).toBe('(amount * 100) + amount^2');
    expect(r.render("{% if none is none and True %}yes{% endif %}", 'm.sql', scope())).toBe('yes');
  });

  it('rejects unsupported constructs with file and line', () => {
    const r = renderer();
    expect(() => r.render('select 1\nfrom x\n{% do log("hi") %}', 'models/bad.sql', scope())).toThrow(/models\/bad\.sql:3: \{% do %\}/);
    expect(() => r.render("select 1\n{% call statement('x') %}select 2{% endcall %}", 'models/bad.sql', scope())).toThrow(/models\/bad\.sql:2: \{% call %\}/);
    expect(() => r.render("select 1\n\n{{ run_query('select 1') }}", 'models/q.sql', scope())).toThrow(/models\/q\.sql:3: run_query/);
    expect(() => r.render('select 1\n\n\n{{ no_such_thing }}', 'models/u.sql', scope())).toThrow(/models\/u\.sql:4: .*undefined/);
    expect(() => r.render('select 1\n{{ dbt_utils.star(x) }}', 'models/p.sql', scope())).toThrow(DbtProjectError);
    expect(() => r.render("select {{ var('nope') }}", 'models/v.sql', scope())).toThrow(/models\/v\.sql:1: required var 'nope'/);
    expect(() => r.render('select {{ 1 +', 'models/s.sql', scope())).toThrow(/models\/s\.sql:1:/);
  });
});
