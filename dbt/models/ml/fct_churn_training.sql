{#-
  FCT_CHURN_TRAINING: the churn model's feature table (docs/churn.md).

  One row per customer per observation date ("cutoff"):
    * training rows: the first day of every month that leaves 90 days of history before it and
      30 full days after it inside the history, for customers active at the cutoff (at least one
      approved transaction in the 30 days before it), labelled;
    * one scoring row per current customer at the day after the last day of history (as-of + 1),
      so the snapshot sees every transaction up to and including the as-of date; label NULL.

  Every feature reads only transactions dated strictly before cutoff_date. The label reads only
  [cutoff_date, cutoff_date + 30 days):
    churned_next_30d = 1 when the customer has no approved transaction in the 30 days starting
    at the cutoff, 0 otherwise.

  Standard dbt SQL plus the cross-database macros (dbt.dateadd, dbt.datediff, dbt.date_trunc), so
  real dbt on DuckDB and Snowflake and the built-in runner render the same file.
-#}
{{ config(materialized='table') }}

with txn as (
    select
        customer_id,
        transaction_date as tx_date,
        transaction_amount as amount,
        is_approved
    from {{ ref('fct_transactions') }}
),

bounds as (
    select min(tx_date) as first_day, max(tx_date) as last_day
    from txn
),

month_starts as (
    select distinct cast({{ dbt.date_trunc('month', 'tx_date') }} as date) as cutoff_date
    from txn
),

cutoffs as (
    select m.cutoff_date, false as is_scoring_snapshot
    from month_starts as m
    cross join bounds as b
    where m.cutoff_date >= cast({{ dbt.dateadd('day', 90, 'b.first_day') }} as date)
      and cast({{ dbt.dateadd('day', 30, 'm.cutoff_date') }} as date) <= cast({{ dbt.dateadd('day', 1, 'b.last_day') }} as date)
    union all
    select cast({{ dbt.dateadd('day', 1, 'b.last_day') }} as date) as cutoff_date, true as is_scoring_snapshot
    from bounds as b
),

customers as (
    select
        customer_id,
        customer_segment,
        card_type,
        credit_limit,
        account_open_date
    from {{ ref('dim_customer') }}
    where is_current
),

-- Customer x observation date, only once the account is open.
snapshots as (
    select
        c.customer_id,
        k.cutoff_date,
        k.is_scoring_snapshot,
        c.customer_segment,
        c.card_type,
        c.account_open_date
    from customers as c
    cross join cutoffs as k
    where c.account_open_date < k.cutoff_date
),

daily as (
    select
        customer_id,
        tx_date,
        sum(case when is_approved then 1 else 0 end) as approved_count,
        sum(case when is_approved then amount else 0 end) as approved_amount,
        sum(case when is_approved then 0 else 1 end) as declined_count
    from txn
    group by customer_id, tx_date
),

-- Every customer-day within [cutoff - 90 days, cutoff + 30 days) of some cutoff, joined on the dates
-- alone (a range join against ~16 cutoffs) and aggregated once per customer and cutoff.
-- days_before >= 1: before the cutoff (features); days_before <= 0: the 30 days from the cutoff on
-- (the label, and nothing else, reads those).
windowed as (
    select
        d.customer_id,
        k.cutoff_date,
        {{ dbt.datediff('d.tx_date', 'k.cutoff_date', 'day') }} as days_before,
        d.approved_count,
        d.approved_amount,
        d.declined_count
    from daily as d
    join cutoffs as k
      on d.tx_date >= cast({{ dbt.dateadd('day', -90, 'k.cutoff_date') }} as date)
     and d.tx_date < cast({{ dbt.dateadd('day', 30, 'k.cutoff_date') }} as date)
),

window_features as (
    select
        customer_id,
        cutoff_date,
        sum(case when days_before between 1 and 30 then approved_count else 0 end) as tx_count_30d,
        sum(case when days_before between 1 and 90 then approved_count else 0 end) as tx_count_90d,
        sum(case when days_before between 1 and 30 then approved_amount else 0 end) as spend_30d,
        sum(case when days_before between 1 and 60 then approved_amount else 0 end) as spend_60d,
        sum(case when days_before between 1 and 90 then approved_amount else 0 end) as spend_90d,
        sum(case when days_before between 1 and 90 then declined_count else 0 end) as declined_count_90d,
        sum(case when days_before between 1 and 90 then approved_count + declined_count else 0 end) as attempt_count_90d,
        min(case when days_before between 1 and 90 and approved_count > 0 then days_before end) as days_since_last_tx,
        sum(case when days_before <= 0 then approved_count else 0 end) as approved_count_next_30d
    from windowed
    group by customer_id, cutoff_date
),

-- Credit limit in force the day before the cutoff: the latest DIM_CUSTOMER (SCD2) version that
-- started before it.
limit_at_cutoff as (
    select customer_id, cutoff_date, credit_limit as credit_limit_at_cutoff
    from (
        select
            s.customer_id,
            s.cutoff_date,
            v.credit_limit,
            row_number() over (
                partition by s.customer_id, s.cutoff_date
                order by v.valid_from desc, v.version_number desc
            ) as rn
        from snapshots as s
        join {{ ref('dim_customer') }} as v
          on v.customer_id = s.customer_id
         and v.valid_from < s.cutoff_date
    ) as latest
    where rn = 1
),

assembled as (
    select
        s.customer_id,
        s.cutoff_date,
        s.is_scoring_snapshot,
        s.customer_segment,
        s.card_type,
        {{ dbt.datediff('s.account_open_date', 's.cutoff_date', 'day') }} as tenure_days,
        coalesce(h.tx_count_30d, 0) as tx_count_30d,
        coalesce(h.tx_count_90d, 0) as tx_count_90d,
        coalesce(h.days_since_last_tx, 91) as days_since_last_tx,
        coalesce(h.spend_30d, 0) as spend_30d,
        coalesce(h.spend_60d, 0) as spend_60d,
        coalesce(h.spend_90d, 0) as spend_90d,
        coalesce(h.declined_count_90d, 0) as declined_count_90d,
        coalesce(h.attempt_count_90d, 0) as attempt_count_90d,
        coalesce(lc.credit_limit_at_cutoff, c.credit_limit) as credit_limit_at_cutoff,
        coalesce(h.approved_count_next_30d, 0) as approved_count_next_30d
    from snapshots as s
    join customers as c
      on c.customer_id = s.customer_id
    left join window_features as h
      on h.customer_id = s.customer_id and h.cutoff_date = s.cutoff_date
    left join limit_at_cutoff as lc
      on lc.customer_id = s.customer_id and lc.cutoff_date = s.cutoff_date
)

select
    customer_id || '|' || cast(cutoff_date as varchar) as churn_snapshot_id,
    customer_id,
    cutoff_date,
    is_scoring_snapshot,
    customer_segment,
    card_type,
    cast(tenure_days as integer) as tenure_days,
    cast(tx_count_30d as integer) as tx_count_30d,
    cast(tx_count_90d as integer) as tx_count_90d,
    cast(days_since_last_tx as integer) as days_since_last_tx,
    cast(spend_30d as double) as spend_30d,
    cast(spend_90d as double) as spend_90d,
    cast(case when tx_count_90d > 0 then spend_90d / tx_count_90d else 0 end as double) as avg_amount_90d,
    -- Spend trend: the latest 30 (60) days against the 90-day monthly rate; 1 = steady, 0 = stopped.
    cast(case when spend_90d > 0 then 3.0 * spend_30d / spend_90d else 0 end as double) as spend_trend_30_90,
    cast(case when spend_90d > 0 then 1.5 * spend_60d / spend_90d else 0 end as double) as spend_trend_60_90,
    cast(case when spend_60d > 0 then 2.0 * spend_30d / spend_60d else 0 end as double) as spend_trend_30_60,
    cast(case when attempt_count_90d > 0 then 1.0 * declined_count_90d / attempt_count_90d else 0 end as double) as decline_rate_90d,
    cast(credit_limit_at_cutoff as double) as credit_limit_at_cutoff,
    cast(case when credit_limit_at_cutoff > 0 then spend_30d / credit_limit_at_cutoff else 0 end as double) as credit_utilisation_30d,
    case
        when is_scoring_snapshot then cast(null as integer)
        when approved_count_next_30d = 0 then 1
        else 0
    end as churned_next_30d
from assembled
-- Training rows: customers active at the cutoff. Scoring rows: every current customer.
where is_scoring_snapshot or tx_count_30d > 0
