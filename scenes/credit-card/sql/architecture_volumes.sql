-- Raw volumes in the bronze layer
SELECT (SELECT COUNT(*) FROM BRONZE.BRONZE_CUSTOMERS)                AS customers,
       (SELECT COUNT(*) FROM BRONZE.BRONZE_TRANSACTIONS)             AS transactions,
       (SELECT MIN(transaction_date) FROM BRONZE.BRONZE_TRANSACTIONS) AS first_transaction,
       (SELECT MAX(transaction_date) FROM BRONZE.BRONZE_TRANSACTIONS) AS last_transaction;
