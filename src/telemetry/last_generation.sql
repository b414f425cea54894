-- The settings of the newest completed bronze generation.
SELECT customer_scale, seed, as_of
FROM TELEMETRY.GENERATION_TELEMETRY
WHERE stage = 'generate_customers'
ORDER BY recorded_at DESC
LIMIT 1
