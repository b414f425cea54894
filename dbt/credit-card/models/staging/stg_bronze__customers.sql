-- One row per customer: trimmed, typed, de-duplicated (the latest-loaded row of a duplicated id wins).
-- A table, unlike the other staging models: a dozen tests and four models read it, and as a view
-- each of them ranked the 50k customers again (about 25 ms each time). Incremental like
-- DIM_CUSTOMER: a later run computes every row but writes only the customers whose row changed
-- (none, when only transactions arrived; rewriting it was 5.6 MB of write-ahead log per run).
-- Customers are never removed from BRONZE_CUSTOMERS (a new warehouse is built with --full-refresh,
-- which the pipeline always does), so no stored row goes missing.
{{ config(materialized='incremental', unique_key='customer_id', incremental_strategy='delete+insert', on_schema_change='fail') }}
with source as (
    select * from {{ source('bronze', 'bronze_customers') }}
),

typed as (
    select
        trim(customer_id)                                    as customer_id,
        trim(first_name)                                     as first_name,
        trim(last_name)                                      as last_name,
        lower(trim(email))                                   as email,
        cast(age as integer)                                 as age,
        upper(trim(state))                                   as state,
        trim(city)                                           as city,
        trim(employment_status)                              as employment_status,
        trim(card_type)                                      as card_type,
        cast(credit_limit as decimal(12, 2))                 as credit_limit,
        cast(account_open_date as date)                      as account_open_date,
        trim(customer_segment)                               as customer_segment,
        nullif(trim(decline_type), '')                       as decline_type
    from source
    where customer_id is not null
),

deduplicated as (
    select
        *,
        row_number() over (partition by customer_id order by account_open_date desc, email) as row_num
    from typed
)

select
    customer_id,
    first_name,
    last_name,
    email,
    age,
    state,
    city,
    employment_status,
    card_type,
    credit_limit,
    account_open_date,
    customer_segment,
    decline_type
from deduplicated
where row_num = 1
{%- if is_incremental() %}
except
select * from {{ this }}
{%- endif %}
