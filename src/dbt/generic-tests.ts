/**
 * dbt's four built-in generic tests, rendered to the SQL dbt-core's default macros produce.
 * A test's query returns the failing rows; zero rows is a pass.
 */
import { DbtProjectError } from './errors.js';

export const BUILTIN_GENERIC_TESTS = ['unique', 'not_null', 'accepted_values', 'relationships'] as const;

function quoteValue(value: unknown, quote: boolean): string {
  if (!quote) return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

export function builtinTestSql(testName: string, model: string, columnName: string | undefined, args: Record<string, unknown>, where: string): string {
  const column = columnName ?? (typeof args.column_name === 'string' ? args.column_name : undefined);
  if (!column) throw new DbtProjectError(`${where}: the ${testName} test needs a column (put it under columns:)`);
  switch (testName) {
    case 'not_null':
      return `select ${column}\nfrom ${model}\nwhere ${column} is null`;
    case 'unique':
      return `select\n    ${column} as unique_field,\n    count(*) as n_records\nfrom ${model}\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`;
    case 'accepted_values': {
      const values = args.values;
      if (!Array.isArray(values) || values.length === 0) throw new DbtProjectError(`${where}: accepted_values needs a non-empty list under values:`);
      const quote = args.quote !== false;
      return [
        'with all_values as (',
        '    select',
        `        ${column} as value_field,`,
        '        count(*) as n_records',
        `    from ${model}`,
        `    group by ${column}`,
        ')',
        'select *',
        'from all_values',
        'where value_field not in (',
        `    ${values.map((v) => quoteValue(v, quote)).join(',')}`,
        ')',
      ].join('\n');
    }
    case 'relationships': {
      const to = args.to;
      const field = args.field;
      if (typeof to !== 'string' || typeof field !== 'string') throw new DbtProjectError(`${where}: relationships needs to: ref('model') and field: column`);
      return [
        'with child as (',
        `    select ${column} as from_field`,
        `    from ${model}`,
        `    where ${column} is not null`,
        '),',
        'parent as (',
        `    select ${field} as to_field`,
        `    from ${String(args.__toRelation ?? to)}`,
        ')',
        'select from_field',
        'from child',
        'left join parent',
        '    on child.from_field = parent.to_field',
        'where parent.to_field is null',
      ].join('\n');
    }
    default:
      throw new DbtProjectError(`${where}: unknown test ${testName}`);
  }
}

function pyStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}

/**
 * dbt's generic test names: `<type>_<parent>_` + every argument value (column_name included),
 * arguments sorted by name, joined by `__`: not_null_dim_customer_customer_id,
 * accepted_values_metric_customer_ltv_ltv_quartile__False__1__2__3__4. Sources get a `source_` prefix.
 */
export function testName(testType: string, parentName: string, columnName: string | undefined, args: Record<string, unknown>, isSource = false): string {
  const all: Record<string, unknown> = { ...args };
  if (columnName) all.column_name = columnName;
  const flat: string[] = [];
  for (const key of Object.keys(all).sort()) {
    if (key === 'model' || key.startsWith('__')) continue;
    const value = all[key];
    if (Array.isArray(value)) flat.push(...value.map(pyStr));
    else if (value && typeof value === 'object') flat.push(...Object.values(value).map(pyStr));
    else flat.push(pyStr(value));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  return `${isSource ? 'source_' : ''}${testType}_${parentName}_${unique}`;
}
