-- Check 4: support tickets a day in the seed's band (100-200 a day at full scale), scaled by
-- this scale's share of the full scale's subscribers. Duplicates and dirty records count: they
-- are part of what the source delivers.
SELECT
  'support_volume' AS check_name,
  CASE WHEN per_day BETWEEN {{ ticket_min }} AND {{ ticket_max }} THEN 'pass' ELSE 'fail' END AS status,
  CAST(ROUND(per_day, 1) AS VARCHAR) || ' a day (' || CAST(n AS VARCHAR) || ' rows over {{ days }} days)' AS observed,
  '{{ ticket_min }} - {{ ticket_max }} a day' AS expected
FROM (SELECT COUNT(*) AS n, COUNT(*) / {{ days }}.0 AS per_day FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS) AS t
