-- Approved spend per customer and month (about 50k x 18 rows at full scale): the grain that the
-- monthly metrics and lifetime value need, so they do not each re-scan FCT_TRANSACTIONS.
-- Incremental by month (rebuilt_months()): a later run re-aggregates only the latest months.
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}
select
    customer_id,
    customer_segment,
    transaction_month,
    count(*)                        as transactions,
    sum(transaction_amount)         as total_spend
from {{ ref('fct_transactions') }}
where is_approved
  and {{ rebuilt_months() }}
group by customer_id, customer_segment, transaction_month
