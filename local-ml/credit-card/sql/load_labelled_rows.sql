-- Labelled rows of the churn feature table, deterministically (ranks over customer_id and
-- cutoff_date, no randomness):
--  * in_train: training dates (before {{ split_date }}): every {{ positive_every }}th churned row
--    and every {{ negative_every }}th row that stayed (down-sampling for the time budget; the
--    model's intercept is corrected for it);
--  * in_control: every {{ control_every }}th training row whatever its label - as many rows as
--    in_train, for the shuffled-label control fits (shuffling the population's labels and then
--    down-sampling by them gives a uniform sample with randomly placed labels);
--  * held-out dates: every row, no sampling.
-- The numeric features travel as one '|'-separated text per row ({{ packed_column }}): a few
-- columns per row instead of dozens is what makes reading ~200,000 rows fast.
with training as (
    select
        f.*,
        row_number() over (partition by f.churned_next_month order by f.customer_id, f.cutoff_date) as class_rank,
        row_number() over (order by f.customer_id, f.cutoff_date) as row_rank
    from {{ features }} as f
    where not f.is_scoring_snapshot
      and f.cutoff_date < cast('{{ split_date }}' as date)
),
flagged as (
    select
        * exclude (class_rank, row_rank),
        (churned_next_month = 1 and mod(class_rank, {{ positive_every }}) = 0)
          or (churned_next_month = 0 and mod(class_rank, {{ negative_every }}) = 0) as in_train,
        mod(row_rank, {{ control_every }}) = 0 as in_control,
        false as held_out
    from training
    union all by name
    select *, false as in_train, false as in_control, true as held_out
    from {{ features }}
    where not is_scoring_snapshot
      and cutoff_date >= cast('{{ split_date }}' as date)
)
select
    customer_id,
    cast(cutoff_date as varchar) as cutoff_date,
{%- for column in categorical %}
    {{ column }},
{%- endfor %}
    {{ packed }} as {{ packed_column }},
    churned_next_month,
    in_train,
    in_control
from flagged
where in_train or in_control or held_out
order by customer_id, cutoff_date
