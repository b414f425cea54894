-- Small pre-aggregate for the presenter: month x segment x channel x category (a few thousand rows),
-- so segment mix, monthly trend and channel/category mix queries stay fast at full scale.
-- (Active-customer counts are not additive across these cells: see METRIC_MOM_SPEND_CHANGE.)
-- Incremental by month (rebuilt_months()): a later run re-aggregates only the latest months.
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}
select
    transaction_month,
    customer_segment,
    channel,
    merchant_category,
    count(case when is_approved then 1 end)                         as approved_transactions,
    count(case when is_approved then null else 1 end)               as declined_transactions,
    cast(sum(case when is_approved then transaction_amount else 0 end) as decimal(18, 2)) as total_spend
from {{ ref('fct_transactions') }}
where {{ rebuilt_months() }}
group by transaction_month, customer_segment, channel, merchant_category
