-- Average approved transaction value by month, segment and merchant category.
select
    transaction_month,
    customer_segment,
    merchant_category,
    count(*)                                            as transactions,
    sum(transaction_amount)                             as total_spend,
    round(sum(transaction_amount) / count(*), 2)        as avg_transaction_value,
    min(transaction_amount)                             as min_transaction_value,
    max(transaction_amount)                             as max_transaction_value
from {{ ref('fct_transactions') }}
where is_approved
group by transaction_month, customer_segment, merchant_category
