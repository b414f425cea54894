#!/usr/bin/env bash
# The Streamlit in Snowflake apps (streamlit/credit-card/ and streamlit/media/) rendered with
# Streamlit's AppTest against test-scale local warehouses: every tab renders without an exception
# and every KPI it shows equals the value computed directly on DuckDB (test_streamlit_app.py for
# the credit-card pack, test_media_app.py for the media pack). The app's Snowpark
# session is replaced by a stand-in that runs each query on DuckDB (conftest.py).
# Python lives only in a virtual environment used for this check.
#
# Usage: test/streamlit/run.sh              (from anywhere; needs python3 and node)
# Env:   C360_STREAMLIT_VENV      venv dir (default: ${TMPDIR:-/tmp}/c360-streamlit-venv, reused)
#        C360_STREAMLIT_DATA_DIR  a data dir already built by `c360-demo pipeline --scale test` for
#                                 both packs (--pack credit-card and --pack media; default: build
#                                 one in a temporary dir)
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
  if [ ! -d "$ROOT/dist/src" ]; then (cd "$ROOT" && npm run build >/dev/null); fi
  DATA_DIR="$WORK/data"
  for pack in credit-card media; do
    step "test-scale $pack warehouse (c360-demo pipeline --pack $pack --scale test)"
    node "$ROOT/bin/c360-demo.js" pipeline --pack "$pack" --scale test --data-dir "$DATA_DIR" > "$WORK/pipeline-$pack.log" 2>&1 || { cat "$WORK/pipeline-$pack.log"; exit 1; }
    tail -6 "$WORK/pipeline-$pack.log"
  done
fi

step "AppTest: every tab of both apps, KPIs against DuckDB"
cd "$HERE"
C360_STREAMLIT_DATA_DIR="$DATA_DIR" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$HERE/test_streamlit_app.py" "$HERE/test_media_app.py"
