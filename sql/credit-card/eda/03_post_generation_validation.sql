-- The 12 post-generation checks (the seed's 03_post_generation_validation.sql).
-- Each check is one portable SELECT in ./checks/ returning check_name, status, observed, expected;
-- `c360-demo validate` runs the same files on the local warehouse.
-- On Snowflake, from the Git repository stage:
EXECUTE IMMEDIATE FROM './checks/01_row_count.sql';
EXECUTE IMMEDIATE FROM './checks/02_unique_transaction_ids.sql';
EXECUTE IMMEDIATE FROM './checks/03_required_fields_not_null.sql';
EXECUTE IMMEDIATE FROM './checks/04_customer_representation.sql';
EXECUTE IMMEDIATE FROM './checks/05_referential_integrity.sql';
EXECUTE IMMEDIATE FROM './checks/06_date_range.sql';
EXECUTE IMMEDIATE FROM './checks/07_amount_range.sql';
EXECUTE IMMEDIATE FROM './checks/08_approval_rate.sql';
EXECUTE IMMEDIATE FROM './checks/09_channel_distribution.sql';
EXECUTE IMMEDIATE FROM './checks/10_merchant_category_distribution.sql';
EXECUTE IMMEDIATE FROM './checks/11_segment_patterns.sql';
EXECUTE IMMEDIATE FROM './checks/12_monthly_trends.sql';
