"""streamlit/credit-card/streamlit_app.py rendered with Streamlit's AppTest against the test-scale warehouse.

Every tab must render without an exception, and every KPI it shows must equal the expected value,
computed here by separate queries (mostly from GOLD.FCT_TRANSACTIONS and BRONZE, not from the
tables the app reads), within the precision the app displays. The last tests hand the app
deliberately wrong sessions and require the same comparison to find the difference.
"""

import pytest
from streamlit.testing.v1 import AppTest

from conftest import APP, assert_charts_or_tables_in_every_tab, assert_missing_tables_reported_in_every_tab, assert_rendered_cleanly, first_row_dropped, kpi_problems, scaled

TAB_LABELS = ["Overview", "Segments", "Transactions", "Churn"]


class NotOffered(Exception):
    """A widget does not offer the choice a test wants to make."""


def render(**widgets):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    for key, value in widgets.items():
        widget = next(w for w in list(at.selectbox) + list(at.radio) if w.key == key)
        if value not in widget.options:
            raise NotOffered(f"{key}: {value!r} is not among {widget.options}")
        widget.set_value(value)
        at.run()
    return at


def one(connection, sql):
    return connection.execute(sql).fetchone()


AS_OF = "(SELECT MAX(transaction_date) FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS)"


def expected_overview(db):
    customers = one(db, "SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS")[0]
    transactions, approved, spend = one(
        db,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE is_approved), SUM(transaction_amount) FILTER (WHERE is_approved) "
        "FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS",
    )
    active, spend_90d = one(
        db,
        "SELECT COUNT(DISTINCT customer_id), SUM(transaction_amount) FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS "
        f"WHERE is_approved AND transaction_date > {AS_OF} - INTERVAL 90 DAY",
    )
    high = one(db, "SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS WHERE risk_tier = 'High'")[0]
    return {
        "Customers": (customers, 1),
        "Active customers (90 days)": (active, 1),
        "Transactions": (transactions, 1),
        "Approval rate": (100 * approved / transactions, 0.1),
        "Lifetime approved spend": (float(spend), 1),
        "Spend, last 90 days": (float(spend_90d), 1),
        "Average transaction": (float(spend) / approved, 0.01),
        "High churn risk": (high, 1),
    }


def expected_segment(db, segment):
    customers = db.execute("SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS WHERE customer_segment = ?", [segment]).fetchone()[0]
    segment_spend, all_spend = db.execute(
        "SELECT SUM(transaction_amount) FILTER (WHERE customer_segment = ?), SUM(transaction_amount) "
        f"FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS WHERE is_approved AND transaction_date > {AS_OF} - INTERVAL 90 DAY",
        [segment],
    ).fetchone()
    lifetime = db.execute(
        "SELECT SUM(t.transaction_amount) / COUNT(DISTINCT c.customer_id) FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS AS c "
        "LEFT JOIN CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS AS t ON t.customer_id = c.customer_id AND t.is_approved "
        "WHERE c.customer_segment = ?",
        [segment],
    ).fetchone()[0]
    return {
        "Customers in segment": (customers, 1),
        "Segment spend, 90 days": (float(segment_spend), 1),
        "Segment share of spend": (100 * float(segment_spend) / float(all_spend), 0.1),
        "Segment avg lifetime value": (float(lifetime), 1),
    }


def expected_transactions(db):
    category, spend = one(
        db,
        "SELECT merchant_category, SUM(transaction_amount) AS spend FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS "
        "WHERE is_approved GROUP BY merchant_category ORDER BY spend DESC LIMIT 1",
    )
    declined = one(db, "SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS WHERE NOT is_approved")[0]
    return {
        "Top category by spend": (category, None),
        "Top category spend": (float(spend), 1),
        "Declined transactions": (declined, 1),
    }


def expected_churn(db, tiers):
    scored, high, medium = one(
        db,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE risk_tier = 'High'), COUNT(*) FILTER (WHERE risk_tier = 'Medium') "
        "FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS",
    )
    auc = one(db, "SELECT heldout_auc FROM CUSTOMER_ANALYTICS.GOLD.CHURN_MODEL_REGISTRY ORDER BY trained_at DESC LIMIT 1")[0]
    placeholders = ", ".join("?" for _ in tiers)
    spend = db.execute(
        "SELECT SUM(t.transaction_amount) FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS AS p "
        "LEFT JOIN CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS AS t ON t.customer_id = p.customer_id AND t.is_approved "
        f"AND t.transaction_date > {AS_OF} - INTERVAL 90 DAY "
        f"WHERE p.risk_tier IN ({placeholders})",
        list(tiers),
    ).fetchone()[0]
    listed = db.execute(
        f"SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS WHERE risk_tier IN ({placeholders})", list(tiers)
    ).fetchone()[0]
    return {
        "Scored customers": (scored, 1),
        "High risk": (high, 1),
        "Medium risk": (medium, 1),
        "Held-out AUC": (float(auc), 0.001),
        "At-risk customers listed": (listed, 1),
        "Their spend, last 90 days": (float(spend or 0), 1),
    }


def segments(db):
    return [row[0] for row in db.execute("SELECT DISTINCT customer_segment FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS ORDER BY 1").fetchall()]


def all_problems(db):
    """Renders the app (once per widget choice) and returns every KPI mismatch, per tab."""
    problems = {}
    at = render()
    assert_rendered_cleanly(at, TAB_LABELS)
    problems["Overview"] = kpi_problems(at, "Overview", expected_overview(db))
    problems["Transactions"] = kpi_problems(at, "Transactions", expected_transactions(db))
    problems["Segments"] = []
    for segment in segments(db):
        try:
            at = render(segment=segment)
        except NotOffered as missing:
            problems["Segments"].append(str(missing))
            continue
        problems["Segments"] += kpi_problems(at, "Segments", expected_segment(db, segment), f"{segment}: ")
    problems["Churn"] = []
    for choice, tiers in {"High": ["High"], "High and Medium": ["High", "Medium"]}.items():
        at = render(tiers=choice)
        problems["Churn"] += kpi_problems(at, "Churn", expected_churn(db, tiers), f"{choice}: ")
    return problems


def test_every_tab_renders_and_its_kpis_match_the_warehouse(install_session, reference):
    session = install_session()
    problems = all_problems(reference)
    assert problems == {"Overview": [], "Segments": [], "Transactions": [], "Churn": []}
    # The app read through the session, by fully qualified names, from each table it is meant to.
    read = " ".join(session.queries)
    for table in ["CUSTOMER_360_PROFILE", "FCT_TRANSACTIONS", "CHURN_PREDICTIONS", "CUSTOMER_SEGMENTS", "AGG_MONTHLY_SPEND", "METRIC_MOM_SPEND_CHANGE"]:
        assert f"CUSTOMER_ANALYTICS.GOLD.{table}" in read


def test_every_tab_shows_charts_and_tables(install_session):
    install_session()
    assert_charts_or_tables_in_every_tab(render())


@pytest.mark.parametrize("transform", [scaled, first_row_dropped], ids=["numbers-1pct-off", "first-row-dropped"])
def test_a_wrong_session_is_caught(install_session, reference, transform):
    install_session(transform)
    problems = all_problems(reference)
    wrong_tabs = [tab for tab, found in problems.items() if found]
    if transform is scaled:
        assert set(wrong_tabs) == set(TAB_LABELS), problems
    else:
        # Single-row results (the KPI queries) survive; the multi-row ones must not.
        assert {"Segments", "Transactions", "Churn"} <= set(wrong_tabs), problems


def test_missing_tables_are_reported_in_every_tab_not_left_blank(install_session):
    assert_missing_tables_reported_in_every_tab(install_session(), APP, "GOLD")
