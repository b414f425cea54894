-- One row per transaction: typed, with the day and month it falls in.
-- De-duplication is set-based: rows whose id occurs once pass straight through (an anti-join on a
-- small set of duplicated ids); only duplicated ids go through row_number(), keeping the earliest.
with source as (
    select * from {{ source('bronze', 'bronze_transactions') }}
),

typed as (
    select
        cast(transaction_id as bigint)                         as transaction_id,
        trim(customer_id)                                      as customer_id,
        cast(transaction_date as timestamp)                    as transaction_ts,
        cast(transaction_date as date)                         as transaction_date,
        cast(transaction_amount as decimal(10, 2))             as transaction_amount,
        merchant_name,
        merchant_category,
        channel,
        lower(status)                                          as status
    from source
    where transaction_id is not null
      and customer_id is not null
),

duplicated_ids as (
    select transaction_id
    from typed
    group by transaction_id
    having count(*) > 1
),

unique_rows as (
    select t.*
    from typed as t
    left join duplicated_ids as d
        on d.transaction_id = t.transaction_id
    where d.transaction_id is null
),

first_of_duplicates as (
    select *
    from (
        select
            t.*,
            row_number() over (
                partition by t.transaction_id
                order by t.transaction_ts, t.transaction_amount, t.merchant_name
            ) as row_num
        from typed as t
        inner join duplicated_ids as d
            on d.transaction_id = t.transaction_id
    ) as ranked
    where row_num = 1
),

deduplicated as (
    select transaction_id, customer_id, transaction_ts, transaction_date, transaction_amount,
           merchant_name, merchant_category, channel, status
    from unique_rows
    union all
    select transaction_id, customer_id, transaction_ts, transaction_date, transaction_amount,
           merchant_name, merchant_category, channel, status
    from first_of_duplicates
)

select
    transaction_id,
    customer_id,
    transaction_ts,
    transaction_date,
    cast({{ dbt.date_trunc('month', 'transaction_date') }} as date) as transaction_month,
    transaction_amount,
    merchant_name,
    merchant_category,
    channel,
    status,
    status = 'approved'                                         as is_approved
from deduplicated
