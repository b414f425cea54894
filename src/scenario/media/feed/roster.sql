-- The subscribers the live feed's events belong to: the roster generation kept, numbered in a
-- fixed order so the same seed and roster pick the same subscribers.
CREATE OR REPLACE TEMP TABLE _feed_roster AS
SELECT CAST(row_number() OVER (ORDER BY subscriber_id) AS BIGINT) AS k, subscriber_id, plan
FROM SFE_RAW_MEDIA.SUBSCRIBERS;
