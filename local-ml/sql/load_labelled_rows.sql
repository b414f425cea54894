-- Labelled rows of the churn feature table for training and held-out evaluation.
-- Customers are sampled deterministically (every {{ every }}th customer by customer_id) so the
-- training set fits the time budget at full scale; every = 1 keeps everyone.
with customer_rank as (
    select customer_id, dense_rank() over (order by customer_id) as customer_rank
    from (select distinct customer_id from {{ features }} where not is_scoring_snapshot) as c
)
select
    f.customer_id,
    cast(f.cutoff_date as varchar) as cutoff_date,
    f.customer_segment,
    f.card_type,
{%- for column in numeric %}
    f.{{ column }},
{%- endfor %}
    f.churned_next_30d
from {{ features }} as f
join customer_rank as r
  on r.customer_id = f.customer_id
where not f.is_scoring_snapshot
  and mod(r.customer_rank, {{ every }}) = 0
order by f.customer_id, f.cutoff_date
