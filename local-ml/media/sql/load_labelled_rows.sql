-- Every row of the media churn feature table, deterministically (ranks over subscriber and date,
-- no randomness):
--  * in_train: training dates (before {{ split_date }}): every {{ positive_every }}th churned row
--    and every {{ negative_every }}th row that stayed (down-sampling for the time budget, undone by
--    row weights in training);
--  * in_control: every {{ control_every }}th training row whatever its label, for the
--    shuffled-label control fits;
--  * held-out dates: every row, no sampling.
-- The ranks are computed over the key columns alone (ranking whole feature rows made the window
-- sort carry every column); the numeric features come as they are, one column each.
with training_keys as (
    select
        {{ id }},
        {{ observation_date }},
        {{ label }},
        row_number() over (partition by {{ label }} order by {{ id }}, {{ observation_date }}) as class_rank,
        row_number() over (order by {{ id }}, {{ observation_date }}) as row_rank
    from {{ features }}
    where {{ observation_date }} < cast('{{ split_date }}' as date)
),
flagged as (
    select
        {{ id }},
        {{ observation_date }},
        ({{ label }} = 1 and mod(class_rank, {{ positive_every }}) = 0)
          or ({{ label }} = 0 and mod(class_rank, {{ negative_every }}) = 0) as in_train,
        mod(row_rank, {{ control_every }}) = 0 as in_control
    from training_keys
),
sampled as (
    select * from flagged where in_train or in_control
)
select
    f.{{ id }},
    cast(f.{{ observation_date }} as varchar) as {{ observation_date }},
{%- for column in categorical %}
    f.{{ column }},
{%- endfor %}
{%- for column in numeric %}
    f.{{ column }},
{%- endfor %}
    f.{{ label }},
    coalesce(s.in_train, false) as in_train,
    coalesce(s.in_control, false) as in_control
from {{ features }} as f
left join sampled as s on s.{{ id }} = f.{{ id }} and s.{{ observation_date }} = f.{{ observation_date }}
where f.{{ observation_date }} >= cast('{{ split_date }}' as date) or s.{{ id }} is not null
order by f.{{ id }}, f.{{ observation_date }}
