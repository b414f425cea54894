"""A stand-in for Snowpark's session, so the packs' streamlit/<pack>/streamlit_app.py run against a local warehouse.

The app calls snowflake.snowpark.context.get_active_session() and then session.sql(q).to_pandas()
(or session.sql(q, params=[...]) with `?` placeholders). Here that module is a small fake whose
session runs q on DuckDB, with the warehouse file attached
as CUSTOMER_ANALYTICS (read-only), as the local backend attaches it
(src/backends/local/duckdb-backend.ts): CUSTOMER_ANALYTICS.GOLD.X then names the same table on
both. Snowflake returns unquoted names upper-cased; so does the stand-in, so the app has to cope.
Below it, what both apps' tests check alike: shown KPIs against expected values, charts or tables
in every tab, a failed query reported in its tab.
"""

import math
import os
import re
import sys
import types
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit" / "credit-card" / "streamlit_app.py"
MEDIA_APP = ROOT / "streamlit" / "media" / "streamlit_app.py"


class DuckDbResult:
    def __init__(self, session, query, params):
        self._session, self._query, self._params = session, query, params

    def to_pandas(self):
        self._session.queries.append(self._query)
        frame = self._session.connection.execute(self._query, self._params).df()
        frame.columns = [str(c).upper() for c in frame.columns]
        return self._session.transform(frame)


class DuckDbSession:
    """session.sql(q).to_pandas() on DuckDB; `transform` lets a test corrupt what comes back."""

    def __init__(self, warehouse, transform=None):
        self.connection = duckdb.connect()
        self.connection.execute(f"ATTACH '{warehouse}' AS CUSTOMER_ANALYTICS (READ_ONLY)")
        self.connection.execute("USE CUSTOMER_ANALYTICS")
        self.transform = transform or (lambda frame: frame)
        self.queries = []

    def sql(self, query, params=None):
        return DuckDbResult(self, query, list(params or []))

    def close(self):
        self.connection.close()


class ActiveSession:
    """What get_active_session() returns: the session a test installed."""

    current = None


def _install_snowpark_stand_in():
    snowflake = types.ModuleType("snowflake")
    snowpark = types.ModuleType("snowflake.snowpark")
    context = types.ModuleType("snowflake.snowpark.context")

    def get_active_session():
        if ActiveSession.current is None:
            raise RuntimeError("no active session (the test did not install one)")
        return ActiveSession.current

    context.get_active_session = get_active_session
    snowflake.snowpark = snowpark
    snowpark.context = context
    sys.modules.update({"snowflake": snowflake, "snowflake.snowpark": snowpark, "snowflake.snowpark.context": context})


_install_snowpark_stand_in()


def _warehouse(pack):
    """The pack's warehouse in C360_STREAMLIT_DATA_DIR (both packs' pipelines share a data dir)."""
    data_dir = os.environ.get("C360_STREAMLIT_DATA_DIR")
    path = Path(data_dir or "") / pack / "warehouse.duckdb"
    if not data_dir or not path.is_file():
        raise pytest.UsageError(f"C360_STREAMLIT_DATA_DIR must hold {pack}/warehouse.duckdb, built by `c360-demo pipeline --pack {pack}`")
    return str(path)


@pytest.fixture(scope="session")
def warehouse():
    return _warehouse("credit-card")


@pytest.fixture(scope="session")
def media_warehouse():
    return _warehouse("media")


def _session_installer(warehouse):
    """Installs a DuckDB stand-in session (optionally with a transform) and empties the app's cache."""
    import streamlit as st

    sessions = []

    def install(transform=None):
        st.cache_data.clear()
        session = DuckDbSession(warehouse, transform)
        sessions.append(session)
        ActiveSession.current = session
        return session

    yield install
    ActiveSession.current = None
    for session in sessions:
        session.close()


@pytest.fixture
def install_session(warehouse):
    yield from _session_installer(warehouse)


@pytest.fixture
def install_media_session(media_warehouse):
    yield from _session_installer(media_warehouse)


def _reference(warehouse):
    """A separate read-only connection for the expected values, written independently of the app."""
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{warehouse}' AS CUSTOMER_ANALYTICS (READ_ONLY)")
    yield connection
    connection.close()


@pytest.fixture
def reference(warehouse):
    yield from _reference(warehouse)


@pytest.fixture
def media_reference(media_warehouse):
    yield from _reference(media_warehouse)


# Wrong sessions the tests must catch (installed through install_session(transform)).
def scaled(frame):
    """Every number 1% off: a wrong aggregate the display precision still shows."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype.kind in "if":
            frame[column] = frame[column] * 1.01
    return frame


def first_row_dropped(frame):
    """The first row lost: a wrong filter or an off-by-one."""
    return frame.iloc[1:] if len(frame) > 1 else frame


def shown_metrics(at, tab_label):
    tab = next(t for t in at.tabs if t.label == tab_label)
    return {m.label: m.value for m in tab.metric}


def number(text):
    """The number a formatted KPI shows: '$1,234' -> 1234.0, '12.5%' -> 12.5."""
    cleaned = re.sub(r"[$,%\s]", "", text)
    return float(cleaned)


def compare(shown, expected):
    """Mismatches between what the app shows and (expected value, display precision)."""
    problems = []
    for label, (value, precision) in expected.items():
        if label not in shown:
            problems.append(f"{label}: not shown (shown: {sorted(shown)})")
            continue
        if isinstance(value, str):
            if shown[label] != value:
                problems.append(f"{label}: shows {shown[label]!r}, expected {value!r}")
            continue
        got = number(shown[label])
        if not math.isclose(got, value, abs_tol=precision / 2 + 1e-9):
            problems.append(f"{label}: shows {shown[label]!r}, expected {value:.4f} (±{precision / 2})")
    return problems


def assert_rendered_cleanly(at, tab_labels):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.label for t in at.tabs] == tab_labels


def kpi_problems(at, tab_label, expected, context=""):
    """What one tab of the rendered app shows wrong: its KPI mismatches, each after context."""
    assert not at.exception, [e.value for e in at.exception]
    return [f"{context}{problem}" for problem in compare(shown_metrics(at, tab_label), expected)]


def assert_charts_or_tables_in_every_tab(at):
    assert not at.exception
    for tab in at.tabs:
        assert len(tab.get("arrow_vega_lite_chart")) + len(tab.dataframe) >= 2, f"{tab.label}: no charts or tables"


def assert_missing_tables_reported_in_every_tab(session, app, schema):
    """The app over the same names in an empty database (every query fails as it would on an
    account without the tables): each tab says which query failed and what it could not read, and
    shows no KPI, instead of stopping the app or staying blank."""
    session.connection.execute("USE memory")
    session.connection.execute("DETACH CUSTOMER_ANALYTICS")
    session.connection.execute("ATTACH ':memory:' AS CUSTOMER_ANALYTICS")
    session.connection.execute(f"CREATE SCHEMA CUSTOMER_ANALYTICS.{schema}")
    at = AppTest.from_file(str(app), default_timeout=60)
    at.run()
    assert not at.exception
    for tab in at.tabs:
        errors = [e.value for e in tab.error]
        assert errors and all(f"Could not read CUSTOMER_ANALYTICS.{schema}" in e for e in errors), tab.label
        assert "does not exist" in errors[0], errors[0]
        assert not tab.metric, f"{tab.label}: KPIs shown without their tables"
