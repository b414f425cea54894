-- =====================================================================================
-- 02 Pre-generation EDA: what the customers look like before their transactions are generated
-- (after CALL BRONZE.GENERATE_CUSTOMERS, before generate_transactions.sql). Expected from the
-- seed: segment mix 15/40/25/10/10 %, Declining split into gradual/sudden, New & Growing opened
-- inside the 18-month window, credit limits by segment.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

-- Segment mix against the seed's shares.
SELECT
  customer_segment,
  COUNT(*) AS customers,
  ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS pct,
  CASE customer_segment
    WHEN 'High-Value Travelers' THEN 15 WHEN 'Stable Mid-Spenders' THEN 40 WHEN 'Budget-Conscious' THEN 25
    WHEN 'Declining' THEN 10 WHEN 'New & Growing' THEN 10 END AS expected_pct
FROM BRONZE.BRONZE_CUSTOMERS
GROUP BY customer_segment
ORDER BY customers DESC;

-- Declining customers: how they decline.
SELECT decline_type, COUNT(*) AS customers
FROM BRONZE.BRONZE_CUSTOMERS
WHERE customer_segment = 'Declining'
GROUP BY decline_type
ORDER BY customers DESC;

-- Age, credit limit and tenure by segment.
SELECT
  customer_segment,
  MIN(age) AS min_age,
  ROUND(AVG(age), 1) AS avg_age,
  MAX(age) AS max_age,
  MIN(credit_limit) AS min_limit,
  ROUND(AVG(credit_limit), 0) AS avg_limit,
  MAX(credit_limit) AS max_limit,
  MIN(account_open_date) AS first_opened,
  MAX(account_open_date) AS last_opened
FROM BRONZE.BRONZE_CUSTOMERS
GROUP BY customer_segment
ORDER BY customer_segment;

-- Card types within each segment.
SELECT customer_segment, card_type, COUNT(*) AS customers,
       ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY customer_segment), 1) AS pct_of_segment
FROM BRONZE.BRONZE_CUSTOMERS
GROUP BY customer_segment, card_type
ORDER BY customer_segment, customers DESC;

-- Employment status and the ten largest states.
SELECT employment_status, COUNT(*) AS customers FROM BRONZE.BRONZE_CUSTOMERS GROUP BY 1 ORDER BY 2 DESC;
SELECT state, COUNT(*) AS customers FROM BRONZE.BRONZE_CUSTOMERS GROUP BY 1 ORDER BY 2 DESC LIMIT 10;

-- Data quality of the customer table itself.
SELECT
  COUNT(*) AS customers,
  COUNT(DISTINCT customer_id) AS distinct_ids,
  COUNT_IF(email IS NULL OR email NOT LIKE '%@%') AS bad_emails,
  COUNT_IF(age NOT BETWEEN 18 AND 100) AS ages_out_of_range,
  COUNT_IF(credit_limit <= 0) AS non_positive_limits,
  COUNT_IF(customer_segment = 'Declining' AND decline_type IS NULL) AS declining_without_type,
  COUNT_IF(customer_segment <> 'Declining' AND decline_type IS NOT NULL) AS decline_type_outside_declining
FROM BRONZE.BRONZE_CUSTOMERS;

-- Credit-limit history (the SCD Type 2 source): changes per segment and direction.
SELECT
  c.customer_segment,
  COUNT(*) AS changes,
  COUNT_IF(l.new_credit_limit > l.previous_credit_limit) AS increases,
  COUNT_IF(l.new_credit_limit < l.previous_credit_limit) AS decreases
FROM BRONZE.BRONZE_CREDIT_LIMIT_CHANGES AS l
JOIN BRONZE.BRONZE_CUSTOMERS AS c USING (customer_id)
GROUP BY c.customer_segment
ORDER BY c.customer_segment;
