-- Approved spend per customer and month (about 50k x 16 rows at full scale): the grain that the
-- monthly metrics and lifetime value need. Read from SILVER.INT_CUSTOMER_MONTHS (the months with
-- an approved transaction), not from FCT_TRANSACTIONS again.
select
    customer_id,
    customer_segment,
    month_start                     as transaction_month,
    approved_count                  as transactions,
    cast(approved_amount as decimal(38, 2)) as total_spend
from {{ ref('int_customer_months') }}
where approved_count > 0
