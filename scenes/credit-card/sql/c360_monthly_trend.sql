-- Transactions: monthly approved spend (pre-aggregated in GOLD.AGG_MONTHLY_SPEND)
SELECT transaction_month,
       SUM(total_spend)           AS total_spend,
       SUM(approved_transactions) AS approved_transactions
FROM GOLD.AGG_MONTHLY_SPEND
GROUP BY transaction_month
ORDER BY transaction_month;
