"""Compares every relation in the given schemas of two c360 warehouses, model by model.

Usage: python compare.py BUILTIN.duckdb REAL.duckdb [SCHEMA ...] [--ignore SCHEMA.NAME ...]
(default schemas: SILVER GOLD; --ignore leaves out relations that are not dbt models)
For each relation: the column names and types, the row count, and an order-independent checksum
of all columns (sum of per-row hashes; doubles rounded to 6 decimals so that parallel float
summation order cannot make equal results differ). Exit 1 on any difference.
"""
import sys

import duckdb

DEFAULT_SCHEMAS = ("SILVER", "GOLD")
CATALOG = "CUSTOMER_ANALYTICS"
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def describe(path, schemas):
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{path}' AS {CATALOG} (READ_ONLY)")
    con.execute(f"USE {CATALOG}")
    rels = con.execute(
        "select upper(table_schema), upper(table_name), table_name, table_schema "
        "from information_schema.tables where upper(table_catalog) = ? and list_contains(?, upper(table_schema)) "
        "order by 1, 2",
        [CATALOG, [s.upper() for s in schemas]],
    ).fetchall()
    out = {}
    for schema_u, name_u, name, schema in rels:
        cols = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
            [CATALOG, schema, name],
        ).fetchall()
        exprs = []
        for col, dtype in cols:
            quoted = '"' + col.replace('"', '""') + '"'
            exprs.append(f"round({quoted}, 6)" if dtype.upper() in FLOAT_TYPES else quoted)
        row = f"struct_pack({', '.join(f'c{i} := {e}' for i, e in enumerate(exprs))})" if exprs else "1"
        count, checksum = con.execute(
            f'select count(*), coalesce(sum(hash({row})::hugeint), 0) from {CATALOG}."{schema}"."{name}"'
        ).fetchone()
        out[f"{schema_u}.{name_u}"] = {
            "columns": [(c.lower(), t.upper()) for c, t in cols],
            "rows": count,
            "checksum": int(checksum),
        }
    con.close()
    return out


def main():
    args, ignored = [], set()
    rest = iter(sys.argv[1:])
    for arg in rest:
        if arg == "--ignore":
            ignored.add(next(rest, "").upper())
        else:
            args.append(arg)
    if len(args) < 2:
        print(__doc__)
        return 2
    schemas = tuple(args[2:]) or DEFAULT_SCHEMAS
    builtin, real = describe(args[0], schemas), describe(args[1], schemas)
    for name in ignored:
        builtin.pop(name, None)
        real.pop(name, None)
    failures = 0
    names = sorted(set(builtin) | set(real))
    print(f"{'relation':45} {'rows (built-in)':>16} {'rows (dbt)':>12}  result")
    for name in names:
        a, b = builtin.get(name), real.get(name)
        if a is None or b is None:
            failures += 1
            print(f"{name:45} {'-' if a is None else a['rows']:>16} {'-' if b is None else b['rows']:>12}  MISSING in {'built-in' if a is None else 'real dbt'}")
            continue
        problems = []
        if a["columns"] != b["columns"]:
            problems.append(f"columns differ: {a['columns']} vs {b['columns']}")
        if a["rows"] != b["rows"]:
            problems.append("row count differs")
        if a["checksum"] != b["checksum"]:
            problems.append("checksum differs")
        failures += bool(problems)
        print(f"{name:45} {a['rows']:>16} {b['rows']:>12}  {'; '.join(problems) if problems else 'same'}")
    print(f"\n{len(names)} relations compared, {failures} different")
    if not names:
        print(f"no relation in {', '.join(schemas)}: nothing was built")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
