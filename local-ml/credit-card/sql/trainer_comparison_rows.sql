-- For `npm run bench` (bench/churn-trainers.ts): training-dates rows like the model's - every
-- churned row, about one stayed row in six - in a fixed hash order, at most {{ max_rows }}.
select customer_id, cast(cutoff_date as varchar) as cutoff_date, {{ columns }}, churned_next_month
from GOLD.FCT_CHURN_TRAINING
where not is_scoring_snapshot and cutoff_date < (select max(cutoff_date) - interval 3 month from GOLD.FCT_CHURN_TRAINING where not is_scoring_snapshot)
  and (churned_next_month = 1 or hash(customer_id, cutoff_date) % 6 = 0)
order by hash(customer_id, cutoff_date, 1) limit {{ max_rows }}
