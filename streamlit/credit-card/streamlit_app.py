"""Customer 360 in Streamlit in Snowflake: the seed's four tabs over CUSTOMER_ANALYTICS.GOLD.

Overview (KPIs and trends), Segments, Transactions (patterns and categories) and Churn (at-risk
customers). The queries live in queries.sql beside this file. Deployed by `c360-demo deploy`
(CREATE OR REPLACE STREAMLIT with this file as MAIN_FILE); tested by test/streamlit/ with
Streamlit's AppTest against the local DuckDB warehouse.
"""

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

# Deployed, the shared module sits beside this file on the stage; in a checkout it is in streamlit/shared/.
if importlib.util.find_spec("c360_streamlit") is None:
    sys.path.append(str(Path(__file__).resolve().parents[1] / "shared"))

from c360_streamlit import count, money, money_cents, percent, query_runner, show_tab, table  # noqa: E402

SEGMENT_ORDER = ["High-Value Travelers", "Stable Mid-Spenders", "Budget-Conscious", "Declining", "New & Growing"]
TIER_CHOICES = {"High": ["High"], "High and Medium": ["High", "Medium"]}
run = query_runner(Path(__file__).with_name("queries.sql"))


def show(tab):
    """Renders a tab; a failed query is shown in it, with what to do, instead of stopping the app."""
    show_tab(
        tab,
        lambda err: (
            f"Could not read CUSTOMER_ANALYTICS.GOLD ({err}). Build it first "
            "(EXECUTE TASK BRONZE.generate_customer_data, or `c360-demo pipeline --backend snowflake`) "
            "and check that the app's owner role may read GOLD."
        ),
    )


def change(current, previous):
    """Percentage change, or None when there is nothing to compare with."""
    if previous is None or pd.isna(previous) or float(previous) == 0:
        return None
    return f"{100 * (float(current) - float(previous)) / float(previous):+.1f}%"


def overview_tab():
    kpis = run("overview_kpis").iloc[0]
    transactions = run("overview_transactions").iloc[0]
    at_risk = run("overview_at_risk").iloc[0]
    st.caption(f"As of {pd.to_datetime(kpis['as_of_date']):%Y-%m-%d} (last approved transaction).")
    first, second, third, fourth = st.columns(4)
    first.metric("Customers", count(kpis["customers"]))
    second.metric("Active customers (90 days)", count(kpis["active_customers_90d"]))
    third.metric("Transactions", count(transactions["transactions"]))
    fourth.metric("Approval rate", percent(100 * float(transactions["approved_transactions"]) / float(transactions["transactions"])))
    first, second, third, fourth = st.columns(4)
    first.metric("Lifetime approved spend", money(kpis["lifetime_spend"]))
    second.metric(
        "Spend, last 90 days",
        money(kpis["spend_last_90d"]),
        delta=change(kpis["spend_last_90d"], kpis["spend_prior_90d"]),
        help="Against the 90 days before.",
    )
    third.metric("Average transaction", money_cents(kpis["avg_transaction_value"]))
    fourth.metric("High churn risk", count(at_risk["high_risk_customers"]), help="Active customers in the model's top 5%.")

    trend = run("monthly_trend")
    trend["transaction_month"] = pd.to_datetime(trend["transaction_month"])
    st.subheader("Monthly approved spend")
    st.line_chart(trend, x="transaction_month", y="total_spend")
    st.subheader("Active customers per month")
    st.bar_chart(trend, x="transaction_month", y="active_customers")


def segments_tab():
    summary = run("segment_summary")
    st.subheader("Segments, last 90 days")
    table(
        summary,
        {
            "customer_segment": "Segment",
            "customers": "Customers",
            "active_customers": "Active",
            "total_spend_90d": "Spend 90d ($)",
            "avg_spend_per_customer_90d": "Spend per customer ($)",
            "avg_transaction_value_90d": "Avg ticket ($)",
            "spend_share_pct": "Spend share (%)",
            "decline_rate_pct": "Declined (%)",
            "active_rate_pct": "Active (%)",
            "avg_lifetime_value": "Avg lifetime value ($)",
        },
    )
    present = [s for s in SEGMENT_ORDER if s in set(summary["customer_segment"])]
    segment = st.selectbox("Segment", present + sorted(set(summary["customer_segment"]) - set(present)), key="segment")
    row = summary[summary["customer_segment"] == segment].iloc[0]
    first, second, third, fourth = st.columns(4)
    first.metric("Customers in segment", count(row["customers"]))
    second.metric("Segment spend, 90 days", money(row["total_spend_90d"]))
    third.metric("Segment share of spend", percent(row["spend_share_pct"]))
    fourth.metric("Segment avg lifetime value", money(row["avg_lifetime_value"]))

    st.subheader("Share of 90-day spend")
    st.bar_chart(summary, x="customer_segment", y="spend_share_pct")
    monthly = run("segment_monthly_spend")
    monthly["transaction_month"] = pd.to_datetime(monthly["transaction_month"])
    st.subheader("Monthly spend by segment")
    st.line_chart(monthly, x="transaction_month", y="total_spend", color="customer_segment")


def transactions_tab():
    categories = run("category_mix")
    channels = run("channel_mix")
    top = categories.iloc[0]
    declined = float(categories["declined_transactions"].sum())
    approved = float(categories["approved_transactions"].sum())
    first, second, third = st.columns(3)
    first.metric("Top category by spend", str(top["merchant_category"]))
    second.metric("Top category spend", money(top["total_spend"]))
    third.metric("Declined transactions", count(declined), help=f"{percent(100 * declined / (approved + declined))} of all transactions.")

    st.subheader("Approved spend by merchant category")
    st.bar_chart(categories, x="merchant_category", y="total_spend", color="spend_type")
    table(
        categories,
        {
            "merchant_category": "Category",
            "spend_type": "Type",
            "approved_transactions": "Approved",
            "declined_transactions": "Declined",
            "total_spend": "Spend ($)",
            "avg_ticket": "Avg ticket ($)",
        },
    )
    st.subheader("Channels")
    st.bar_chart(channels, x="channel", y="total_spend")
    monthly = run("category_monthly_spend")
    monthly["transaction_month"] = pd.to_datetime(monthly["transaction_month"])
    st.subheader("Monthly spend by category")
    st.area_chart(monthly, x="transaction_month", y="total_spend", color="merchant_category")


def churn_tab():
    tiers = run("churn_tiers")
    model = run("churn_model")
    if tiers.empty:
        st.info("No churn predictions yet: the churn model has not deployed a model.")
        return
    by_tier = dict(zip(tiers["risk_tier"], tiers["customers"]))
    first, second, third, fourth = st.columns(4)
    first.metric("Scored customers", count(tiers["customers"].sum()))
    second.metric("High risk", count(by_tier.get("High", 0)))
    third.metric("Medium risk", count(by_tier.get("Medium", 0)))
    if not model.empty:
        fourth.metric("Held-out AUC", f"{float(model.iloc[0]['heldout_auc']):.3f}", help=f"Recency alone: {float(model.iloc[0]['baseline_auc']):.3f}.")
        st.caption(f"Model {model.iloc[0]['model_version']}: {model.iloc[0]['gate_verdict']}.")

    st.subheader("Customers per risk tier")
    st.bar_chart(tiers, x="risk_tier", y="customers")

    choice = st.radio("Show", list(TIER_CHOICES), horizontal=True, key="tiers")
    customers = run("at_risk_customers")
    shown = customers[customers["risk_tier"].isin(TIER_CHOICES[choice])]
    st.metric("At-risk customers listed", count(len(shown)))
    st.metric("Their spend, last 90 days", money(shown["spend_last_90d"].sum()))
    table(
        shown,
        {
            "risk_rank": "Rank",
            "customer_id": "Customer",
            "customer_name": "Name",
            "customer_segment": "Segment",
            "card_type": "Card",
            "risk_tier": "Tier",
            "churn_probability": "Churn probability",
            "days_silent": "Days silent",
            "spend_last_90d": "Spend 90d ($)",
            "spend_trend_pct": "Spend trend (%)",
            "top_factor_1": "Factor 1",
            "top_factor_2": "Factor 2",
            "top_factor_3": "Factor 3",
        },
    )


st.set_page_config(page_title="Customer 360", layout="wide")
st.title("Customer 360: credit-card portfolio")
overview, segments, transactions, churn = st.tabs(["Overview", "Segments", "Transactions", "Churn"])
with overview:
    show(overview_tab)
with segments:
    show(segments_tab)
with transactions:
    show(transactions_tab)
with churn:
    show(churn_tab)
