-- Calendar: var('dim_date_days') (580) days from the first month with transactions.
-- A portable number spine (no generate_series), so it runs unchanged on every adapter.
with digits as (
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

numbers as (
    select hundreds.d * 100 + tens.d * 10 + ones.d as day_offset
    from digits as hundreds
    cross join digits as tens
    cross join digits as ones
    union all
    select 1000 + hundreds.d * 100 + tens.d * 10 + ones.d
    from digits as hundreds
    cross join digits as tens
    cross join digits as ones
),

bounds as (
    select cast({{ dbt.date_trunc('month', 'min(transaction_date)') }} as date) as first_day
    from {{ ref('fct_transactions') }}
),

days as (
    select cast({{ dbt.dateadd('day', 'n.day_offset', 'b.first_day') }} as date) as date_day
    from numbers as n
    cross join bounds as b
    where n.day_offset < {{ var('dim_date_days') }}
)

select
    date_day,
    cast(extract(year from date_day) as integer)                       as year_number,
    cast(extract(quarter from date_day) as integer)                    as quarter_number,
    cast(extract(month from date_day) as integer)                      as month_number,
    cast(extract(day from date_day) as integer)                        as day_of_month,
    {{ day_of_week_iso('date_day') }}                                  as day_of_week,
    {{ day_of_week_iso('date_day') }} in (6, 7)                        as is_weekend,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date)            as month_start,
    cast({{ dbt.date_trunc('quarter', 'date_day') }} as date)          as quarter_start
from days
