-- Credit-limit changes, the source of DIM_CUSTOMER's history.
with source as (
    select * from {{ source('bronze', 'bronze_credit_limit_changes') }}
)

select
    cast(change_id as bigint)                        as change_id,
    trim(customer_id)                                as customer_id,
    cast(effective_date as date)                     as effective_date,
    cast(previous_credit_limit as decimal(12, 2))    as previous_credit_limit,
    cast(new_credit_limit as decimal(12, 2))         as new_credit_limit,
    change_reason
from source
where change_id is not null
