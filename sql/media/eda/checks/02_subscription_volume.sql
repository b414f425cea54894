-- Check 2: subscription events a day in the seed's band (500-1,000 a day at full scale), scaled by
-- this scale's share of the full scale's subscribers. Duplicates and dirty records count: they
-- are part of what the source delivers.
SELECT
  'subscription_volume' AS check_name,
  CASE WHEN per_day BETWEEN {{ subscription_min }} AND {{ subscription_max }} THEN 'pass' ELSE 'fail' END AS status,
  CAST(ROUND(per_day, 1) AS VARCHAR) || ' a day (' || CAST(n AS VARCHAR) || ' rows over {{ days }} days)' AS observed,
  '{{ subscription_min }} - {{ subscription_max }} a day' AS expected
FROM (SELECT COUNT(*) AS n, COUNT(*) / {{ days }}.0 AS per_day FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) AS t
