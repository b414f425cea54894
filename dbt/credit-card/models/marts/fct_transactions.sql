{{
    config(
        materialized='incremental',
        unique_key='transaction_id',
        cluster_by=['transaction_date'],
        on_schema_change='fail',
        pre_hook="{{ fact_table_settings() }}",
        post_hook="{{ reset_fact_table_settings() }}"
    )
}}
-- One row per transaction, with the customer's segment for cheap aggregation. Merchant names stay
-- in SILVER.STG_BRONZE__TRANSACTIONS: at 13.5M rows they would double the cost of writing this table.
-- Incremental: a later run only takes transactions with a new id or dated on/after the last day
-- already loaded (re-loading that day; the unique key replaces rows that are already there). It
-- de-duplicates only those ids' bronze rows (every copy of each), not the whole source again.
-- depends_on: {{ source('bronze', 'bronze_transactions') }}
with transactions as (
    {%- if is_incremental() %}
    {{ deduplicated_bronze_transactions(only_ids=
        "select transaction_id from " ~ source('bronze', 'bronze_transactions')
        ~ " where transaction_id > (select max(transaction_id) from " ~ this ~ ")"
        ~ " or cast(transaction_date as date) >= (select max(transaction_date) from " ~ this ~ ")") }}
    {%- else %}
    select * from {{ ref('stg_bronze__transactions') }}
    {%- endif %}
),

customers as (
    select customer_id, customer_segment from {{ ref('stg_bronze__customers') }}
)

select
    t.transaction_id,
    t.customer_id,
    c.customer_segment,
    t.transaction_ts,
    t.transaction_date,
    t.transaction_month,
    t.transaction_amount,
    t.merchant_category,
    t.channel,
    t.is_approved
from transactions as t
left join customers as c
    on c.customer_id = t.customer_id
