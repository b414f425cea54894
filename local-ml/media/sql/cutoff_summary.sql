-- Rows, churners and the split side per observation date: sizes the sample and checks that dbt's
-- split ({{ split_column }}) is by date ('mixed' when a date has rows on both sides).
select
    cast({{ observation_date }} as varchar) as cutoff_date,
    count(*) as row_count,
    sum({{ label }}) as churned_count,
    case when count(distinct {{ split_column }}) = 1 then min({{ split_column }}) else 'mixed' end as split
from {{ features }}
group by {{ observation_date }}
order by {{ observation_date }}
