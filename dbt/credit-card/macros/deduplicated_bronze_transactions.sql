{#-
  The bronze transactions, typed, one row per transaction_id. SILVER.STG_BRONZE__TRANSACTIONS is
  this over every row. An incremental run of FCT_TRANSACTIONS passes only_ids (a query returning
  the ids to load) and de-duplicates just those ids' rows, not all 13.5M again: duplicates share
  their id, so an id's result is the same either way.
  De-duplication is set-based: rows whose id occurs once pass straight through (an anti-join on
  the, normally empty, set of duplicated ids); only duplicated ids go through row_number(),
  keeping the earliest. Over every row, each CTE reads the source itself, so no engine has to
  materialise 13.5M rows; the few rows of only_ids are one CTE that the others read.
-#}
{% macro deduplicated_bronze_transactions(only_ids=none) -%}
{%- set bronze = 'bronze_rows' if only_ids else source('bronze', 'bronze_transactions') -%}
with
{%- if only_ids %}
-- Every bronze row of those ids. An inner join on the distinct ids, not IN (...): DuckDB then
-- builds its hash table on the few ids rather than on the 13.5M rows.
bronze_rows as (
    select b.*
    from (select distinct transaction_id from ({{ only_ids }}) as listed) as ids
    inner join {{ source('bronze', 'bronze_transactions') }} as b
        on b.transaction_id = ids.transaction_id
),
{%- endif %}

duplicated_ids as (
    select transaction_id
    from {{ bronze }} as b
    where transaction_id is not null
    group by transaction_id
    having count(*) > 1
),

first_of_duplicates as (
    select
        transaction_id, customer_id, transaction_date, transaction_amount,
        merchant_name, merchant_category, channel, status
    from (
        select
            s.*,
            row_number() over (
                partition by s.transaction_id
                order by s.transaction_date, s.transaction_amount, s.merchant_name
            ) as row_num
        from {{ bronze }} as s
        inner join duplicated_ids as d
            on d.transaction_id = s.transaction_id
        where s.customer_id is not null
    ) as ranked
    where row_num = 1
),

deduplicated as (
    select
        s.transaction_id, s.customer_id, s.transaction_date, s.transaction_amount,
        s.merchant_name, s.merchant_category, s.channel, s.status
    from {{ bronze }} as s
    left join duplicated_ids as d
        on d.transaction_id = s.transaction_id
    where d.transaction_id is null
      and s.transaction_id is not null
      and s.customer_id is not null
    union all
    select * from first_of_duplicates
)

select
    cast(transaction_id as bigint)                                  as transaction_id,
    trim(customer_id)                                               as customer_id,
    cast(transaction_date as {{ transaction_timestamp_type() }})      as transaction_ts,
    cast(transaction_date as date)                                  as transaction_date,
    cast({{ dbt.date_trunc('month', 'transaction_date') }} as date) as transaction_month,
    cast(transaction_amount as decimal(10, 2))                      as transaction_amount,
    merchant_name,
    merchant_category,
    channel,
    lower(status)                                                   as status,
    lower(status) = 'approved'                                      as is_approved
from deduplicated
{%- endmacro %}
