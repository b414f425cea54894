-- Applying every credit-limit change ends at the customer's current limit in bronze.
select
    d.customer_id,
    d.credit_limit as dim_credit_limit,
    c.credit_limit as bronze_credit_limit
from {{ ref('dim_customer') }} as d
inner join {{ ref('stg_bronze__customers') }} as c
    on c.customer_id = d.customer_id
where d.is_current
  and d.credit_limit <> c.credit_limit
