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
        `    from ${args.__toRelation ?? to}`,
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

/** dbt-like test names: not_null_dim_customer_customer_id, accepted_values_..._High__Low. */
export function testName(testType: string, parentName: string, columnName: string | undefined, args: Record<string, unknown>): string {
  const parts = [testType, parentName];
  if (columnName) parts.push(columnName);
  let name = parts.join('_');
  if (testType === 'accepted_values' && Array.isArray(args.values)) name += `__${args.values.map(String).join('__')}`;
  if (testType === 'relationships') {
    const to = String(args.to ?? '').replace(/[^A-Za-z0-9_]+/g, '_');
    name += `__${String(args.field)}__${to}`;
  }
  return name.replace(/[^A-Za-z0-9_]+/g, '_');
}
