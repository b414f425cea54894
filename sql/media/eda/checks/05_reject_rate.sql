-- Check 5: the share of records rejected into LOAD_ERRORS matches the configured rate of
-- malformed records ({{ malformed_json_rate }} of subscription lines, {{ malformed_csv_rate }} of content lines),
-- within three standard errors of a binomial draw (and at least a tenth of the rate).
SELECT
  'reject_rate' AS check_name,
  CASE WHEN ABS(json_rate - {{ malformed_json_rate }}) <= GREATEST(0.1 * {{ malformed_json_rate }}, 3 * SQRT({{ malformed_json_rate }} * (1 - {{ malformed_json_rate }}) / GREATEST(json_lines, 1)))
        AND ABS(csv_rate - {{ malformed_csv_rate }}) <= GREATEST(0.1 * {{ malformed_csv_rate }}, 3 * SQRT({{ malformed_csv_rate }} * (1 - {{ malformed_csv_rate }}) / GREATEST(csv_lines, 1)))
       THEN 'pass' ELSE 'fail' END AS status,
  'JSON ' || CAST(ROUND(100 * json_rate, 3) AS VARCHAR) || '% of ' || CAST(json_lines AS VARCHAR) || ' lines, CSV '
    || CAST(ROUND(100 * csv_rate, 3) AS VARCHAR) || '% of ' || CAST(csv_lines AS VARCHAR) || ' lines' AS observed,
  'JSON {{ malformed_json_rate * 100 }}%, CSV {{ malformed_csv_rate * 100 }}% (3 standard errors)' AS expected
FROM (
  SELECT
    j.rejected + j.loaded AS json_lines, j.rejected / GREATEST(j.rejected + j.loaded, 1.0) AS json_rate,
    c.rejected + c.loaded AS csv_lines, c.rejected / GREATEST(c.rejected + c.loaded, 1.0) AS csv_rate
  FROM (
    SELECT
      (SELECT COUNT(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE table_name = 'RAW_SUBSCRIBER_EVENTS' AND line_number IS NOT NULL) AS rejected,
      (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) AS loaded
  ) AS j
  CROSS JOIN (
    SELECT
      (SELECT COUNT(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE table_name = 'RAW_CONTENT_ENGAGEMENT' AND line_number IS NOT NULL) AS rejected,
      (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) AS loaded
  ) AS c
) AS r
