-- Where Snowflake keeps a run's artefacts (run_results.json, manifest.json, logs).
SELECT SYSTEM$LOCATE_DBT_ARTIFACTS({{ query_id }}) AS LOCATION
