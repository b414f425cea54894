-- The merchant categories seen in transactions, with a spend type for the presenter's mix charts.
with categories as (
    select distinct merchant_category
    from {{ ref('fct_transactions') }}
    where merchant_category is not null
)

select
    {{ dbt.hash('merchant_category') }}                          as merchant_category_key,
    merchant_category,
    case
        when merchant_category in ('Grocery', 'Gas', 'Utilities', 'Healthcare') then 'Essential'
        else 'Discretionary'
    end                                                          as spend_type
from categories
