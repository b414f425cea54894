#!/usr/bin/env bash
# The Streamlit in Snowflake app (streamlit/streamlit_app.py) rendered with Streamlit's AppTest
# against a test-scale local warehouse: every tab renders without an exception and every KPI it
# shows equals the value computed directly on DuckDB (test_streamlit_app.py). The app's Snowpark
# session is replaced by a stand-in that runs each query on DuckDB (conftest.py).
# Python lives only in a virtual environment used for this check.
#
# Usage: test/streamlit/run.sh              (from anywhere; needs python3 and node)
# Env:   C360_STREAMLIT_VENV      venv dir (default: ${TMPDIR:-/tmp}/c360-streamlit-venv, reused)
#        C360_STREAMLIT_DATA_DIR  a data dir already built by `c360-demo pipeline --scale test`
#                                 (default: build one in a temporary dir)
#        PYTHON                   interpreter for the venv (default python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../support/python-venv.sh
source "$ROOT/test/support/python-venv.sh"
HERE="$ROOT/test/streamlit"
VENV="${C360_STREAMLIT_VENV:-${TMPDIR:-/tmp}/c360-streamlit-venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/c360-streamlit.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "python venv ($VENV)"
ensure_venv "$VENV" "$HERE/requirements.txt"
"$VENV/bin/python" -c "import streamlit, duckdb; print(f'streamlit {streamlit.__version__}, duckdb {duckdb.__version__}')"

DATA_DIR="${C360_STREAMLIT_DATA_DIR:-}"
if [ -z "$DATA_DIR" ]; then
  step "test-scale warehouse (c360-demo pipeline --scale test)"
  if [ ! -d "$ROOT/dist/src" ]; then (cd "$ROOT" && npm run build >/dev/null); fi
  DATA_DIR="$WORK/data"
  node "$ROOT/bin/c360-demo.js" pipeline --scale test --data-dir "$DATA_DIR" > "$WORK/pipeline.log" 2>&1 || { cat "$WORK/pipeline.log"; exit 1; }
  tail -6 "$WORK/pipeline.log"
fi

step "AppTest: every tab, KPIs against DuckDB"
cd "$HERE"
C360_STREAMLIT_WAREHOUSE="$DATA_DIR/credit-card/warehouse.duckdb" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$HERE/test_streamlit_app.py"
