{#-
  The counts behind GOLD.FCT_CHURN_TRAINING (see that model): one row per customer per observation
  date, with the whole-number counts, the spend sums and the dates its features are ratios of.
  Stored as small integers and decimals, which DuckDB compresses to a fraction of the forty
  ratio columns in floating point; FCT_CHURN_TRAINING is a view that computes the ratios from these.

  Incremental: new transactions land in the latest month, which only the last few cutoffs read (a
  cutoff reads its own month and the three before). A later run rebuilds the cutoffs from the month
  before the previous scoring snapshot on (replacing them whole: the unique key is the cutoff), from
  those months of SILVER.INT_CUSTOMER_MONTHS only. Cutoffs before that are final; a changed history (new customers,
  back-dated transactions) needs --full-refresh, which the pipeline always does.
-#}
{{ config(
    materialized='incremental',
    unique_key='cutoff_date',
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

{%- set categories = churn_categories() %}

with
{%- if is_incremental() %}
rebuilt as (
    select cast({{ dbt.dateadd('month', -1, "coalesce(max(cutoff_date), cast('1900-02-01' as date))") }} as date) as first_cutoff
    from {{ this }}
    where is_scoring_snapshot
),
{%- endif %}

{#- The customer-months the cutoffs read (SILVER.INT_CUSTOMER_MONTHS; an incremental run reads only
    the months its cutoffs need). Each join below reads it with just the columns it needs: a CTE
    read four times would be materialised with all ~30 columns. -#}
{%- set months_read = "(select *, transaction_month as month_start from " ~ ref('int_customer_months')
    ~ (" where transaction_month >= (select cast(" ~ dbt.dateadd('month', -3, 'first_cutoff') ~ " as date) from rebuilt)" if is_incremental() else "")
    ~ ")" %}

-- The whole history's bounds (an incremental run's monthly holds only its last months).
bounds as (
    select
        min(transaction_month) as first_month,
        max(transaction_month) as last_month,
        max(last_date) as last_day
    from {{ ref('int_customer_months') }}
),

month_starts as (
    select distinct month_start as cutoff_date
    from {{ months_read }} as monthly
    {%- if is_incremental() %}
    where month_start >= (select first_cutoff from rebuilt)
    {%- endif %}
),

cutoffs as (
    select m.cutoff_date, false as is_scoring_snapshot
    from month_starts as m
    cross join bounds as b
    where m.cutoff_date >= cast({{ dbt.dateadd('month', 3, 'b.first_month') }} as date)
      and cast({{ dbt.dateadd('month', 1, 'm.cutoff_date') }} as date) <= cast({{ dbt.dateadd('day', 1, 'b.last_day') }} as date)
    union all
    -- The scoring snapshot: the day after the last day of history when that is a month start;
    -- otherwise the start of the last (partial) month, so that "last month" is a whole month and
    -- the scores are on the same footing as the training rows.
    select
        case
            when cast({{ dbt.dateadd('day', 1, 'b.last_day') }} as date) = cast({{ dbt.dateadd('month', 1, 'b.last_month') }} as date)
            then cast({{ dbt.dateadd('month', 1, 'b.last_month') }} as date)
            else b.last_month
        end as cutoff_date,
        true as is_scoring_snapshot
    from bounds as b
),

customers as (
    select
        customer_id,
        card_type,
        credit_limit,
        account_open_date
    from {{ ref('dim_customer') }}
    where is_current
),

-- Customer x observation date, only once the account is open. Training rows are those of customers
-- with an approved transaction in the month before the cutoff (tx_count_1m > 0), so they are found
-- from those customer-months rather than from every customer x every cutoff; the scoring snapshot
-- has every customer.
active_last_month as (
    select m.customer_id, k.cutoff_date, k.is_scoring_snapshot
    from {{ months_read }} as m
    inner join cutoffs as k
      on k.cutoff_date = cast({{ dbt.dateadd('month', 1, 'm.month_start') }} as date)
    where m.approved_count > 0
      and not k.is_scoring_snapshot
),

snapshot_keys as (
    select customer_id, cutoff_date, is_scoring_snapshot
    from active_last_month
    union all
    select c.customer_id, k.cutoff_date, k.is_scoring_snapshot
    from customers as c
    cross join cutoffs as k
    where k.is_scoring_snapshot
),

snapshots as (
    select
        c.customer_id,
        k.cutoff_date,
        k.is_scoring_snapshot,
        c.card_type,
        c.credit_limit,
        c.account_open_date
    from snapshot_keys as k
    inner join customers as c
      on c.customer_id = k.customer_id
    where c.account_open_date < k.cutoff_date
),

-- The four customer-months around each snapshot, joined by month: m1..m3 are the three months
-- before the cutoff (features), m0 the cutoff's own month (the label, and nothing else, reads
-- it). Missing months (no activity) count as zero.
window_features as (
    select
        s.customer_id,
        s.cutoff_date,
        s.is_scoring_snapshot,
        s.card_type,
        s.credit_limit,
        s.account_open_date,
        coalesce(m1.approved_count, 0) as tx_count_1m,
        coalesce(m1.approved_count, 0) + coalesce(m2.approved_count, 0) + coalesce(m3.approved_count, 0) as tx_count_3m,
        coalesce(m1.approved_amount, 0) as spend_1m,
        coalesce(m1.approved_amount, 0) + coalesce(m2.approved_amount, 0) as spend_2m,
        coalesce(m1.approved_amount, 0) + coalesce(m2.approved_amount, 0) + coalesce(m3.approved_amount, 0) as spend_3m,
        coalesce(m1.declined_count, 0) + coalesce(m2.declined_count, 0) + coalesce(m3.declined_count, 0) as declined_count_3m,
        coalesce(m1.online_count, 0) as online_count_1m,
        coalesce(m2.online_count, 0) + coalesce(m3.online_count, 0) as online_count_prior,
        coalesce(m1.mobile_count, 0) as mobile_count_1m,
        coalesce(m2.mobile_count, 0) + coalesce(m3.mobile_count, 0) as mobile_count_prior,
        coalesce(m1.category_count, 0) as category_count_1m,
        {%- for c in categories %}
        coalesce(m1.count_{{ c.suffix }}, 0) as count_{{ c.suffix }}_1m,
        coalesce(m2.count_{{ c.suffix }}, 0) + coalesce(m3.count_{{ c.suffix }}, 0) as count_{{ c.suffix }}_prior,
        {%- endfor %}
        coalesce(m1.declined_count, 0) as declined_count_1m,
        coalesce(m1.discretionary_count, 0) as discretionary_count_1m,
        coalesce(m2.discretionary_count, 0) + coalesce(m3.discretionary_count, 0) as discretionary_count_prior,
        coalesce(m2.approved_count, 0) + coalesce(m3.approved_count, 0) as tx_count_prior,
        coalesce(m1.approved_count, 0) + coalesce(m2.approved_count, 0) + coalesce(m3.approved_count, 0)
          + coalesce(m1.declined_count, 0) + coalesce(m2.declined_count, 0) + coalesce(m3.declined_count, 0) as attempt_count_3m,
        -- The latest approved day of the three months: the latest month that has one.
        coalesce(m1.last_approved_date, m2.last_approved_date, m3.last_approved_date) as last_approved_date,
        coalesce(m0.approved_count, 0) as approved_count_next_month
    from snapshots as s
    left join {{ months_read }} as m0
      on m0.customer_id = s.customer_id and m0.month_start = s.cutoff_date
    left join {{ months_read }} as m1
      on m1.customer_id = s.customer_id and m1.month_start = cast({{ dbt.dateadd('month', -1, 's.cutoff_date') }} as date)
    left join {{ months_read }} as m2
      on m2.customer_id = s.customer_id and m2.month_start = cast({{ dbt.dateadd('month', -2, 's.cutoff_date') }} as date)
    left join {{ months_read }} as m3
      on m3.customer_id = s.customer_id and m3.month_start = cast({{ dbt.dateadd('month', -3, 's.cutoff_date') }} as date)
),

-- Credit limit in force the day before the cutoff: the latest DIM_CUSTOMER (SCD2) version that
-- started before it, i.e. the one version that started before the cutoff and ends (valid_to, the
-- next version's start) on or after it, or never. One join, no ranking per snapshot.
assembled as (
    select
        h.customer_id,
        h.cutoff_date,
        h.is_scoring_snapshot,
        h.card_type,
        {{ dbt.datediff('h.account_open_date', 'h.cutoff_date', 'day') }} as tenure_days,
        coalesce(h.tx_count_1m, 0) as tx_count_1m,
        coalesce(h.tx_count_3m, 0) as tx_count_3m,
        coalesce({{ dbt.datediff('h.last_approved_date', 'h.cutoff_date', 'day') }}, 93) as days_since_last_tx,
        coalesce(h.spend_1m, 0) as spend_1m,
        coalesce(h.spend_2m, 0) as spend_2m,
        coalesce(h.spend_3m, 0) as spend_3m,
        coalesce(h.declined_count_3m, 0) as declined_count_3m,
        coalesce(h.attempt_count_3m, 0) as attempt_count_3m,
        coalesce(h.online_count_1m, 0) as online_count_1m,
        coalesce(h.online_count_prior, 0) as online_count_prior,
        coalesce(h.mobile_count_1m, 0) as mobile_count_1m,
        coalesce(h.mobile_count_prior, 0) as mobile_count_prior,
        coalesce(h.category_count_1m, 0) as category_count_1m,
        {%- for c in categories %}
        coalesce(h.count_{{ c.suffix }}_1m, 0) as count_{{ c.suffix }}_1m,
        coalesce(h.count_{{ c.suffix }}_prior, 0) as count_{{ c.suffix }}_prior,
        {%- endfor %}
        coalesce(h.declined_count_1m, 0) as declined_count_1m,
        coalesce(h.discretionary_count_1m, 0) as discretionary_count_1m,
        coalesce(h.discretionary_count_prior, 0) as discretionary_count_prior,
        coalesce(h.tx_count_prior, 0) as tx_count_prior,
        coalesce(v.credit_limit, h.credit_limit) as credit_limit_at_cutoff,
        coalesce(h.approved_count_next_month, 0) as approved_count_next_month
    from window_features as h
    left join {{ ref('dim_customer') }} as v
      on v.customer_id = h.customer_id
     and v.valid_from < h.cutoff_date
     and coalesce(v.valid_to, cast('9999-12-31' as date)) >= h.cutoff_date
)

-- Training rows: customers active in the month before the cutoff (as snapshots already chose them).
-- Scoring rows: every current customer.
select * from assembled
where is_scoring_snapshot or tx_count_1m > 0
