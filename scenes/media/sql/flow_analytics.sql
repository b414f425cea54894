-- Rows in the analytics tables the dashboard reads (run once they exist)
SELECT (SELECT COUNT(*) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS subscribers,
       (SELECT COUNT(*) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) AS engagement_days,
       (SELECT COUNT(*) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES) AS health_scores;
