-- As the consumer: a raw table that is not granted (refused)
SELECT *
FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS
LIMIT 5;
