-- Check 11: invalid events are flagged (is_valid = FALSE, with a reason) and none reaches the
-- unified customer: every subscriber's latest event there is a valid one.
SELECT
  'staging_invalid_not_propagated' AS check_name,
  CASE WHEN propagated = 0 AND unexplained = 0 AND flagged > 0 THEN 'pass' ELSE 'fail' END AS status,
  CAST(flagged AS VARCHAR) || ' events flagged invalid, ' || CAST(propagated AS VARCHAR) || ' in the unified customer, '
    || CAST(unexplained AS VARCHAR) || ' without a reason' AS observed,
  'invalid events flagged, none in STG_UNIFIED_CUSTOMER' AS expected
FROM (
  SELECT
    (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE NOT is_valid) AS flagged,
    (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE is_valid = (invalid_reason IS NOT NULL)) AS unexplained,
    (SELECT COUNT(*)
       FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER AS u
       LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS e ON e.event_id = u.last_event_id
      WHERE e.event_id IS NULL OR NOT e.is_valid) AS propagated
) AS i
