-- Transactions: approved spend by merchant category
SELECT merchant_category,
       SUM(total_spend)           AS total_spend,
       SUM(approved_transactions) AS approved_transactions
FROM GOLD.AGG_MONTHLY_SPEND
GROUP BY merchant_category
ORDER BY total_spend DESC;
