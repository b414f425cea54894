-- Customer dimension, SCD Type 2 on the credit limit: one version per limit in force.
-- Version 1 starts at account opening with the opening limit; every credit-limit change starts a
-- new version. valid_to is the next version's valid_from (exclusive); the current version has
-- valid_to null and is_current true.
-- Incremental: a later run computes every version again (68k rows at full scale, cheap) but writes
-- only the versions of customers whose versions differ from the stored ones, replacing all of that
-- customer's versions (none, when only transactions arrived); rewriting the whole table was 12 MB of
-- write-ahead log per run. Customers are never removed from BRONZE_CUSTOMERS (a new warehouse is
-- built with --full-refresh, which the pipeline always does), so no stored customer goes missing.
{{ config(materialized='incremental', unique_key='customer_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

with customers as (
    select * from {{ ref('stg_bronze__customers') }}
),

changes as (
    select * from {{ ref('stg_bronze__credit_limit_changes') }}
),

first_change as (
    select
        customer_id,
        previous_credit_limit as opening_credit_limit,
        row_number() over (partition by customer_id order by effective_date, change_id) as change_rank
    from changes
),

opening_versions as (
    select
        c.customer_id,
        c.account_open_date                                        as valid_from,
        coalesce(f.opening_credit_limit, c.credit_limit)           as credit_limit,
        'account opened'                                           as change_reason,
        cast(0 as bigint)                                          as change_order
    from customers as c
    left join first_change as f
        on f.customer_id = c.customer_id
       and f.change_rank = 1
),

change_versions as (
    select
        ch.customer_id,
        ch.effective_date                                          as valid_from,
        ch.new_credit_limit                                        as credit_limit,
        ch.change_reason,
        ch.change_id                                               as change_order
    from changes as ch
    inner join customers as c
        on c.customer_id = ch.customer_id
),

versions as (
    select * from opening_versions
    union all
    select * from change_versions
),

sequenced as (
    select
        customer_id,
        valid_from,
        credit_limit,
        change_reason,
        row_number() over (partition by customer_id order by valid_from, change_order) as version_number,
        lead(valid_from) over (partition by customer_id order by valid_from, change_order) as next_valid_from
    from versions
),

dimension as (
    select
        {{ dbt.hash(dbt.concat(["s.customer_id", "'-'", "cast(s.version_number as " ~ dbt.type_string() ~ ")"])) }} as customer_sk,
        s.customer_id,
        s.version_number,
        c.first_name,
        c.last_name,
        c.email,
        c.age,
        c.state,
        c.city,
        c.employment_status,
        c.card_type,
        s.credit_limit,
        s.change_reason,
        c.account_open_date,
        c.customer_segment,
        c.decline_type,
        s.valid_from,
        s.next_valid_from                                              as valid_to,
        s.next_valid_from is null                                      as is_current
    from sequenced as s
    inner join customers as c
        on c.customer_id = s.customer_id
)

{%- if is_incremental() %},

-- Customers with a new or changed version, or a stored version that no longer exists.
changed_customers as (
    select customer_id from (select * from dimension except select * from {{ this }}) as new_or_changed
    union
    select customer_id from (select * from {{ this }} except select * from dimension) as replaced
)
{%- endif %}

select * from dimension
{%- if is_incremental() %}
where customer_id in (select customer_id from changed_customers)
{%- endif %}
