-- Labelled rows of the churn feature table, deterministically (ranks over customer_id and
-- cutoff_date, no randomness):
--  * in_train: training dates (before {{ split_date }}): every {{ positive_every }}th churned row
--    and every {{ negative_every }}th row that stayed (down-sampling for the time budget; the
--    model's intercept is corrected for it);
--  * in_control: every {{ control_every }}th training row whatever its label - as many rows as
--    in_train, for the shuffled-label control fits (shuffling the population's labels and then
--    down-sampling by them gives a uniform sample with randomly placed labels);
--  * held-out dates: every row, no sampling.
-- The ranks are computed over the key columns alone: ranking whole feature rows made the window
-- sort carry every column. The numeric features come as they are, one column each (read column by
-- column; casting them to text cost more than the rest of the query).
with training_keys as (
    select
        customer_id,
        cutoff_date,
        churned_next_month,
        row_number() over (partition by churned_next_month order by customer_id, cutoff_date) as class_rank,
        row_number() over (order by customer_id, cutoff_date) as row_rank
    from {{ features }}
    where not is_scoring_snapshot
      and cutoff_date < cast('{{ split_date }}' as date)
),
flagged as (
    select
        customer_id,
        cutoff_date,
        (churned_next_month = 1 and mod(class_rank, {{ positive_every }}) = 0)
          or (churned_next_month = 0 and mod(class_rank, {{ negative_every }}) = 0) as in_train,
        mod(row_rank, {{ control_every }}) = 0 as in_control
    from training_keys
),
sampled as (
    select * from flagged where in_train or in_control
)
select
    f.customer_id,
    cast(f.cutoff_date as varchar) as cutoff_date,
{%- for column in categorical %}
    f.{{ column }},
{%- endfor %}
{%- for column in numeric %}
    f.{{ column }},
{%- endfor %}
    f.churned_next_month,
    coalesce(s.in_train, false) as in_train,
    coalesce(s.in_control, false) as in_control
from {{ features }} as f
left join sampled as s on s.customer_id = f.customer_id and s.cutoff_date = f.cutoff_date
where not f.is_scoring_snapshot
  and (f.cutoff_date >= cast('{{ split_date }}' as date) or s.customer_id is not null)
order by f.customer_id, f.cutoff_date
