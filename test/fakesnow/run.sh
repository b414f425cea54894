#!/usr/bin/env bash
# Runs every statement of sql/, in deploy order, against fakesnow (Snowflake emulated on DuckDB)
# on test-scale data (run_sql.py). Statements fakesnow cannot run are listed with a reason in
# unsupported.tsv; anything else failing fails the check. ML statements are checked statically:
# INPUT_DATA names an existing view or table, TARGET_COLNAME one of its columns, and PREDICT is
# given every feature the model was trained on. Python lives only in a virtual environment used
# for this check.
#
# Usage: test/fakesnow/run.sh               (from anywhere; needs python3 and node)
# Env:   C360_FAKESNOW_VENV      venv dir (default: ${TMPDIR:-/tmp}/c360-fakesnow-venv, reused)
#        C360_FAKESNOW_DATA_DIR  a data dir already built by `c360-demo pipeline --scale test`
#                                (default: build one in a temporary dir)
#        PYTHON                  interpreter for the venv (default python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../support/python-venv.sh
source "$ROOT/test/support/python-venv.sh"
HERE="$ROOT/test/fakesnow"
VENV="${C360_FAKESNOW_VENV:-${TMPDIR:-/tmp}/c360-fakesnow-venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/c360-fakesnow.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "python venv ($VENV)"
ensure_venv "$VENV" "$HERE/requirements.txt"

DATA_DIR="${C360_FAKESNOW_DATA_DIR:-}"
if [ -z "$DATA_DIR" ]; then
  step "test-scale warehouse (c360-demo pipeline --scale test)"
  if [ ! -d "$ROOT/dist/src" ]; then (cd "$ROOT" && npm run build >/dev/null); fi
  DATA_DIR="$WORK/data"
  node "$ROOT/bin/c360-demo.js" pipeline --scale test --data-dir "$DATA_DIR" > "$WORK/pipeline.log" 2>&1 || { cat "$WORK/pipeline.log"; exit 1; }
  tail -6 "$WORK/pipeline.log"
fi

step "sql/ in deploy order against fakesnow"
"$VENV/bin/python" "$HERE/run_sql.py" "$ROOT/sql/credit-card" "$HERE/unsupported.tsv" "$DATA_DIR/credit-card/warehouse.duckdb"

step "sql/media/ setup in deploy order against fakesnow"
"$VENV/bin/python" "$HERE/run_media.py" "$HERE/unsupported_media.tsv"
