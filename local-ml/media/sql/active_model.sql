-- The model whose scores the latest score date holds.
select model_version
from {{ predictions }}
order by score_date desc, model_version desc
limit 1
