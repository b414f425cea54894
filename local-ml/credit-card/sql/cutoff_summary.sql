-- Labelled rows and churners per cutoff date: sizes the sample and places the 80/20 date split.
select
    cast(cutoff_date as varchar) as cutoff_date,
    count(*) as row_count,
    sum(churned_next_month) as churned_count
from {{ features }}
where not is_scoring_snapshot
group by cutoff_date
order by cutoff_date
