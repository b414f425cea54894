#!/usr/bin/env bash
# Parses every statement under sql/ (and the Streamlit app's streamlit/queries.sql) with sqlglot (Snowflake dialect), and runs the Python body of
# the customer stored procedure with a stub session. Anything that does not parse,
# or that sqlglot only recognises as an opaque command, fails - unless allowlist.tsv names it with
# a reason. Creates (once) and reuses its own virtual environment; Python is only used here.
#   bash test/sqlparse/run.sh            # from the repository root
# Env: C360_SQLGLOT_VENV (default ${TMPDIR:-/tmp}/c360-sqlglot-venv), PYTHON (default python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${C360_SQLGLOT_VENV:-${TMPDIR:-/tmp}/c360-sqlglot-venv}"
version="30.30.0"
faker_version="40.54.0"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sqlglot, faker, sys; sys.exit(0 if sqlglot.__version__ == '$version' else 1)" 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "sqlglot==$version" "faker==$faker_version"
fi
status=0
"$venv/bin/python" "$here/parse_sql.py" "$root/sql" "$here/allowlist.tsv" || status=1
# The Streamlit app's queries run on Snowflake: every one must parse, nothing allow-listed.
"$venv/bin/python" "$here/parse_sql.py" "$root/streamlit" /dev/null || status=1
# The stored procedure's Python body, run with a stub Snowpark session.
"$venv/bin/python" "$here/check_procedure.py" "$root/sql/credit-card/procedures/generate_customers.sql" || status=1
exit $status
