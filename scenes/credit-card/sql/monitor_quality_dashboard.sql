-- Data-quality telemetry: the latest result of each check, with its history
SELECT check_order, check_name, status, observed, expected, checked_at, runs, pass_rate
FROM TELEMETRY.V_DATA_QUALITY_DASHBOARD
ORDER BY check_order;
