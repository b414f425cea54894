-- "Today" for the daily scoring: the day after the analytics layer's as-of date, as on Snowflake
-- the 4 AM task scores CURRENT_DATE from the data up to yesterday. Like an observation date of
-- FCT_CHURN_TRAINING, the features read only data before it.
select cast(max(as_of_date) + interval 1 day as date) as score_date
from SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS
