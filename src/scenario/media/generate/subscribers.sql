-- The subscription system's roster, one row per subscriber: what staging judges orphan events
-- against (a subscriber_id not here is logged but processed). Kept by generation, in the
-- subscribers' order, so the same seed gives the same table.
CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA;
CREATE OR REPLACE TABLE SFE_RAW_MEDIA.SUBSCRIBERS AS
SELECT
  subscriber_id,
  plan,
  CAST(DATE '{{ window_start }}' + signup_day AS DATE) AS subscribed_on
FROM _media_subscriber
ORDER BY n;
