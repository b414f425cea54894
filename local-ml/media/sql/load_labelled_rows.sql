-- Every row of the media churn feature table, deterministically (ranks over subscriber and date,
-- no randomness):
--  * in_train: training dates (before {{ split_date }}): every {{ positive_every }}th churned row
--    and every {{ negative_every }}th row that stayed (down-sampling for the time budget, undone by
--    row weights in training);
--  * in_control: every {{ control_every }}th training row whatever its label, for the
--    shuffled-label control fits;
--  * held-out dates: every row, no sampling.
-- The numeric features travel as one '|'-separated text per row ({{ packed_column }}).
with training as (
    select
        f.*,
        row_number() over (partition by f.{{ label }} order by f.{{ id }}, f.{{ observation_date }}) as class_rank,
        row_number() over (order by f.{{ id }}, f.{{ observation_date }}) as row_rank
    from {{ features }} as f
    where f.{{ observation_date }} < cast('{{ split_date }}' as date)
),
flagged as (
    select
        * exclude (class_rank, row_rank),
        ({{ label }} = 1 and mod(class_rank, {{ positive_every }}) = 0)
          or ({{ label }} = 0 and mod(class_rank, {{ negative_every }}) = 0) as in_train,
        mod(row_rank, {{ control_every }}) = 0 as in_control,
        false as held_out
    from training
    union all by name
    select *, false as in_train, false as in_control, true as held_out
    from {{ features }}
    where {{ observation_date }} >= cast('{{ split_date }}' as date)
)
select
    {{ id }},
    cast({{ observation_date }} as varchar) as {{ observation_date }},
{%- for column in categorical %}
    {{ column }},
{%- endfor %}
    {{ packed }} as {{ packed_column }},
    {{ label }},
    in_train,
    in_control
from flagged
where in_train or in_control or held_out
order by {{ id }}, {{ observation_date }}
