-- Churn model on Snowflake, step 1 of 4: the training, held-out and scoring sets.
--
-- The feature table is the same one the local model uses: GOLD.FCT_CHURN_TRAINING, built by dbt
-- from dbt/models/ml/fct_churn_training.sql (`dbt build` / EXECUTE DBT PROJECT). Definition of
-- the label and of every feature: docs/churn.md. In short: one row per customer active in the
-- calendar month before a monthly cutoff (the first day of a month); churned_next_month = 1 when
-- the customer makes no approved transaction in the calendar month from the cutoff on; features
-- read only data before the cutoff.
--
-- The split is by date, never by row: the earliest cutoffs holding ~80% of the labelled rows
-- train the model, the later cutoffs are held out. Run as the role that owns the GOLD schema.
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

-- Training rows: the model sees features and the label, nothing that identifies the row.
CREATE OR REPLACE VIEW GOLD.V_CHURN_TRAIN AS
SELECT
    f.customer_segment, f.card_type, f.tenure_days, f.tx_count_1m, f.tx_count_3m, f.days_since_last_tx,
    f.spend_1m, f.spend_3m, f.avg_amount_3m, f.spend_trend_1m_3m, f.spend_trend_2m_3m, f.spend_trend_1m_2m,
    f.decline_rate_3m, f.credit_utilisation_1m,
    f.churned_next_month
FROM GOLD.FCT_CHURN_TRAINING AS f
CROSS JOIN GOLD.V_CHURN_SPLIT AS s
WHERE NOT f.is_scoring_snapshot
  AND f.cutoff_date < s.split_date;

-- Held-out rows (later cutoffs), with their ids for scoring and the label for the AUC.
CREATE OR REPLACE VIEW GOLD.V_CHURN_HOLDOUT AS
SELECT f.*
FROM GOLD.FCT_CHURN_TRAINING AS f
CROSS JOIN GOLD.V_CHURN_SPLIT AS s
WHERE NOT f.is_scoring_snapshot
  AND f.cutoff_date >= s.split_date;

-- Every current customer at the scoring snapshot (the day after the last day of history).
CREATE OR REPLACE VIEW GOLD.V_CHURN_SCORING AS
SELECT *
FROM GOLD.FCT_CHURN_TRAINING
WHERE is_scoring_snapshot;
