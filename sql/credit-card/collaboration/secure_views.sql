-- =====================================================================================
-- The secure views the customer_360_insights share exposes. Secure: a consumer sees rows, never
-- the view's definition or the tables underneath. No personal data leaves: no names, e-mails or
-- cities; ages and credit limits in bands.
--
-- Run by the refresh_analytics_views task (EXECUTE IMMEDIATE FROM the stage) and by
-- `pipeline --via local`. COPY GRANTS keeps the share's SELECT grants when a view is replaced.
-- Locally, `c360-demo share` / the 'share refresh' stage runs these same statements on DuckDB
-- (which has no SECURE views: the emulation's consumer catalogue enforces the same rule).
-- =====================================================================================

-- One row per customer: segment, behaviour and churn risk, without personal data.
CREATE OR REPLACE SECURE VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS COPY GRANTS AS
SELECT
  p.customer_id,
  p.state,
  CASE
    WHEN p.age < 25 THEN '18-24'
    WHEN p.age < 35 THEN '25-34'
    WHEN p.age < 45 THEN '35-44'
    WHEN p.age < 55 THEN '45-54'
    WHEN p.age < 65 THEN '55-64'
    ELSE '65+'
  END                                   AS age_band,
  p.card_type,
  CASE
    WHEN p.credit_limit < 5000 THEN 'under 5k'
    WHEN p.credit_limit < 15000 THEN '5k-15k'
    ELSE '15k+'
  END                                   AS credit_limit_band,
  p.customer_segment,
  p.lifetime_transactions,
  p.lifetime_spend,
  p.avg_transaction_value,
  p.spend_last_90d,
  p.spend_trend_pct,
  p.days_since_last_transaction,
  p.favourite_category,
  p.preferred_channel,
  p.churn_risk_tier
FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE AS p;

-- Rolling 90-day metrics by segment.
CREATE OR REPLACE SECURE VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY COPY GRANTS AS
SELECT
  s.customer_segment,
  s.as_of_date,
  s.customers,
  s.active_customers,
  s.total_spend_90d,
  s.avg_spend_per_customer_90d,
  s.avg_transaction_value_90d,
  s.spend_share_pct,
  s.decline_rate_pct
FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_SEGMENTS AS s;

-- What the share exposes (the share is created by `c360-demo deploy`, create_share.sql). Granting
-- again after a COPY GRANTS replace changes nothing.
GRANT SELECT ON VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS TO SHARE customer_360_insights;
GRANT SELECT ON VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY TO SHARE customer_360_insights;
