"""A stand-in for Snowpark's session, so streamlit/streamlit_app.py runs against a local warehouse.

The app calls snowflake.snowpark.context.get_active_session() and then session.sql(q).to_pandas().
Here that module is a small fake whose session runs q on DuckDB, with the warehouse file attached
as CUSTOMER_ANALYTICS (read-only), as the local backend attaches it
(src/backends/local/duckdb-backend.ts): CUSTOMER_ANALYTICS.GOLD.X then names the same table on
both. Snowflake returns unquoted names upper-cased; so does the stand-in, so the app has to cope.
"""

import os
import sys
import types
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit" / "credit-card" / "streamlit_app.py"


class DuckDbResult:
    def __init__(self, session, query):
        self._session, self._query = session, query

    def to_pandas(self):
        self._session.queries.append(self._query)
        frame = self._session.connection.execute(self._query).df()
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

    def sql(self, query):
        return DuckDbResult(self, query)

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


@pytest.fixture(scope="session")
def warehouse():
    path = os.environ.get("C360_STREAMLIT_WAREHOUSE")
    if not path or not Path(path).is_file():
        raise pytest.UsageError("C360_STREAMLIT_WAREHOUSE must name a warehouse.duckdb built by `c360-demo pipeline`")
    return path


@pytest.fixture
def install_session(warehouse):
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
def reference(warehouse):
    """A separate read-only connection for the expected values, written independently of the app."""
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{warehouse}' AS CUSTOMER_ANALYTICS (READ_ONLY)")
    yield connection
    connection.close()
