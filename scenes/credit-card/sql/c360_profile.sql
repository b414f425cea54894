-- One customer's 360 profile, looked up by id
SELECT *
FROM GOLD.CUSTOMER_360_PROFILE
WHERE customer_id = {{customer_id}};
