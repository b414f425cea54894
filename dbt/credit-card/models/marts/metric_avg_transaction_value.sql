-- Average approved transaction value by month, segment and merchant category.
-- Incremental by month (rebuilt_months()): a later run re-aggregates only the latest months.
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}
select
    transaction_month,
    customer_segment,
    merchant_category,
    count(*)                                            as transactions,
    cast(sum(transaction_amount) as decimal(18, 2))     as total_spend,
    round(sum(transaction_amount) / count(*), 2)        as avg_transaction_value,
    min(transaction_amount)                             as min_transaction_value,
    max(transaction_amount)                             as max_transaction_value
from {{ ref('fct_transactions') }}
where is_approved
  and {{ rebuilt_months() }}
group by transaction_month, customer_segment, merchant_category
