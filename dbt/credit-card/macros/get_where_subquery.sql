{#-
  What a generic test reads (dbt calls this for every generic test; this overrides dbt's own).
  A test's `where` config may name the tested relation as __this__, so a filter can refer to the
  relation's own latest rows, e.g. "transaction_month >= (select max(transaction_month) from __this__)".
  Such a filter applies to incremental runs only: a --full-refresh build tests every row.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where and '__this__' in where and flags.FULL_REFRESH -%}
        {{ return(relation) }}
    {%- elif where -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ (where | replace('__this__', relation | string)) ~ ') dbt_subquery') }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
