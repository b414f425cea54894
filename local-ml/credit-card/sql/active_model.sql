-- The model whose at-risk list GOLD.CHURN_PREDICTIONS holds now (the table holds one model's list).
select max(model_version) as model_version
from {{ predictions }}
