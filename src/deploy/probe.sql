SHOW {{ plural }} LIKE {{ name }}{% if container %} IN {{ container }}{% endif %}
