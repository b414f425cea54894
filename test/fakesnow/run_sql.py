"""Runs every statement of sql/, in deploy order, against fakesnow (Snowflake emulated on DuckDB).

Usage: run_sql.py SQL_DIR UNSUPPORTED_TSV WAREHOUSE_DUCKDB

The order is the one a deploy follows (docs/snowflake.md): setup, the stored procedure, the data
generation, the dbt project, the churn model, the task graph and stream, the share, monitoring and
the EDA scripts; then the Streamlit app's queries (streamlit/queries.sql). Three steps fakesnow cannot do are stood in for with the test-scale local warehouse
(WAREHOUSE_DUCKDB, built by `c360-demo pipeline --scale test`):
  * CALL BRONZE.GENERATE_CUSTOMERS (a Python procedure): BRONZE_CUSTOMERS and
    BRONZE_CREDIT_LIMIT_CHANGES are copied from it (test/sqlparse/check_procedure.py runs the
    procedure's Python body);
  * EXECUTE DBT PROJECT: the SILVER and GOLD relations the built-in dbt runner built are copied
    (test/conformance/ checks that runner against real dbt);
  * the churn gate's scripting block: GOLD.CHURN_PREDICTIONS and a registry row are copied.

A statement that fails must be listed in UNSUPPORTED_TSV (<file glob> TAB <regex> TAB <reason>);
anything else failing fails the check, and so does an entry that matches nothing or that matches
a statement fakesnow ran (the list only holds what fakesnow truly cannot run).

For the statements fakesnow cannot run, what can be checked statically is checked on the objects
the run created: a SNOWFLAKE.ML.CLASSIFICATION's INPUT_DATA must name an existing view or table
and its TARGET_COLNAME one of that object's columns; a model's PREDICT must be given every
feature the model was trained on.
"""

import fnmatch
import importlib.metadata
import re
import sys
import time
import warnings
from pathlib import Path

import fakesnow
import snowflake.connector

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sqlparse"))
from parse_sql import split_statements  # noqa: E402  (the splitter the sqlglot check uses)

warnings.filterwarnings("ignore")

# Paths in unsupported.tsv and in the report are relative to the repository root.
REPO_ROOT = Path(__file__).resolve().parents[2]

# Deploy order; globs are expanded in sorted order. A file of sql/ not named here fails the check.
DEPLOY_ORDER = [
    "setup/01_setup.sql",
    "deploy/stages.sql",
    # "Run 05_telemetry_tracking.sql once first (it creates the telemetry tables)".
    "eda/05_telemetry_tracking.sql",
    "procedures/generate_customers.sql",
    "@stand-in:generate_customers",
    # The seed's EDA workflow: baseline and pre-generation EDA, generate, validate, delta.
    "eda/01_baseline_metrics.sql",
    "eda/02_pre_generation_eda.sql",
    "data_generation/generate_transactions.sql",
    "eda/03_post_generation_validation.sql",
    "eda/04_delta_analysis.sql",
    "dbt/deploy_dbt_project.sql",
    "deploy/dbt_project.sql",
    "@stand-in:dbt_project",
    "ml/*.sql",
    "@stand-in:churn_gate",
    "deploy/suspend_tasks.sql",
    "orchestration/pipeline_tasks.sql",
    "orchestration/train_churn_model.sql",
    "orchestration/stream_append.sql",
    # deploy creates the share; the views are granted to it when the pipeline creates them.
    "collaboration/create_share.sql",
    "collaboration/secure_views.sql",
    "collaboration/add_consumer_account.sql",
    "deploy/streamlit_app.sql",
    "monitoring/*.sql",
    "eda/checks/*.sql",
]
# Scripts a task runs with EXECUTE IMMEDIATE FROM and that carry no USE statements of their own
# (docs/snowflake.md: a task's session is the task owner's, in the task's schema).
TASK_SCRIPTS = {"data_generation/generate_transactions.sql"}
TASK_CONTEXT = "USE SCHEMA CUSTOMER_ANALYTICS.BRONZE"
STAGE = "@CUSTOMER_ANALYTICS.BRONZE.C360_SQL/"  # the stage sql/ is uploaded to (sql/setup/01_setup.sql)
# model!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(...)):probability:"1"::FLOAT, the probability of a class.
PREDICT_SCORE = re.compile(r"[\w.]+!PREDICT\s*\(\s*INPUT_DATA\s*=>\s*OBJECT_CONSTRUCT\([^()]*\)\s*\)(?::\"?\w+\"?)*(?:::\w+)?", re.I)
EXECUTE_FROM = re.compile(r"^EXECUTE\s+IMMEDIATE\s+FROM\s+'?([^'\s;]+)'?$", re.I)

LOCAL = "C360_LOCAL_WAREHOUSE"


def load_unsupported(path):
    entries = []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise SystemExit(f"{path}:{number}: every line is <file glob> TAB <regex> TAB <reason>")
        entries.append({"line": number, "glob": parts[0], "regex": re.compile(parts[1], re.I | re.S), "reason": parts[2], "used": 0})
    return entries


def ordered_files(sql_dir):
    steps, seen = [], set()
    for item in DEPLOY_ORDER:
        if item.startswith("@"):
            steps.append(item)
            continue
        matches = sorted(p for p in sql_dir.glob(item) if p.is_file())
        if not matches:
            raise SystemExit(f"deploy order names {item}, which matches no file under {sql_dir}")
        for path in matches:
            if path not in seen:
                seen.add(path)
                steps.append(path)
    missing = sorted(set(sql_dir.rglob("*.sql")) - seen)
    return steps, missing


class Run:
    def __init__(self, connection, warehouse):
        self.connection = connection
        self.duck = connection._duck_conn  # fakesnow's DuckDB connection, for the stand-ins
        self.duck.execute(f"ATTACH '{warehouse}' AS {LOCAL} (READ_ONLY)")
        self.cursor = connection.cursor()
        self.models = {}  # model name -> (input object, target column, feature columns)

    def columns(self, name):
        """Columns of a table or view named [db.][schema.]name, or None when it does not exist."""
        parts = [p.strip('"').upper() for p in name.split(".")]
        database, schema, table = (["CUSTOMER_ANALYTICS", "GOLD"][: 3 - len(parts)] + parts)[-3:]
        rows = self.duck.execute(
            "SELECT column_name FROM information_schema.columns WHERE upper(table_catalog) = ? AND upper(table_schema) = ? "
            "AND upper(table_name) = ? ORDER BY ordinal_position",
            [database, schema, table],
        ).fetchall()
        return [r[0].upper() for r in rows] or None

    def copy_schema_tables(self, schema, tables=None):
        rows = self.duck.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name",
            [LOCAL, schema],
        ).fetchall()
        copied = 0
        for (table,) in rows:
            if tables is not None and table not in tables:
                continue
            self.duck.execute(f'CREATE OR REPLACE TABLE CUSTOMER_ANALYTICS.{schema}."{table}" AS SELECT * FROM {LOCAL}.{schema}."{table}"')
            copied += 1
        return copied

    def stand_in(self, name):
        if name == "generate_customers":
            for table in ["BRONZE_CUSTOMERS", "BRONZE_CREDIT_LIMIT_CHANGES"]:
                self.duck.execute(f"DELETE FROM CUSTOMER_ANALYTICS.BRONZE.{table}")
                self.duck.execute(f"INSERT INTO CUSTOMER_ANALYTICS.BRONZE.{table} SELECT * FROM {LOCAL}.BRONZE.{table}")
            count = self.duck.execute("SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS").fetchone()[0]
            return f"CALL BRONZE.GENERATE_CUSTOMERS stood in for: {count} customers copied from the local warehouse"
        if name == "dbt_project":
            self.duck.execute("CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.SILVER")
            self.duck.execute("CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.GOLD")
            dbt_tables = self.duck.execute(
                f"SELECT DISTINCT table_name FROM information_schema.tables WHERE table_catalog = '{LOCAL}' AND table_schema IN ('SILVER', 'GOLD') "
                "AND table_name NOT IN ('CHURN_PREDICTIONS', 'CHURN_MODEL_REGISTRY', 'SHARED_CUSTOMER_INSIGHTS', 'SHARED_SEGMENT_SUMMARY')"
            ).fetchall()
            names = {t for (t,) in dbt_tables}
            copied = self.copy_schema_tables("SILVER", names) + self.copy_schema_tables("GOLD", names)
            return f"EXECUTE DBT PROJECT stood in for: {copied} SILVER/GOLD relations copied from the local warehouse (built-in dbt runner)"
        if name == "churn_gate":
            # The gate's scripting block (ml/04) writes the at-risk list and a registry row.
            self.duck.execute(f"CREATE OR REPLACE TABLE CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS AS SELECT * FROM {LOCAL}.GOLD.CHURN_PREDICTIONS")
            self.duck.execute(f"INSERT INTO CUSTOMER_ANALYTICS.GOLD.CHURN_MODEL_REGISTRY BY NAME SELECT * FROM {LOCAL}.GOLD.CHURN_MODEL_REGISTRY")
            return "the churn gate's block stood in for: CHURN_PREDICTIONS and a CHURN_MODEL_REGISTRY row copied from the local warehouse"
        raise SystemExit(f"unknown stand-in {name}")

    def block_tables(self, statement):
        """Inside a Snowflake Scripting block, creates the tables the block makes with a plain
        CREATE TABLE ... AS (bind variables such as :fit set to 1), so that a model trained on
        one can be checked like the others. Problems creating them are returned."""
        problems = []
        if not re.match(r"^EXECUTE\s+IMMEDIATE\s+\$\$", statement, re.I):
            return problems
        for match in re.finditer(r"\bCREATE\s+OR\s+REPLACE\s+TABLE\s+([\w.]+)\s+AS\b(.*?);", statement, re.I | re.S):
            if re.search(r"!\w+\s*\(", match.group(2)):
                continue  # calls a model method: nothing fakesnow can run
            sql = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", "1", f"CREATE OR REPLACE TABLE {match.group(1)} AS {match.group(2)}")
            try:
                self.cursor.execute(sql)
            except Exception as err:  # fakesnow / connector errors of every kind
                problems.append(f"inside the block, CREATE OR REPLACE TABLE {match.group(1)}: {' '.join(str(err).split())[:200]}")
        return problems

    def predict_stand_in(self, statement):
        """A statement that scores rows with a model's PREDICT runs again with a fixed score in
        its place, so what it writes exists for the statements after it and everything else in it
        (columns, joins, casts) is checked. Returns a problem, or None."""
        if not PREDICT_SCORE.search(statement) or re.match(r"^EXECUTE\s+IMMEDIATE\b", statement, re.I):
            return None
        try:
            self.cursor.execute(PREDICT_SCORE.sub("CAST(0.5 AS FLOAT)", statement))
            self.cursor.fetchall()
        except Exception as err:  # fakesnow / connector errors of every kind
            return f"with a fixed score in place of PREDICT, the statement still fails: {' '.join(str(err).split())[:200]}"
        return None

    def static_checks(self, statement):
        """What can be checked of an ML statement without running it; a list of problems."""
        problems = self.block_tables(statement)
        for match in re.finditer(
            r"CREATE\s+(?:OR\s+REPLACE\s+)?SNOWFLAKE\.ML\.CLASSIFICATION\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.$]+)\s*\((.*?)\)\s*;?\s*$",
            statement,
            re.I | re.S | re.M,
        ):
            model, args = match.group(1).upper(), match.group(2)
            reference = re.search(r"INPUT_DATA\s*=>\s*SYSTEM\$REFERENCE\(\s*'(\w+)'\s*,\s*'([^']+)'", args, re.I)
            target = re.search(r"TARGET_COLNAME\s*=>\s*'([^']+)'", args, re.I)
            if not reference or not target:
                problems.append(f"{model}: INPUT_DATA => SYSTEM$REFERENCE(kind, name) and TARGET_COLNAME => '...' expected")
                continue
            kind, source, column = reference.group(1).upper(), reference.group(2), target.group(1).upper()
            columns = self.columns(source)
            if columns is None:
                problems.append(f"{model}: INPUT_DATA names {kind} {source}, which does not exist at this point of the deploy")
                continue
            if column not in columns:
                problems.append(f"{model}: TARGET_COLNAME '{column}' is not a column of {source} ({', '.join(columns)})")
                continue
            self.models[model.split(".")[-1]] = (source, column, [c for c in columns if c != column])
        for match in re.finditer(r"([\w.]+)!PREDICT\s*\(\s*INPUT_DATA\s*=>\s*OBJECT_CONSTRUCT\((.*?)\)\s*\)", statement, re.I | re.S):
            model, args = match.group(1).upper().split(".")[-1], match.group(2).strip()
            if model not in self.models:
                problems.append(f"{model}!PREDICT: no CREATE SNOWFLAKE.ML.CLASSIFICATION {model} ran before it")
                continue
            features = self.models[model][2]
            if args == "*":
                source = re.search(r"\bFROM\s+([\w.]+)", statement[match.end():], re.I)
                given = self.columns(source.group(1)) if source else None
                if given is None:
                    problems.append(f"{model}!PREDICT(OBJECT_CONSTRUCT(*)): cannot tell which relation it reads")
                    continue
                where = source.group(1)
            else:
                given = [k.upper() for k in re.findall(r"'(\w+)'\s*,", args)]
                where = "its OBJECT_CONSTRUCT"
            missing = [f for f in features if f not in given]
            if missing:
                problems.append(f"{model}!PREDICT: features the model was trained on are missing from {where}: {', '.join(missing)}")
        return problems


def resolve_execute_from(target, current, sql_dir):
    """The file an EXECUTE IMMEDIATE FROM names: a path on the sql/ stage, or one relative to the
    file that runs it (as Snowflake resolves a nested EXECUTE IMMEDIATE FROM)."""
    if target.upper().startswith(STAGE.upper()):
        return sql_dir / target[len(STAGE):]
    if target.startswith("@"):
        return None
    return (current.parent / target).resolve()


def run_file(path, sql_dir, cursor, run, entries, failures, depth=0):
    """Runs a file's statements; EXECUTE IMMEDIATE FROM runs the file it names. (ran, listed)."""
    rel = path.relative_to(REPO_ROOT).as_posix()
    ran = skipped = 0
    for index, (line, statement) in enumerate(split_statements(path.read_text()), 1):
        where = f"{rel}:{line} (statement {index})"
        head = " ".join(statement.split())[:100]
        nested = EXECUTE_FROM.match(statement)
        if nested:
            target = resolve_execute_from(nested.group(1), path, sql_dir)
            if target is None or not target.is_file() or sql_dir.resolve() not in target.resolve().parents:
                failures.append(f"{where}: EXECUTE IMMEDIATE FROM names {nested.group(1)}, which is no file of sql/ on the stage")
            elif depth > 3:
                failures.append(f"{where}: EXECUTE IMMEDIATE FROM nested too deeply")
            else:
                inner_ran, inner_skipped = run_file(target.resolve(), sql_dir.resolve(), cursor, run, entries, failures, depth + 1)
                ran, skipped = ran + inner_ran, skipped + inner_skipped
            continue
        entry = next((e for e in entries if fnmatch.fnmatch(rel, e["glob"]) and e["regex"].search(statement)), None)
        for problem in run.static_checks(statement):
            failures.append(f"{where}: {problem}")
        try:
            cursor.execute(statement)
            cursor.fetchall()
        except Exception as err:  # fakesnow / connector errors of every kind
            if entry:
                entry["used"] += 1
                skipped += 1
                problem = run.predict_stand_in(statement)
                if problem:
                    failures.append(f"{where}: {problem}\n    {head}")
                continue
            message = " ".join(str(err).split())[:240]
            failures.append(f"{where}: {message}\n    {head}")
            continue
        if entry:
            failures.append(f"{where}: unsupported.tsv line {entry['line']} lists it, but fakesnow ran it (remove or narrow the entry)\n    {head}")
            entry["used"] += 1
        ran += 1
    return ran, skipped


def main():
    sql_dir, unsupported_path, warehouse = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
    entries = load_unsupported(unsupported_path)
    steps, missing = ordered_files(sql_dir)
    failures, ran, skipped = [], 0, 0
    for path in missing:
        failures.append(f"{path}: not in the deploy order of test/fakesnow/run_sql.py (add it)")
    started = time.monotonic()
    with fakesnow.patch(create_database_on_connect=False, create_schema_on_connect=False):
        connection = snowflake.connector.connect()
        cursor = connection.cursor()
        run = Run(connection, warehouse)
        for step in steps:
            if isinstance(step, str):
                print(f"  {run.stand_in(step.split(':', 1)[1])}")
                continue
            if step.relative_to(sql_dir).as_posix() in TASK_SCRIPTS:
                # A task's session runs in the task's database and schema: the script has no USE.
                cursor.execute(TASK_CONTEXT)
            file_ran, file_skipped = run_file(step, sql_dir, cursor, run, entries, failures)
            ran += file_ran
            skipped += file_skipped
            print(f"  {step.relative_to(REPO_ROOT).as_posix()}: {file_ran} ran, {file_skipped} listed as unsupported")
        # The Streamlit app's queries, on what the deploy built: none may fail.
        app_queries = sql_dir.parent / "streamlit" / "queries.sql"
        if app_queries.is_file():
            file_ran, _ = run_file(app_queries, sql_dir, cursor, run, [], failures)
            ran += file_ran
            print(f"  streamlit/queries.sql: {file_ran} ran")
        connection.close()
    for entry in entries:
        if entry["used"] == 0:
            failures.append(f"unsupported.tsv line {entry['line']}: matches no statement (remove it): {entry['glob']} /{entry['regex'].pattern}/")
    for failure in failures:
        print(f"FAIL {failure}")
    print(
        f"fakesnow {importlib.metadata.version('fakesnow')}: {ran} statements ran, {skipped} listed as unsupported, "
        f"{len(run.models)} ML models checked statically, {len(failures)} failures ({time.monotonic() - started:.1f} s)"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
