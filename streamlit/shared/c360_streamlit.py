"""What the packs' Streamlit in Snowflake apps (streamlit/<pack>/streamlit_app.py) share.

The named queries of an app's queries.sql run on the active Snowpark session, a tab whose query
fails shows why in itself instead of stopping the app, tables with display labels, and the
formatters of its KPIs. Each app keeps its queries, its tabs and what its error says to do.

How it is deployed: `c360-demo deploy` PUTs this folder to the app's stage after the app's own
folder, so the module sits beside the main file there and `import c360_streamlit` finds it as
Streamlit puts the main file's folder on sys.path. In a checkout (`streamlit run`, the AppTest in
test/streamlit/) the app adds this folder to sys.path itself when the module is not importable.
"""

import re

import streamlit as st
from snowflake.snowpark.context import get_active_session


def load_queries(path):
    """The named statements of a queries.sql: `-- name: x` starts one, up to the next marker."""
    queries, name, lines = {}, None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = re.match(r"^--\s*name:\s*(\w+)\s*$", line)
        if marker:
            if name:
                queries[name] = "\n".join(lines).strip().rstrip(";")
            name, lines = marker.group(1), []
        elif name:
            lines.append(line)
    if name:
        queries[name] = "\n".join(lines).strip().rstrip(";")
    return queries


class WarehouseError(Exception):
    """A query of the app failed on the warehouse (a table not built yet, a missing grant)."""


# Keyed by the statement's text, not only its name: both apps name a query churn_tiers.
@st.cache_data(ttl=600, show_spinner=False)
def _run_statement(name, statement, params):
    try:
        session = get_active_session()
        query = session.sql(statement, params=list(params)) if params else session.sql(statement)
        frame = query.to_pandas()
    except Exception as err:  # Snowpark raises its own exception classes; all mean the same here
        raise WarehouseError(f"query {name}: {str(err).strip().splitlines()[0]}") from err
    frame.columns = [str(column).lower() for column in frame.columns]
    return frame


def query_runner(queries_file):
    """run(name, params=()) for the queries of queries_file: one named query (its `?` bound to
    params) as a DataFrame with lower-case column names (Snowflake upper-cases them), cached."""
    queries = load_queries(queries_file)

    def run(name, params=()):
        return _run_statement(name, queries[name], tuple(params))

    return run


def show_tab(tab, failure):
    """Renders a tab; a failed query is shown in it, as failure(error) words it with what to do,
    instead of stopping the app."""
    try:
        tab()
    except WarehouseError as err:
        st.error(failure(err))


def table(frame, labels):
    """A DataFrame without its index, its columns renamed to the labels a reader sees."""
    st.dataframe(frame.rename(columns=labels), hide_index=True)


def count(value):
    return f"{int(round(float(value))):,}"


def money(value):
    return f"${float(value):,.0f}"


def money_cents(value):
    return f"${float(value):,.2f}"


def percent(value):
    return f"{float(value):.1f}%"
