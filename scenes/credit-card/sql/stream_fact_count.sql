-- Rows in the fact table (before and after the MERGE)
SELECT COUNT(*) AS fact_rows
FROM GOLD.FCT_TRANSACTIONS;
