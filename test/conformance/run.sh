#!/usr/bin/env bash
# Conformance check: the dbt projects are real dbt, and the built-in runner agrees with it.
# Credit-card pack (dbt/credit-card):
#   1. `dbt parse` with the snowflake target (no connection needed) must succeed;
#   2. on the same bronze data (test scale), the built-in runner and real `dbt build --target duckdb`
#      must produce the same SILVER and GOLD relations: columns, row counts, checksums;
#   3. a second run of each (incremental fact table, relations already there) must agree again.
# Media pack (dbt/media):
#   4. `dbt parse` with the snowflake target must succeed;
#   5. on the same raw and staging data (`pipeline --pack media`, whose dbt build stage is the
#      built-in runner), real `dbt build --target duckdb` must produce the same SFE_ANALYTICS_MEDIA
#      relations (seed included).
# Python lives only in a virtual environment used for this check.
#
# Usage: test/conformance/run.sh            (from anywhere; needs python3, node, npm run build done)
# Env:   C360_CONFORMANCE_VENV  venv dir (default: ${TMPDIR:-/tmp}/c360-conformance-venv, reused)
#        C360_CONFORMANCE_SCALE test|small|full (default test)
#        C360_CONFORMANCE_KEEP=1 keep the work dir
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../support/python-venv.sh
source "$ROOT/test/support/python-venv.sh"
HERE="$ROOT/test/conformance"
VENV="${C360_CONFORMANCE_VENV:-${TMPDIR:-/tmp}/c360-conformance-venv}"
SCALE="${C360_CONFORMANCE_SCALE:-test}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/c360-conformance.XXXXXX")"
cleanup() { if [ "${C360_CONFORMANCE_KEEP:-0}" != "1" ]; then rm -rf "$WORK"; else echo "work dir kept: $WORK"; fi; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "python venv ($VENV)"
ensure_venv "$VENV" "$HERE/requirements.txt"
"$VENV/bin/dbt" --version | sed -n '1,12p' | grep -E 'installed|duckdb|snowflake' || true

export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export DBT_LOG_PATH="$WORK/logs"
DBT=("$VENV/bin/dbt" --no-use-colors)
cd "$ROOT/dbt/credit-card"

step "1. dbt parse (snowflake target, no connection)"
DBT_TARGET=snowflake "${DBT[@]}" parse --profiles-dir "$ROOT/dbt/credit-card" --target-path "$WORK/target-parse" --no-partial-parse

step "2. bronze at $SCALE scale"
if [ ! -f "$ROOT/dist/bin/c360-demo.js" ] && [ ! -d "$ROOT/dist/src" ]; then (cd "$ROOT" && npm run build >/dev/null); fi
node "$ROOT/bin/c360-demo.js" generate --scale "$SCALE" --data-dir "$WORK/builtin" >/dev/null
mkdir -p "$WORK/real"
cp "$WORK/builtin/credit-card/warehouse.duckdb" "$WORK/real/warehouse.duckdb"

step "3. built-in runner: c360-demo dbt build"
start=$(date +%s%N)
node "$ROOT/bin/c360-demo.js" dbt build --backend local --data-dir "$WORK/builtin" > "$WORK/builtin.log" || { cat "$WORK/builtin.log"; exit 1; }
builtin_ms=$(( ($(date +%s%N) - start) / 1000000 ))
tail -2 "$WORK/builtin.log"

step "4. real dbt: dbt build --target duckdb"
start=$(date +%s%N)
DBT_TARGET=duckdb C360_DUCKDB_PATH="$WORK/real/warehouse.duckdb" \
  "${DBT[@]}" build --profiles-dir "$ROOT/dbt/credit-card" --target duckdb --target-path "$WORK/target-duckdb" > "$WORK/real.log" || { tail -40 "$WORK/real.log"; exit 1; }
real_ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -E "Done\. |Completed successfully" "$WORK/real.log" || tail -3 "$WORK/real.log"

step "5. compare SILVER and GOLD, model by model"
"$VENV/bin/python" "$HERE/compare.py" "$WORK/builtin/credit-card/warehouse.duckdb" "$WORK/real/warehouse.duckdb"

step "6. second runs (incremental fct_transactions, existing relations) on both, compare again"
node "$ROOT/bin/c360-demo.js" dbt build --backend local --data-dir "$WORK/builtin" > "$WORK/builtin2.log" || { cat "$WORK/builtin2.log"; exit 1; }
grep -E "fct_transactions .*incremental" "$WORK/builtin2.log" >/dev/null || { echo "built-in runner: fct_transactions did not run incrementally"; exit 1; }
DBT_TARGET=duckdb C360_DUCKDB_PATH="$WORK/real/warehouse.duckdb" \
  "${DBT[@]}" build --profiles-dir "$ROOT/dbt/credit-card" --target duckdb --target-path "$WORK/target-duckdb" > "$WORK/real2.log" || { tail -40 "$WORK/real2.log"; exit 1; }
"$VENV/bin/python" "$HERE/compare.py" "$WORK/builtin/credit-card/warehouse.duckdb" "$WORK/real/warehouse.duckdb" | tail -1

step "7. media: dbt parse (snowflake target, no connection)"
cd "$ROOT/dbt/media"
DBT_TARGET=snowflake "${DBT[@]}" parse --profiles-dir "$ROOT/dbt/media" --target-path "$WORK/media-target-parse" --no-partial-parse

step "8. media: pipeline --pack media at $SCALE scale (its dbt build stage is the built-in runner)"
start=$(date +%s%N)
node "$ROOT/bin/c360-demo.js" pipeline --pack media --scale "$SCALE" --data-dir "$WORK/media-builtin" > "$WORK/media-builtin.log" || { cat "$WORK/media-builtin.log"; exit 1; }
media_pipeline_ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -E "^dbt build" "$WORK/media-builtin.log"
AS_OF="$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["asOf"])' "$WORK/media-builtin/media/generation.json")"

step "9. media: real dbt build --target duckdb on a copy without the analytics layer"
mkdir -p "$WORK/media-real"
cp "$WORK/media-builtin/media/warehouse.duckdb" "$WORK/media-real/warehouse.duckdb"
# Dropped first, so a relation real dbt fails to build cannot pass as the built-in runner's copy.
"$VENV/bin/python" -c 'import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute("DROP SCHEMA IF EXISTS SFE_ANALYTICS_MEDIA CASCADE"); c.close()' "$WORK/media-real/warehouse.duckdb"
start=$(date +%s%N)
DBT_TARGET=duckdb C360_DUCKDB_PATH="$WORK/media-real/warehouse.duckdb" \
  "${DBT[@]}" build --profiles-dir "$ROOT/dbt/media" --target duckdb --target-path "$WORK/media-target-duckdb" --vars "{as_of_date: '$AS_OF'}" > "$WORK/media-real.log" || { tail -40 "$WORK/media-real.log"; exit 1; }
media_real_ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -E "Done\. |Completed successfully" "$WORK/media-real.log" || tail -3 "$WORK/media-real.log"

step "10. media: compare SFE_ANALYTICS_MEDIA, relation by relation"
# The churn model's registry and the daily health scores are written by the pipeline's churn train
# and score stages, not by dbt: only the dbt models are compared.
"$VENV/bin/python" "$HERE/compare.py" "$WORK/media-builtin/media/warehouse.duckdb" "$WORK/media-real/warehouse.duckdb" SFE_ANALYTICS_MEDIA \
  --ignore SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY --ignore SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES

printf '\nconformance OK (%s scale): credit-card: built-in runner %d ms, real dbt-duckdb %d ms; media: whole pipeline %d ms, real dbt-duckdb %d ms (wall clock, incl. process start)\n' "$SCALE" "$builtin_ms" "$real_ms" "$media_pipeline_ms" "$media_real_ms"
