-- What `c360-demo deploy` has done to this account: one row per step that completed, with the
-- fingerprint of what it ran and the objects it created (the only ones teardown drops).
CREATE TABLE IF NOT EXISTS CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE (
  step            VARCHAR,
  fingerprint     VARCHAR,
  statements      INTEGER,
  created_objects VARCHAR,
  deployed_at     TIMESTAMP
)
