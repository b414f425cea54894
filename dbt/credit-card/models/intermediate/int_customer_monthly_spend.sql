-- Approved spend per customer and month (about 50k x 18 rows at full scale): the grain that the
-- monthly metrics and lifetime value need, so they do not each re-scan FCT_TRANSACTIONS.
-- Read from SILVER.INT_CUSTOMER_MONTHS (its approved count and spend), not from the 11M
-- transactions again; the segment is the customer's, as FCT_TRANSACTIONS carries it. The spend
-- stays decimal(18, 2), stored as 64-bit integers: DuckDB reads the 128-bit decimal(38, 2) of a
-- plain sum() about 30 times slower, and the monthly metrics sum it again anyway.
-- Incremental by month (rebuilt_months()): a later run rebuilds only the latest months.
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}
select
    m.customer_id,
    c.customer_segment,
    m.transaction_month,
    cast(m.approved_count as bigint)            as transactions,
    m.approved_amount                           as total_spend
from {{ ref('int_customer_months') }} as m
left join {{ ref('stg_bronze__customers') }} as c
    on c.customer_id = m.customer_id
where m.approved_count > 0
  and {{ rebuilt_months('m.transaction_month') }}
