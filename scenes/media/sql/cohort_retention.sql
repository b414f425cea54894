-- Cohort retention: subscribers grouped by signup {{ cohort_grain }}, and the share still subscribed
-- at the end of each {{ cohort_grain }} after it (the last one up to the as-of date). Only cohorts that
-- signed up inside the sources' history: an earlier cohort is known only by who was still there.
WITH bounds AS (
  SELECT MIN(activity_date) AS history_start, MAX(as_of) AS as_of
  FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
  CROSS JOIN (SELECT MAX(as_of_date) AS as_of FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS a
),
cohorts AS (
  SELECT d.subscriber_id, CAST(DATE_TRUNC({{ cohort_grain }}, d.signup_date) AS DATE) AS cohort, d.cancel_date
  FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
  CROSS JOIN bounds AS b
  WHERE d.signup_date >= b.history_start
),
periods AS (
  SELECT period, LEAD(period) OVER (ORDER BY period) AS next_period
  FROM (SELECT DISTINCT cohort AS period FROM cohorts) AS p
)
SELECT c.cohort,
       DATEDIFF({{ cohort_grain }}, c.cohort, p.period) AS periods_after,
       COUNT(*) AS signed_up,
       SUM(CASE WHEN c.cancel_date IS NULL OR c.cancel_date > LEAST(COALESCE(p.next_period - 1, b.as_of), b.as_of) THEN 1 ELSE 0 END) AS still_subscribed
FROM cohorts AS c
JOIN periods AS p ON p.period >= c.cohort
CROSS JOIN bounds AS b
GROUP BY c.cohort, p.period
ORDER BY c.cohort, periods_after;
