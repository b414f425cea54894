-- Data-quality telemetry: the latest results per check
SELECT *
FROM TELEMETRY.V_DATA_QUALITY_DASHBOARD
LIMIT 20;
