-- One row per customer with any transaction: spend behaviour (lifetime, last 90 days, the 90 days
-- before; the window is var('rolling_window_days')) and the favourite category and channel.
-- CUSTOMER_360_PROFILE joins this instead of aggregating FCT_TRANSACTIONS itself, so rebuilding
-- the profile after the churn model publishes new scores reads 50k rows, not 11M; CUSTOMER_SEGMENTS
-- adds up its window columns by segment.
-- FCT_TRANSACTIONS is read with ref() in each CTE that needs it: a CTE over it that several CTEs
-- read would be materialised (13.5M rows) by DuckDB.

-- Every column is a sum, a minimum or a maximum, or derived from those: the approved spend per
-- merchant category and approved transactions per channel that the favourites are ranked on are
-- kept as columns too (the ten categories the bank books, churn_categories(), which validation
-- check 10 holds the data to; the three channels of FCT_TRANSACTIONS' accepted_values test).
-- Incremental: when the as-of date is unchanged, a later run aggregates only the transactions with
-- an id above the highest one it has seen (last_transaction_id) and adds them to the stored rows of
-- those customers, which gives the same sums, minima and maxima as aggregating every transaction.
-- When the as-of date moved (the 90-day windows move with it), every transaction is aggregated
-- again. The unique key replaces the rebuilt customers' rows.
{{ config(materialized='incremental', unique_key='customer_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

{%- set categories = churn_categories() %}
{%- set channels = [
    {'name': 'In-Store', 'suffix': 'in_store'}, {'name': 'Mobile', 'suffix': 'mobile'}, {'name': 'Online', 'suffix': 'online'}
] %}

{%- set new_rows = "t.transaction_id > (select first_id from read_after)" if is_incremental() else "1 = 1" %}

-- The window boundaries are computed once here, not per transaction row. The last day of history
-- is the customer-months' (the same maximum, over 800k rows instead of 11M).
with as_of as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', -var('rolling_window_days'), 'as_of_date') }} as date)      as last_90d_after,
        cast({{ dbt.dateadd('day', -2 * var('rolling_window_days'), 'as_of_date') }} as date)  as prior_90d_after
    from (select max(last_date) as as_of_date from {{ ref('int_customer_months') }}) as latest
),
{%- if is_incremental() %}

-- Transactions after this id are aggregated: the highest one the stored rows have seen, or every
-- transaction when the as-of date moved (no stored row is kept then).
read_after as (
    select coalesce(
        (select max(last_transaction_id) from {{ this }} where as_of_date = (select as_of_date from as_of)),
        (select min(transaction_id) - 1 from {{ ref('fct_transactions') }})
    ) as first_id
),
{%- endif %}

spend as (
    select
        t.customer_id,
        sum(case when t.is_approved then 1 else 0 end)                                   as lifetime_transactions,
        sum(case when t.is_approved then t.transaction_amount else 0 end)                as lifetime_spend,
        sum(case when t.is_approved then 0 else 1 end)                                   as declined_transactions,
        min(case when t.is_approved then t.transaction_date end)                         as first_transaction_date,
        max(case when t.is_approved then t.transaction_date end)                         as last_transaction_date,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_last_90d,
        sum(case when t.is_approved
                  and t.transaction_date > a.prior_90d_after
                  and t.transaction_date <= a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_prior_90d,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then 1 else 0 end)                                                      as transactions_last_90d,
        sum(case when not t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then 1 else 0 end)                                                      as declined_last_90d,
        max(t.transaction_id)                                                            as last_transaction_id
    from {{ ref('fct_transactions') }} as t
    cross join as_of as a
    where {{ new_rows }}
    group by t.customer_id
),

-- One pass for both favourites: approved activity per customer x category x channel, then one
-- column per category (spend) and per channel (transactions), null where the customer has none.
activity_mix as (
    select
        customer_id,
        merchant_category,
        channel,
        count(*)                    as transactions,
        sum(transaction_amount)     as spend
    from {{ ref('fct_transactions') }} as t
    where is_approved and {{ new_rows }}
    group by customer_id, merchant_category, channel
),

mix as (
    select
        customer_id,
        {%- for c in categories %}
        sum(case when merchant_category = '{{ c.name }}' then spend end) as spend_{{ c.suffix }},
        {%- endfor %}
        {%- for ch in channels %}
        sum(case when channel = '{{ ch.name }}' then transactions end) as transactions_{{ ch.suffix }}{{ ',' if not loop.last }}
        {%- endfor %}
    from activity_mix
    group by customer_id
),

added as (
    select s.*, m.* exclude (customer_id)
    from spend as s
    left join mix as m
        on m.customer_id = s.customer_id
),

-- The new aggregates plus the stored ones of the same customers (a full build: the aggregates).
-- Stored as bigint and decimal(18, 2), 64-bit like the amounts they add up: DuckDB reads the
-- 128-bit integers that sum() returns (hugeint, decimal(38, 2)) some 50 times slower, and every
-- incremental run and CUSTOMER_360_PROFILE read all of them.
totals as (
    select
        customer_id,
        cast(sum(lifetime_transactions) as bigint)          as lifetime_transactions,
        cast(sum(lifetime_spend) as decimal(18, 2))         as lifetime_spend,
        cast(sum(declined_transactions) as bigint)          as declined_transactions,
        min(first_transaction_date)                         as first_transaction_date,
        max(last_transaction_date)                          as last_transaction_date,
        cast(sum(spend_last_90d) as decimal(18, 2))         as spend_last_90d,
        cast(sum(spend_prior_90d) as decimal(18, 2))        as spend_prior_90d,
        cast(sum(transactions_last_90d) as bigint)          as transactions_last_90d,
        cast(sum(declined_last_90d) as bigint)              as declined_last_90d,
        max(last_transaction_id)                            as last_transaction_id,
        {%- for c in categories %}
        cast(sum(spend_{{ c.suffix }}) as decimal(18, 2))   as spend_{{ c.suffix }},
        {%- endfor %}
        {%- for ch in channels %}
        cast(sum(transactions_{{ ch.suffix }}) as bigint) as transactions_{{ ch.suffix }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select * from added
        {%- if is_incremental() %}
        union all
        select
            k.customer_id,
            k.lifetime_transactions,
            k.lifetime_spend,
            k.declined_transactions,
            k.first_transaction_date,
            k.last_transaction_date,
            k.spend_last_90d,
            k.spend_prior_90d,
            k.transactions_last_90d,
            k.declined_last_90d,
            k.last_transaction_id,
            {%- for c in categories %}
            k.spend_{{ c.suffix }},
            {%- endfor %}
            {%- for ch in channels %}
            k.transactions_{{ ch.suffix }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ this }} as k
        inner join (select customer_id from added) as changed
            on changed.customer_id = k.customer_id
        where k.as_of_date = (select as_of_date from as_of)
        {%- endif %}
    ) as parts
    group by customer_id
),

-- The favourite category (the most approved spend) and the preferred channel (the most approved
-- transactions), ties to the first name: each customer's columns of totals as rows, ranked.
{%- set favourites = [
    {'cte': 'favourite_category', 'name': 'merchant_category', 'measure': 'spend', 'choices': categories},
    {'cte': 'preferred_channel', 'name': 'channel', 'measure': 'transactions', 'choices': channels}
] %}
{%- for f in favourites %}
{{ f.cte }} as (
    select
        customer_id,
        {{ f.name }},
        row_number() over (partition by customer_id order by {{ f.measure }} desc, {{ f.name }}) as choice_rank
    from (
        {%- for c in f.choices %}
        select customer_id, '{{ c.name }}' as {{ f.name }}, {{ f.measure }}_{{ c.suffix }} as {{ f.measure }} from totals where {{ f.measure }}_{{ c.suffix }} is not null
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as choices
){{ ',' if not loop.last }}
{% endfor %}
select
    s.customer_id,
    s.lifetime_transactions,
    s.lifetime_spend,
    s.declined_transactions,
    s.first_transaction_date,
    s.last_transaction_date,
    s.spend_last_90d,
    s.spend_prior_90d,
    s.transactions_last_90d,
    s.declined_last_90d,
    cat.merchant_category                                              as favourite_category,
    ch.channel                                                         as preferred_channel,
    s.last_transaction_id,
    a.as_of_date,
    {%- for c in categories %}
    s.spend_{{ c.suffix }},
    {%- endfor %}
    {%- for ch in channels %}
    s.transactions_{{ ch.suffix }}{{ ',' if not loop.last }}
    {%- endfor %}
from totals as s
cross join as_of as a
left join favourite_category as cat
    on cat.customer_id = s.customer_id
   and cat.choice_rank = 1
left join preferred_channel as ch
    on ch.customer_id = s.customer_id
   and ch.choice_rank = 1
