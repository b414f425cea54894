-- One bronze table of the local warehouse as a Parquet file (DuckDB), in a stable row order.
COPY (SELECT * FROM CUSTOMER_ANALYTICS.BRONZE.{{ table }} ORDER BY {{ key }}) TO {{ file }} (FORMAT PARQUET)
