-- The staging checks as the last validation run recorded them (data-quality telemetry)
SELECT check_order, check_name, status, observed, expected, checked_at, runs, pass_rate
FROM TELEMETRY.V_DATA_QUALITY_DASHBOARD
WHERE check_name LIKE 'staging%'
ORDER BY check_order;
