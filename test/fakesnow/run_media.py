"""Runs the media pack's Snowflake setup (sql/media/, deploy order) against fakesnow.

Usage: run_media.py UNSUPPORTED_TSV

The order is `c360-demo deploy --pack media`'s (src/scenario/media/deploy.ts): the account
objects, the raw layer (tables, file formats, stage), the loading procedure, the staging tables,
the task graph. Nothing needs data: a deploy starts from an empty account. A statement that fails
must be listed in UNSUPPORTED_TSV, with the same rules as run_sql.py (an entry that matches
nothing, or a statement fakesnow ran, fails the check).
"""

import importlib.metadata
import sys
import time
import warnings
from pathlib import Path

import fakesnow
import snowflake.connector

from run_sql import REPO_ROOT, load_unsupported, run_file

warnings.filterwarnings("ignore")

DEPLOY_ORDER = [
    "setup/00_account.sql",
    "setup/01_setup.sql",
    "setup/02_ingest.sql",
    "setup/03_staging.sql",
    "orchestration/pipeline_tasks.sql",
]


class NoModels:
    """The media setup trains no model: nothing to check statically."""

    models = {}

    def static_checks(self, statement):
        return []

    def predict_stand_in(self, statement):
        return None


def main():
    entries = load_unsupported(sys.argv[1])
    sql_dir = REPO_ROOT / "sql" / "media"
    failures, ran, skipped = [], 0, 0
    started = time.monotonic()
    with fakesnow.patch(create_database_on_connect=False, create_schema_on_connect=False):
        connection = snowflake.connector.connect()
        cursor = connection.cursor()
        for name in DEPLOY_ORDER:
            path = sql_dir / name
            file_ran, file_skipped = run_file(path, sql_dir, cursor, NoModels(), entries, failures)
            ran += file_ran
            skipped += file_skipped
            print(f"  {path.relative_to(REPO_ROOT).as_posix()}: {file_ran} ran, {file_skipped} listed as unsupported")
        connection.close()
    for entry in entries:
        if entry["used"] == 0:
            failures.append(f"{sys.argv[1]} line {entry['line']}: matches no statement (remove it): {entry['glob']} /{entry['regex'].pattern}/")
    for failure in failures:
        print(f"FAIL {failure}")
    print(
        f"fakesnow {importlib.metadata.version('fakesnow')} (media setup): {ran} statements ran, {skipped} listed as unsupported, "
        f"{len(failures)} failures ({time.monotonic() - started:.1f} s)"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
