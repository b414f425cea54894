-- Approved spend per customer and month (about 50k x 18 rows at full scale): the grain that the
-- monthly metrics and lifetime value need, so they do not each re-scan FCT_TRANSACTIONS.
select
    customer_id,
    customer_segment,
    transaction_month,
    count(*)                        as transactions,
    sum(transaction_amount)         as total_spend
from {{ ref('fct_transactions') }}
where is_approved
group by customer_id, customer_segment, transaction_month
