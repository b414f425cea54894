-- The bronze layer as the credit-card seed lists it (plus the credit-limit history that gives
-- DIM_CUSTOMER real SCD Type 2 versions). Rendered with {{ schema }} = BRONZE or the staging schema.
CREATE OR REPLACE TABLE {{ schema }}.BRONZE_CUSTOMERS (
  customer_id        VARCHAR NOT NULL,
  first_name         VARCHAR,
  last_name          VARCHAR,
  email              VARCHAR,
  age                INTEGER,
  state              VARCHAR,
  city               VARCHAR,
  employment_status  VARCHAR,
  card_type          VARCHAR,
  credit_limit       DECIMAL(12, 2),
  account_open_date  DATE,
  customer_segment   VARCHAR,
  decline_type       VARCHAR
);

CREATE OR REPLACE TABLE {{ schema }}.BRONZE_CREDIT_LIMIT_CHANGES (
  change_id              BIGINT NOT NULL,
  customer_id            VARCHAR NOT NULL,
  effective_date         DATE,
  previous_credit_limit  DECIMAL(12, 2),
  new_credit_limit       DECIMAL(12, 2),
  change_reason          VARCHAR
);
