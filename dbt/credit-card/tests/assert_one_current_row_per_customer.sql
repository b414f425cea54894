-- Every customer has exactly one current version in DIM_CUSTOMER.
select
    c.customer_id,
    count(d.customer_id) as current_versions
from {{ ref('stg_bronze__customers') }} as c
left join {{ ref('dim_customer') }} as d
    on d.customer_id = c.customer_id
   and d.is_current
group by c.customer_id
having count(d.customer_id) <> 1
