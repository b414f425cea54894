-- Check 11: the segments behave as designed: travellers spend on travel, Declining customers'
-- spend falls over the last months, Budget-Conscious tickets are small.
WITH bounds AS (
  SELECT max(CAST(transaction_date AS DATE)) AS last_day FROM BRONZE.BRONZE_TRANSACTIONS
),
per_segment AS (
  SELECT
    c.customer_segment,
    avg(CASE WHEN t.merchant_category = 'Travel' THEN 1.0 ELSE 0.0 END) AS travel_share,
    avg(t.transaction_amount) AS avg_ticket,
    sum(CASE WHEN CAST(t.transaction_date AS DATE) > b.last_day - 90 THEN t.transaction_amount ELSE 0 END) AS last_90_spend,
    sum(CASE WHEN CAST(t.transaction_date AS DATE) > b.last_day - 270 AND CAST(t.transaction_date AS DATE) <= b.last_day - 180 THEN t.transaction_amount ELSE 0 END) AS earlier_90_spend
  FROM BRONZE.BRONZE_TRANSACTIONS AS t
  JOIN BRONZE.BRONZE_CUSTOMERS AS c ON c.customer_id = t.customer_id
  CROSS JOIN bounds AS b
  WHERE t.status = 'approved'
  GROUP BY c.customer_segment
),
facts AS (
  SELECT
    max(CASE WHEN customer_segment = 'High-Value Travelers' THEN travel_share END) AS traveller_travel_share,
    max(CASE WHEN customer_segment = 'Stable Mid-Spenders' THEN travel_share END) AS mid_travel_share,
    max(CASE WHEN customer_segment = 'Declining' THEN last_90_spend / nullif(earlier_90_spend, 0) END) AS declining_spend_ratio,
    max(CASE WHEN customer_segment = 'Budget-Conscious' THEN avg_ticket END) AS budget_ticket,
    max(CASE WHEN customer_segment = 'Stable Mid-Spenders' THEN avg_ticket END) AS mid_ticket
  FROM per_segment
)
SELECT
  'segment_patterns' AS check_name,
  CASE WHEN traveller_travel_share > 3 * mid_travel_share AND declining_spend_ratio < 0.6 AND budget_ticket < mid_ticket THEN 'pass' ELSE 'fail' END AS status,
  'travel share ' || CAST(ROUND(100 * traveller_travel_share, 1) AS VARCHAR) || '% vs ' || CAST(ROUND(100 * mid_travel_share, 1) AS VARCHAR)
    || '%; Declining last-90d spend ' || CAST(ROUND(100 * declining_spend_ratio, 0) AS VARCHAR) || '% of 6-9 months ago'
    || '; Budget ticket $' || CAST(ROUND(budget_ticket, 2) AS VARCHAR) || ' vs $' || CAST(ROUND(mid_ticket, 2) AS VARCHAR) AS observed,
  'travellers > 3x travel share; Declining < 60%; Budget ticket < Mid-Spender ticket' AS expected
FROM facts
