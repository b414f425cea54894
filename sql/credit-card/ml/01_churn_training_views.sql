-- Churn model on Snowflake, step 1 of 4: the training, held-out and scoring sets.
--
-- The feature table is the same one the local model uses: GOLD.FCT_CHURN_TRAINING, built by dbt
-- from dbt/models/ml/fct_churn_training.sql (`dbt build` / EXECUTE DBT PROJECT). Definition of
-- the label and of every feature: docs/churn.md. In short: one row per customer active in the
-- calendar month before a monthly cutoff (the first day of a month); churned_next_month = 1 when
-- the customer makes no approved transaction in the calendar month from the cutoff on; features
-- read only data before the cutoff. No generator-only column (customer_segment, decline_type) is a
-- feature: the feature table does not have them.
--
-- The split is by date, never by row: the earliest cutoffs holding ~80% of the labelled rows
-- train the model, the later cutoffs are held out, every row of them. The feature list below is
-- the local model's (local-ml/features.ts); test/churn/snowflake-sql.test.ts keeps them equal.
-- Run as the role that owns the GOLD schema.
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

-- The first held-out cutoff: where the running share of labelled rows passes 80%.
CREATE OR REPLACE VIEW GOLD.V_CHURN_SPLIT AS
WITH per_cutoff AS (
    SELECT cutoff_date, COUNT(*) AS row_count
    FROM GOLD.FCT_CHURN_TRAINING
    WHERE NOT is_scoring_snapshot
    GROUP BY cutoff_date
),
running AS (
    SELECT
        cutoff_date,
        SUM(row_count) OVER (ORDER BY cutoff_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_rows,
        SUM(row_count) OVER () AS total_rows
    FROM per_cutoff
)
SELECT MIN(cutoff_date) AS split_date
FROM running
WHERE running_rows > 0.8 * total_rows;

-- Training rows: which row (customer, cutoff), the model's features and the label.
CREATE OR REPLACE VIEW GOLD.V_CHURN_TRAIN_ROWS AS
SELECT
    f.customer_id, f.cutoff_date,
    f.tx_count_1m, f.tx_count_3m, f.days_since_last_tx, f.avg_amount_3m,
    f.spend_trend_1m_3m, f.spend_trend_2m_3m, f.spend_trend_1m_2m, f.decline_rate_3m, f.credit_utilisation_1m,
    f.tenure_days, f.avg_amount_1m, f.category_count_1m, f.decline_rate_1m, f.online_share_1m, f.online_share_shift,
    f.mobile_share_1m, f.mobile_share_shift, f.discretionary_share_shift, f.share_travel_1m, f.share_dining_1m,
    f.share_grocery_1m, f.share_gas_1m, f.share_retail_1m, f.share_entertainment_1m, f.share_utilities_1m,
    f.share_healthcare_1m, f.share_home_improvement_1m, f.share_digital_services_1m, f.share_travel_shift,
    f.share_dining_shift, f.share_grocery_shift, f.share_gas_shift, f.share_retail_shift, f.share_entertainment_shift,
    f.share_utilities_shift, f.share_healthcare_shift, f.share_home_improvement_shift, f.share_digital_services_shift,
    f.card_type,
    f.churned_next_month
FROM GOLD.FCT_CHURN_TRAINING AS f
CROSS JOIN GOLD.V_CHURN_SPLIT AS s
WHERE NOT f.is_scoring_snapshot
  AND f.cutoff_date < s.split_date;

-- The model's inputs: features and the label, nothing that identifies the row.
CREATE OR REPLACE VIEW GOLD.V_CHURN_TRAIN AS
SELECT * EXCLUDE (customer_id, cutoff_date)
FROM GOLD.V_CHURN_TRAIN_ROWS;

-- Held-out rows (every row of the later cutoffs), with their ids for the bootstrap and the label.
CREATE OR REPLACE VIEW GOLD.V_CHURN_HOLDOUT AS
SELECT f.*
FROM GOLD.FCT_CHURN_TRAINING AS f
CROSS JOIN GOLD.V_CHURN_SPLIT AS s
WHERE NOT f.is_scoring_snapshot
  AND f.cutoff_date >= s.split_date;

-- The at-risk list's population: the scoring snapshot of customers who can still be saved, i.e.
-- with at least one approved transaction in the 30 days up to the as-of date (the last day of
-- history), and how many days they have been silent.
CREATE OR REPLACE VIEW GOLD.V_CHURN_SCORING AS
WITH as_of AS (
    SELECT MAX(transaction_date) AS as_of_date FROM GOLD.FCT_TRANSACTIONS
),
active AS (
    SELECT t.customer_id, DATEDIFF('day', MAX(t.transaction_date), MAX(a.as_of_date)) AS days_silent
    FROM GOLD.FCT_TRANSACTIONS AS t
    CROSS JOIN as_of AS a
    WHERE t.is_approved
    GROUP BY t.customer_id
    HAVING MAX(t.transaction_date) > MAX(a.as_of_date) - 30
)
SELECT f.*, a.days_silent
FROM GOLD.FCT_CHURN_TRAINING AS f
JOIN active AS a ON a.customer_id = f.customer_id
WHERE f.is_scoring_snapshot;
