-- DIM_DATE has exactly var('dim_date_days') (580) consecutive days.
select
    count(*) as days,
    count(distinct date_day) as distinct_days
from {{ ref('dim_date') }}
having count(*) <> {{ var('dim_date_days') }}
    or count(distinct date_day) <> {{ var('dim_date_days') }}
    or {{ dbt.datediff('min(date_day)', 'max(date_day)', 'day') }} <> {{ var('dim_date_days') }} - 1
