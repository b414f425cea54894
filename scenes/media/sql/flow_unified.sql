-- Subscribers on the roster and in the unified customer table (one row per subscriber, latest valid event wins)
SELECT (SELECT COUNT(*) FROM SFE_RAW_MEDIA.SUBSCRIBERS) AS roster,
       (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER) AS unified;
