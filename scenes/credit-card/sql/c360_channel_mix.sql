-- Transactions: approved spend by channel
SELECT channel,
       SUM(total_spend)           AS total_spend,
       SUM(approved_transactions) AS approved_transactions
FROM GOLD.AGG_MONTHLY_SPEND
GROUP BY channel
ORDER BY total_spend DESC;
