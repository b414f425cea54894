-- Small pre-aggregate for the presenter: month x segment x channel x category (a few thousand rows),
-- so segment mix, monthly trend and channel/category mix queries stay fast at full scale.
-- (Active-customer counts are not additive across these cells: see METRIC_MOM_SPEND_CHANGE.)
select
    transaction_month,
    customer_segment,
    channel,
    merchant_category,
    sum(case when is_approved then 1 else 0 end)                    as approved_transactions,
    sum(case when is_approved then 0 else 1 end)                    as declined_transactions,
    sum(case when is_approved then transaction_amount else 0 end)   as total_spend
from {{ ref('fct_transactions') }}
group by transaction_month, customer_segment, channel, merchant_category
