-- Check 13: staging reconciles with raw. Every run of a staging task records where the raw rows it
-- read went (SFE_STG_MEDIA.STAGING_RECONCILIATION, written with its staging rows); per source,
-- every raw row read so far (load keys up to the last one a run read) is staged (valid or flagged
-- invalid), a later arrival of a record already staged, or (content) bot traffic: none lost. And
-- the runs account for every staging row: staging rows no run recorded mean the staging layer was
-- built before its runs were reconciled (rebuild: c360-demo pipeline --pack media --fresh).
SELECT
  'staging_reconciles' AS check_name,
  CASE WHEN s.lost + c.lost = 0 AND s.unrecorded = 0 AND c.unrecorded = 0 THEN 'pass' ELSE 'fail' END AS status,
  'events ' || CAST(s.raw_rows AS VARCHAR) || ' raw = ' || CAST(s.staged_valid AS VARCHAR) || ' valid + ' || CAST(s.flagged_invalid AS VARCHAR) || ' flagged + '
    || CAST(s.duplicates_removed AS VARCHAR) || ' duplicates + ' || CAST(s.lost AS VARCHAR) || ' lost; views ' || CAST(c.raw_rows AS VARCHAR) || ' raw = '
    || CAST(c.staged_valid AS VARCHAR) || ' valid + ' || CAST(c.flagged_invalid AS VARCHAR) || ' flagged + ' || CAST(c.duplicates_removed AS VARCHAR) || ' duplicates + '
    || CAST(c.bots_filtered AS VARCHAR) || ' bot + ' || CAST(c.lost AS VARCHAR) || ' lost'
    || CASE WHEN s.unrecorded + c.unrecorded <> 0
         THEN '; ' || CAST(s.unrecorded + c.unrecorded AS VARCHAR) || ' staging rows no run recorded (built before: c360-demo pipeline --pack media --fresh)'
         ELSE '' END AS observed,
  'raw = staged + flagged + duplicates + filtered, none lost' AS expected
FROM (
  SELECT raw_rows, staged_valid, flagged_invalid, duplicates_removed, lost, staging_rows - staged_valid - flagged_invalid AS unrecorded
  FROM SFE_STG_MEDIA.V_STAGING_RECONCILIATION WHERE source = 'subscription events'
) AS s
CROSS JOIN (
  SELECT raw_rows, staged_valid, flagged_invalid, duplicates_removed, bots_filtered, lost, staging_rows - staged_valid - flagged_invalid AS unrecorded
  FROM SFE_STG_MEDIA.V_STAGING_RECONCILIATION WHERE source = 'content views'
) AS c
