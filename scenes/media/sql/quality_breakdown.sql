-- Where every raw row went, per source (the staging reconciliation, check 13): staged valid, staged
-- and flagged invalid, a later arrival of a record already staged (duplicate removed), bot traffic
-- filtered out, or lost. The staging tasks record it run by run as they stage
-- (SFE_STG_MEDIA.STAGING_RECONCILIATION); the view sums the runs and counts the raw rows they read.
SELECT source, raw_rows, staged_valid, flagged_invalid, duplicates_removed, bots_filtered, lost, orphans,
       staging_rows - staged_valid - flagged_invalid AS unrecorded_staging_rows
FROM SFE_STG_MEDIA.V_STAGING_RECONCILIATION
ORDER BY CASE source WHEN 'subscription events' THEN 1 ELSE 2 END;
