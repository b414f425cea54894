-- Check 3: content views a day in the seed's band (~50,000 a day at full scale), scaled by
-- this scale's share of the full scale's subscribers. Duplicates and dirty records count: they
-- are part of what the source delivers.
SELECT
  'content_volume' AS check_name,
  CASE WHEN per_day BETWEEN {{ content_min }} AND {{ content_max }} THEN 'pass' ELSE 'fail' END AS status,
  CAST(ROUND(per_day, 1) AS VARCHAR) || ' a day (' || CAST(n AS VARCHAR) || ' rows over {{ days }} days)' AS observed,
  '{{ content_min }} - {{ content_max }} a day' AS expected
FROM (SELECT COUNT(*) AS n, COUNT(*) / {{ days }}.0 AS per_day FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) AS t
