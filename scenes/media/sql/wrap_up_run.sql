-- This run: subscribers (roster and dimension), how far the daily facts and the scores reach
SELECT (SELECT COUNT(*) FROM SFE_RAW_MEDIA.SUBSCRIBERS) AS roster,
       (SELECT COUNT(*) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS subscribers,
       (SELECT MAX(as_of_date) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS as_of,
       (SELECT MAX(activity_date) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) AS facts_through,
       (SELECT MAX(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES) AS scored_through;
