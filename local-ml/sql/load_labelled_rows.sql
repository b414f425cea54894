-- Labelled rows of the churn feature table for training and held-out evaluation, sized for the
-- time budget, deterministically (no randomness: ranks over customer_id and cutoff_date):
--  * training dates (before {{ split_date }}): every churned row, and every {{ negative_every }}th
--    row that stayed (negative down-sampling; the model's intercept is corrected for it);
--  * held-out dates: every row of every {{ test_every }}th customer (the population as it is).
with labelled as (
    select
        f.*,
        row_number() over (partition by f.churned_next_month order by f.customer_id, f.cutoff_date) as class_rank,
        dense_rank() over (order by f.customer_id) as customer_rank
    from {{ features }} as f
    where not f.is_scoring_snapshot
)
select
    customer_id,
    cast(cutoff_date as varchar) as cutoff_date,
    customer_segment,
    card_type,
{%- for column in numeric %}
    {{ column }},
{%- endfor %}
    churned_next_month
from labelled
where (cutoff_date < cast('{{ split_date }}' as date)
       and (churned_next_month = 1 or mod(class_rank, {{ negative_every }}) = 0))
   or (cutoff_date >= cast('{{ split_date }}' as date)
       and mod(customer_rank, {{ test_every }}) = 0)
order by customer_id, cutoff_date
