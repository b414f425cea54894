-- One row per transaction: typed, de-duplicated (the earliest row of a duplicated id wins), with
-- the day and month it falls in. The SQL is the macro deduplicated_bronze_transactions(), which
-- FCT_TRANSACTIONS' incremental runs also call for the new ids only.
{{ deduplicated_bronze_transactions() }}
