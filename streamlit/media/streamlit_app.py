"""Subscriber 360 in Streamlit in Snowflake: the media seed's Stage 5 dashboard over SFE_ANALYTICS_MEDIA.

Subscriber 360 (one subscriber by id prefix), Churn risk (the leaderboard of active subscribers
and why), Engagement trends, Cohorts (the retention triangle) and Model (the churn model and its
deploy gate). The queries live in queries.sql beside this file. Deployed by
`c360-demo deploy --pack media` (CREATE OR REPLACE STREAMLIT with this file as MAIN_FILE); tested
by test/streamlit/ with Streamlit's AppTest against the local DuckDB warehouse.
"""

import importlib.util
import json
import math
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

# Deployed, the shared module sits beside this file on the stage; in a checkout it is in streamlit/shared/.
if importlib.util.find_spec("c360_streamlit") is None:
    sys.path.append(str(Path(__file__).resolve().parents[1] / "shared"))

from c360_streamlit import count, money_cents, query_runner, show_tab, table  # noqa: E402

TIER_CHOICES = {"High": ["High"], "High and Medium": ["High", "Medium"], "All": ["High", "Medium", "Low"]}
run = query_runner(Path(__file__).with_name("queries.sql"))


def show(tab):
    """Renders a tab; a failed query is shown in it, with what to do, instead of stopping the app."""
    show_tab(
        tab,
        lambda err: (
            f"Could not read CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA ({err}). Build it first "
            "(`c360-demo pipeline --pack media --backend snowflake`, then the churn model's scripts in "
            "@SFE_ANALYTICS_MEDIA.SFE_SCRIPTS) and check that the app's owner role may read the media schemas."
        ),
    )


def score(value):
    return f"{float(value):.3f}"


def one_decimal(value):
    return f"{float(value):.1f}"


def present(value):
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and not pd.isna(value)


def day(value):
    return f"{pd.to_datetime(value):%Y-%m-%d}" if present(value) else "—"


def reasons(row, design, weights, top=2):
    """The features raising a subscriber's risk most: weight x standardised value (log1p first where
    the model takes it), as the presenter's churn scene computes them."""
    parts = []
    for i, term in enumerate(design):
        source = term.get("source")
        if term.get("kind") != "numeric" or not source or not present(row.get(source)):
            continue
        value = float(row[source])
        x = math.log1p(max(0.0, value)) if term.get("transform") == "log1p" else value
        contribution = (weights[i] if i < len(weights) else 0) * ((x - term["mean"]) / (term["sd"] or 1))
        if contribution > 0:
            shown = f"{int(value)}" if value.is_integer() else f"{value:.1f}"
            parts.append((contribution, f"{source.replace('_', ' ')} {shown} (+{contribution:.2f})"))
    parts.sort(key=lambda p: -p[0])
    return ", ".join(label for _, label in parts[:top])


def subscriber_tab():
    prefix = st.text_input("Subscriber id (or its first characters; empty: the subscriber most at risk)", key="subscriber").strip()
    profile = run("sub360_profile", (prefix,))
    if profile.empty:
        st.info(f"No subscriber's id starts with {prefix!r}.")
        return
    row = profile.iloc[0]
    st.subheader(f"Subscriber {row['subscriber_id']}")
    st.caption(
        f"{row['demographic_segment']}, signed up {day(row['signup_date'])}"
        + (f", cancelled {day(row['cancel_date'])}" if present(row["cancel_date"]) else "")
        + f"; as of {day(row['as_of_date'])}."
    )
    first, second, third, fourth = st.columns(4)
    first.metric("Plan", str(row["plan"]))
    second.metric("Status", str(row["subscription_status"]))
    third.metric("Tenure (days)", count(row["tenure_days"]))
    fourth.metric("Lifetime value", money_cents(row["lifetime_value"]))
    first, second, third, fourth = st.columns(4)
    first.metric("Articles, last 30 days", count(row["articles_30d"]), help=f"On {count(row['reading_days_30d'])} days.")
    second.metric("Engagement, last 30 days", one_decimal(row["engagement_30d"]), help="Average daily engagement score on the days read.")
    third.metric("Support tickets, last 90 days", count(row["tickets_90d"]))
    if present(row["churn_risk_score"]):
        fourth.metric("Churn risk", score(row["churn_risk_score"]), help=f"{row['risk_tier']} tier, scored {day(row['score_date'])}.")
    else:
        fourth.metric("Churn risk", "not scored")

    weekly = run("sub360_weekly", (str(row["subscriber_id"]),))
    st.subheader("Articles read per week")
    if weekly.empty:
        st.info("No reading recorded.")
    else:
        weekly["week"] = pd.to_datetime(weekly["week"])
        st.bar_chart(weekly, x="week", y="articles")
    tickets = run("sub360_tickets", (str(row["subscriber_id"]),))
    st.subheader("Support tickets, newest first")
    table(
        tickets,
        {
            "created_at": "Opened",
            "category": "Category",
            "priority": "Priority",
            "status": "Status",
            "satisfaction_score": "Satisfaction",
        },
    )


def churn_tab():
    tiers = run("churn_tiers")
    model = run("churn_model")
    if tiers.empty:
        st.info("No churn scores yet: the daily scoring task scores only with a deployed model (see the Model tab).")
        return
    by_tier = dict(zip(tiers["risk_tier"], tiers["subscribers"]))
    st.caption(f"Active subscribers scored {day(tiers['score_date'].max())}.")
    first, second, third, fourth = st.columns(4)
    first.metric("Active subscribers scored", count(tiers["subscribers"].sum()))
    second.metric("High risk", count(by_tier.get("High", 0)))
    third.metric("Medium risk", count(by_tier.get("Medium", 0)))
    fourth.metric("Low risk", count(by_tier.get("Low", 0)))
    st.subheader("Active subscribers per risk tier")
    st.bar_chart(tiers, x="risk_tier", y="subscribers")

    choice = st.radio("Show", list(TIER_CHOICES), horizontal=True, key="tiers")
    board = run("churn_leaderboard")
    shown = board[board["risk_tier"].isin(TIER_CHOICES[choice])].copy()
    design, weights = [], []
    if not model.empty:
        try:
            coefficients = json.loads(model.iloc[0]["coefficients"] or "{}")
            design, weights = coefficients.get("design", []), coefficients.get("weights", [])
        except (TypeError, ValueError):
            st.warning("The model's coefficients are not readable: no why shown.")
    shown["why"] = [
        reasons(r, design, weights) or "no feature above average" if present(r.get("observation_date")) else "no weekly observation yet"
        for r in shown.to_dict("records")
    ]
    st.metric("Subscribers listed", count(len(shown)), help="The 100 riskiest of each tier shown.")
    table(
        shown[["board_subscriber_id", "plan", "tenure_days", "lifetime_value", "churn_risk_score", "risk_tier", "why"]],
        {
            "board_subscriber_id": "Subscriber",
            "plan": "Plan",
            "tenure_days": "Tenure (days)",
            "lifetime_value": "Lifetime value ($)",
            "churn_risk_score": "Churn risk",
            "risk_tier": "Tier",
            "why": "Why (weight x standardised feature)",
        },
    )


def engagement_tab():
    weekly = run("engagement_weekly")
    segments = run("engagement_segments")
    if weekly.empty:
        st.info("No engagement recorded yet.")
        return
    latest = weekly.iloc[-1]
    st.caption(f"Latest week: {day(latest['week'])} ({count(latest['days'])} days recorded).")
    first, second, third, fourth = st.columns(4)
    first.metric("Readers, latest week", count(latest["readers"]))
    second.metric("Articles, latest week", count(latest["articles"]))
    third.metric("Hours read, latest week", one_decimal(latest["hours_read"]))
    fourth.metric("Articles, all weeks", count(weekly["articles"].sum()))
    weekly["week"] = pd.to_datetime(weekly["week"])
    st.subheader("Readers per week")
    st.line_chart(weekly, x="week", y="readers")
    st.subheader("Average daily engagement score per week")
    st.line_chart(weekly, x="week", y="avg_engagement")
    st.subheader("Active subscribers' reading by segment, last 30 days")
    table(
        segments,
        {
            "segment": "Segment",
            "subscribers": "Active subscribers",
            "readers": "Readers",
            "articles_per_subscriber": "Articles per subscriber",
            "avg_engagement": "Avg engagement",
        },
    )


def cohorts_tab():
    cells = run("cohort_retention")
    if cells.empty:
        st.info("No subscriber signed up inside the sources' history.")
        return
    cells["retention_pct"] = 100 * cells["still_subscribed"].astype(float) / cells["signed_up"].astype(float)
    cells["cohort"] = pd.to_datetime(cells["cohort"]).dt.strftime("%Y-%m")
    sizes = cells[cells["months_after"] == 0]
    after_one = cells[cells["months_after"] == 1]
    first, second, third = st.columns(3)
    first.metric("Signup cohorts", count(len(sizes)))
    second.metric("Subscribers in cohorts", count(sizes["signed_up"].sum()))
    if not after_one.empty:
        third.metric(
            "Retained after 1 month",
            f"{100 * float(after_one['still_subscribed'].sum()) / float(after_one['signed_up'].sum()):.1f}%",
            help="Of the cohorts a month old or more.",
        )
    triangle = cells.pivot(index="cohort", columns="months_after", values="retention_pct").sort_index()
    triangle.columns = [f"+{int(c)} mo" for c in triangle.columns]
    st.subheader("Still subscribed (%) by signup month, months after signup")
    st.dataframe(triangle.round(1))
    st.subheader("Cohort sizes")
    st.bar_chart(sizes, x="cohort", y="signed_up")


def model_tab():
    model = run("churn_model")
    if model.empty:
        st.info("No churn model has been trained yet: `c360-demo pipeline --pack media`.")
        return
    row = model.iloc[0]
    st.subheader(f"Model {row['model_version']}: {'deployed' if bool(row['deployed']) else 'not deployed'}")
    st.caption(f"Trained {pd.to_datetime(row['trained_at']):%Y-%m-%d %H:%M}, {count(row['heldout_rows'])} held-out rows.")
    first, second, third, fourth = st.columns(4)
    first.metric("Held-out AUC", score(row["heldout_auc"]))
    second.metric("95% CI", f"{score(row['heldout_auc_ci_low'])} to {score(row['heldout_auc_ci_high'])}")
    third.metric("Recency-only baseline", score(row["baseline_auc"]))
    fourth.metric("Shuffled-label p95", score(row["shuffled_auc_p95"]), help=f"{count(row['shuffled_fits'])} fits on shuffled labels.")
    st.metric("Gate verdict", str(row["gate_verdict"]))
    st.write(str(row["gate_reason"]))
    st.subheader("Held-out AUC against its controls")
    st.bar_chart(
        pd.DataFrame(
            {
                "figure": ["Model", "Recency-only baseline", "Shuffled-label p95"],
                "auc": [float(row["heldout_auc"]), float(row["baseline_auc"]), float(row["shuffled_auc_p95"])],
            }
        ),
        x="figure",
        y="auc",
    )
    checks = []
    try:
        checks = json.loads(row["metrics"] or "{}").get("gate", {}).get("checks", [])
    except (TypeError, ValueError, AttributeError):
        st.warning("The model's stored gate checks are not readable.")
    if checks:
        st.subheader("Deploy gate checks")
        st.dataframe(
            pd.DataFrame(
                [{"Check": c.get("name"), "Observed": c.get("value"), "Bar": c.get("bar"), "Passed": bool(c.get("passed"))} for c in checks]
            ),
            hide_index=True,
        )


st.set_page_config(page_title="Subscriber 360", layout="wide")
st.title("Subscriber 360: media subscriptions")
subscriber, churn, engagement, cohorts, model_ = st.tabs(["Subscriber 360", "Churn risk", "Engagement trends", "Cohorts", "Model"])
with subscriber:
    show(subscriber_tab)
with churn:
    show(churn_tab)
with engagement:
    show(engagement_tab)
with cohorts:
    show(cohorts_tab)
with model_:
    show(model_tab)
