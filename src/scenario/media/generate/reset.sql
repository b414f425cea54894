-- A new history (another scale, seed or as-of date) replaces the old one: its files, raw rows,
-- load history, rejects and staged rows go together, as a fresh Snowflake deployment would start.
-- The streams on the raw tables notice their sources were recreated (the local emulation starts a
-- SHOW_INITIAL_ROWS stream again before the first row).
DROP TABLE IF EXISTS SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT;
DROP TABLE IF EXISTS SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER;
DROP TABLE IF EXISTS SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS;
DROP TABLE IF EXISTS SFE_RAW_MEDIA.LOAD_ERRORS;
DROP TABLE IF EXISTS SFE_RAW_MEDIA.LOAD_HISTORY;
DROP TABLE IF EXISTS SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS;
DROP TABLE IF EXISTS SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT;
DROP TABLE IF EXISTS SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS;
