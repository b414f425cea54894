"""streamlit/media/streamlit_app.py rendered with Streamlit's AppTest against the test-scale media warehouse.

Every tab must render without an exception, and every KPI it shows must equal the expected value,
computed here by separate queries (from the daily facts, the raw support table and the subscriber
dimension, not from the app's queries), within the precision the app displays. The last tests hand
the app deliberately wrong sessions and require the same comparison to find the difference.
"""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import MEDIA_APP, assert_charts_or_tables_in_every_tab, assert_missing_tables_reported_in_every_tab, assert_rendered_cleanly, first_row_dropped, kpi_problems, scaled

TAB_LABELS = ["Subscriber 360", "Churn risk", "Engagement trends", "Cohorts", "Model"]
MEDIA = "CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA"
LATEST_SCORES = f"(SELECT * FROM {MEDIA}.FCT_CUSTOMER_HEALTH_SCORES WHERE score_date = (SELECT MAX(score_date) FROM {MEDIA}.FCT_CUSTOMER_HEALTH_SCORES))"


def render(subscriber=None, tiers=None):
    at = AppTest.from_file(str(MEDIA_APP), default_timeout=60)
    at.run()
    if subscriber is not None:
        at.text_input(key="subscriber").set_value(subscriber)
        at.run()
    if tiers is not None:
        at.radio(key="tiers").set_value(tiers)
        at.run()
    return at


def expected_subscriber(db, subscriber_id):
    plan, status, tenure, ltv, as_of = db.execute(
        f"SELECT plan, subscription_status, tenure_days, lifetime_value, as_of_date FROM {MEDIA}.DIM_SUBSCRIBERS WHERE subscriber_id = ?",
        [subscriber_id],
    ).fetchone()
    articles = db.execute(
        f"SELECT COALESCE(SUM(articles_viewed), 0) FROM {MEDIA}.FCT_ENGAGEMENT_DAILY WHERE subscriber_id = ? AND activity_date > ?::DATE - 30",
        [subscriber_id, as_of],
    ).fetchone()[0]
    tickets = db.execute(
        "SELECT COUNT(*) FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS WHERE subscriber_id = ? AND created_at::DATE > ?::DATE - 90",
        [subscriber_id, as_of],
    ).fetchone()[0]
    risk = db.execute(f"SELECT churn_risk_score FROM {LATEST_SCORES} WHERE subscriber_id = ?", [subscriber_id]).fetchone()
    return {
        "Plan": (plan, None),
        "Status": (status, None),
        "Tenure (days)": (tenure, 1),
        "Lifetime value": (float(ltv), 0.01),
        "Articles, last 30 days": (articles, 1),
        "Support tickets, last 90 days": (tickets, 1),
        "Churn risk": (float(risk[0]), 0.001) if risk else ("not scored", None),
    }


def looked_up(db):
    """Subscribers to look up: the riskiest (an empty id) and, by a unique id prefix, the one with the most tickets."""
    riskiest = db.execute(f"SELECT subscriber_id FROM {LATEST_SCORES} ORDER BY churn_risk_score DESC, subscriber_id LIMIT 1").fetchone()[0]
    busiest = db.execute(
        "SELECT subscriber_id FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS WHERE subscriber_id IS NOT NULL "
        "GROUP BY subscriber_id ORDER BY COUNT(*) DESC, subscriber_id LIMIT 1"
    ).fetchone()[0]
    assert db.execute(f"SELECT COUNT(*) FROM {MEDIA}.DIM_SUBSCRIBERS WHERE subscriber_id LIKE ?", [busiest[:8] + "%"]).fetchone()[0] == 1
    return {"": riskiest, busiest[:8]: busiest}


def expected_churn(db, tiers):
    counts = dict(
        db.execute(
            f"SELECT h.risk_tier, COUNT(*) FROM {LATEST_SCORES} AS h JOIN {MEDIA}.DIM_SUBSCRIBERS AS d USING (subscriber_id) "
            "WHERE d.subscription_status = 'active' GROUP BY 1"
        ).fetchall()
    )
    return {
        "Active subscribers scored": (sum(counts.values()), 1),
        "High risk": (counts.get("High", 0), 1),
        "Medium risk": (counts.get("Medium", 0), 1),
        "Low risk": (counts.get("Low", 0), 1),
        "Subscribers listed": (sum(min(100, counts.get(t, 0)) for t in tiers), 1),
    }


def expected_engagement(db):
    week = db.execute(f"SELECT MAX(DATE_TRUNC('week', activity_date)) FROM {MEDIA}.FCT_ENGAGEMENT_DAILY").fetchone()[0]
    readers, articles, seconds = db.execute(
        f"SELECT COUNT(DISTINCT subscriber_id), SUM(articles_viewed), SUM(total_time_spent) FROM {MEDIA}.FCT_ENGAGEMENT_DAILY "
        "WHERE DATE_TRUNC('week', activity_date) = ?",
        [week],
    ).fetchone()
    total = db.execute(f"SELECT SUM(articles_viewed) FROM {MEDIA}.FCT_ENGAGEMENT_DAILY").fetchone()[0]
    return {
        "Readers, latest week": (readers, 1),
        "Articles, latest week": (articles, 1),
        "Hours read, latest week": (float(seconds) / 3600, 0.1),
        "Articles, all weeks": (total, 1),
    }


def expected_cohorts(db):
    """The retention after one month, from the subscriber dimension alone: of each signup month
    followed by another signup month, who had not cancelled by the end of that next month."""
    start, as_of = db.execute(
        f"SELECT (SELECT MIN(activity_date) FROM {MEDIA}.FCT_ENGAGEMENT_DAILY), (SELECT MAX(as_of_date) FROM {MEDIA}.DIM_SUBSCRIBERS)"
    ).fetchone()
    subscribers = db.execute(
        f"SELECT DATE_TRUNC('month', signup_date)::DATE AS cohort, cancel_date FROM {MEDIA}.DIM_SUBSCRIBERS WHERE signup_date >= ?", [start]
    ).df()
    months = sorted(subscribers["cohort"].unique())
    signed, kept = 0, 0
    for i, cohort in enumerate(months[:-1]):
        following = pd.Timestamp(months[i + 1])
        if following != pd.Timestamp(cohort) + pd.DateOffset(months=1):
            continue
        end = pd.Timestamp(months[i + 2]) - pd.Timedelta(days=1) if i + 2 < len(months) else pd.Timestamp(as_of)
        end = min(end, pd.Timestamp(as_of))
        members = subscribers[subscribers["cohort"] == cohort]
        signed += len(members)
        kept += int((members["cancel_date"].isna() | (pd.to_datetime(members["cancel_date"]) > end)).sum())
    expected = {"Signup cohorts": (len(months), 1), "Subscribers in cohorts": (len(subscribers), 1)}
    if signed:
        expected["Retained after 1 month"] = (100 * kept / signed, 0.1)
    return expected


def expected_model(db):
    auc, low, high, baseline, shuffled, verdict = db.execute(
        f"SELECT heldout_auc, heldout_auc_ci_low, heldout_auc_ci_high, baseline_auc, shuffled_auc_p95, gate_verdict "
        f"FROM {MEDIA}.CHURN_MODEL_REGISTRY ORDER BY deployed DESC, trained_at DESC LIMIT 1"
    ).fetchone()
    return {
        "Held-out AUC": (auc, 0.001),
        "95% CI": (f"{low:.3f} to {high:.3f}", None),
        "Recency-only baseline": (baseline, 0.001),
        "Shuffled-label p95": (shuffled, 0.001),
        "Gate verdict": (verdict, None),
    }


def all_problems(db):
    """Renders the app (once per widget choice) and returns every KPI mismatch, per tab."""
    problems = {label: [] for label in TAB_LABELS}
    at = render()
    assert_rendered_cleanly(at, TAB_LABELS)
    problems["Engagement trends"] = kpi_problems(at, "Engagement trends", expected_engagement(db))
    problems["Cohorts"] = kpi_problems(at, "Cohorts", expected_cohorts(db))
    problems["Model"] = kpi_problems(at, "Model", expected_model(db))
    for prefix, subscriber_id in looked_up(db).items():
        at = render(subscriber=prefix)
        problems["Subscriber 360"] += kpi_problems(at, "Subscriber 360", expected_subscriber(db, subscriber_id), f"{prefix!r}: ")
    for choice, tiers in {"High": ["High"], "High and Medium": ["High", "Medium"], "All": ["High", "Medium", "Low"]}.items():
        at = render(tiers=choice)
        problems["Churn risk"] += kpi_problems(at, "Churn risk", expected_churn(db, tiers), f"{choice}: ")
    return problems


def test_every_tab_renders_and_its_kpis_match_the_warehouse(install_media_session, media_reference):
    session = install_media_session()
    problems = all_problems(media_reference)
    assert problems == {label: [] for label in TAB_LABELS}
    read = " ".join(session.queries)
    for table in ["DIM_SUBSCRIBERS", "FCT_ENGAGEMENT_DAILY", "FCT_CUSTOMER_HEALTH_SCORES", "FCT_CHURN_TRAINING", "CHURN_MODEL_REGISTRY"]:
        assert f"{MEDIA}.{table}" in read


def test_every_tab_shows_charts_and_tables_and_the_why(install_media_session, media_reference):
    install_media_session()
    busiest = next(prefix for prefix in looked_up(media_reference) if prefix)
    at = render(subscriber=busiest)
    assert_charts_or_tables_in_every_tab(at)
    board = next(t for t in at.tabs if t.label == "Churn risk").dataframe[0].value
    why = board["Why (weight x standardised feature)"]
    # The why names features with their contributions for those with a weekly observation.
    assert why.str.contains(r"\(\+\d+\.\d\d\)").any(), why.tolist()


@pytest.mark.parametrize("transform", [scaled, first_row_dropped], ids=["numbers-1pct-off", "first-row-dropped"])
def test_a_wrong_session_is_caught(install_media_session, media_reference, transform):
    install_media_session(transform)
    problems = all_problems(media_reference)
    wrong_tabs = {tab for tab, found in problems.items() if found}
    if transform is scaled:
        # Cohorts show counts of a few dozen (1% rounds away) and a ratio (unchanged by scaling both).
        assert set(TAB_LABELS) - {"Cohorts"} <= wrong_tabs, problems
    else:
        # Single-row results (the subscriber, the model) survive; the multi-row ones must not.
        assert {"Churn risk", "Engagement trends", "Cohorts"} <= wrong_tabs, problems


def test_missing_tables_are_reported_in_every_tab_not_left_blank(install_media_session):
    assert_missing_tables_reported_in_every_tab(install_media_session(), MEDIA_APP, "SFE_ANALYTICS_MEDIA")
