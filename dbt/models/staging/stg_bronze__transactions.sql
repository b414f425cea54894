-- One row per transaction: typed, with the day and month it falls in; duplicate ids are dropped.
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

deduplicated as (
    select
        *,
        row_number() over (partition by transaction_id order by transaction_ts) as row_num
    from typed
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
where row_num = 1
