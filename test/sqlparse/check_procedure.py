"""Runs the Python body of sql/procedures/generate_customers.sql outside Snowflake, with a stub
Snowpark session, and checks what it would write: the seed's exact segment mix, decline types
only for Declining customers, ids CUST000001.., and credit-limit histories that end at each
customer's current limit. Exit 1 on any difference."""
import collections
import re
import sys
import types
from pathlib import Path

source = Path(sys.argv[1]).read_text()
body = re.search(r"\$\$\n(.*)\n\$\$", source, re.S).group(1)

snowpark_types = types.ModuleType("snowflake.snowpark.types")
for name in ["DateType", "DecimalType", "IntegerType", "LongType", "StringType", "StructField", "StructType"]:
    setattr(snowpark_types, name, lambda *args, **kwargs: None)
sys.modules.update({
    "snowflake": types.ModuleType("snowflake"),
    "snowflake.snowpark": types.ModuleType("snowflake.snowpark"),
    "snowflake.snowpark.types": snowpark_types,
})
namespace = {}
exec(compile(body, "generate_customers.sql", "exec"), namespace)

saved = {}


class Session:
    def create_dataframe(self, rows, schema=None):
        class Writer:
            def mode(self, mode):
                assert mode == "truncate", mode
                return self

            def save_as_table(self, name):
                saved[name] = rows

        frame = types.SimpleNamespace(write=Writer())
        return frame


message = namespace["generate"](Session(), 1000, 42, "2025-06-30")
customers = saved["BRONZE.BRONZE_CUSTOMERS"]
changes = saved["BRONZE.BRONZE_CREDIT_LIMIT_CHANGES"]
problems = []
mix = collections.Counter(c[11] for c in customers)
expected = {"High-Value Travelers": 150, "Stable Mid-Spenders": 400, "Budget-Conscious": 250, "Declining": 100, "New & Growing": 100}
if dict(mix) != expected:
    problems.append(f"segment mix {dict(mix)} != {expected}")
if [c[0] for c in customers[:2]] != ["CUST000001", "CUST000002"] or len({c[0] for c in customers}) != 1000:
    problems.append("customer ids are not CUST000001.. and unique")
if any((c[11] == "Declining") != (c[12] in ("gradual", "sudden")) for c in customers):
    problems.append("decline_type set outside Declining or missing inside it")
if any(len(c) != 13 for c in customers):
    problems.append("a customer row does not have the 13 bronze columns")
final = {}
for change in changes:
    final[change[1]] = change[4]
if any(c[0] in final and final[c[0]] != c[9] for c in customers):
    problems.append("a credit-limit history does not end at the current limit")
if not changes or [c[0] for c in changes] != list(range(1, len(changes) + 1)):
    problems.append("change ids are not 1..n")
for problem in problems:
    print(f"FAIL generate_customers.sql: {problem}")
print(f"generate_customers.sql (Python body, stub session): {message}")
sys.exit(1 if problems else 0)
