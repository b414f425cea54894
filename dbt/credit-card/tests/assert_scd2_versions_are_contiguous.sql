-- SCD2: a version ends exactly where the next one starts; only the last version is open-ended.
with versions as (
    select
        customer_id,
        version_number,
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by customer_id order by version_number) as next_valid_from
    from {{ ref('dim_customer') }}
)

select *
from versions
where (next_valid_from is null and (valid_to is not null or not is_current))
   or (next_valid_from is not null and (valid_to <> next_valid_from or is_current or valid_to < valid_from))
