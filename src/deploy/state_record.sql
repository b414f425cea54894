DELETE FROM CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE WHERE step = {{ step }};
INSERT INTO CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE (step, fingerprint, statements, created_objects, deployed_at)
VALUES ({{ step }}, {{ fingerprint }}, {{ statements }}, {{ created }}, CAST(CURRENT_TIMESTAMP AS TIMESTAMP));
