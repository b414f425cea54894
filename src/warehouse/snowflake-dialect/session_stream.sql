-- A Snowflake stream selected by its name: the source rows past the stream's offset, with
-- Snowflake's metadata columns, as the emulation's stream view (src/orchestration/local/
-- stream_view.sql) shows them. A stream the emulation has not read yet was created at the
-- table's current end, so it is empty.
CREATE OR REPLACE TEMP MACRO {{ macro }}() AS TABLE
SELECT
  t.*,
  'INSERT'                                              AS "METADATA$ACTION",
  FALSE                                                 AS "METADATA$ISUPDATE",
  sha1('{{ source }}:' || CAST(t.{{ key }} AS VARCHAR))  AS "METADATA$ROW_ID"
FROM {{ database }}.{{ source }} AS t
WHERE t.{{ key }} > coalesce(
  (SELECT offset_id FROM {{ database }}.{{ schema }}.stream_offsets WHERE stream_name = '{{ stream }}'),
  (SELECT max({{ key }}) FROM {{ database }}.{{ source }})
);

CREATE OR REPLACE TEMP MACRO {{ hasData }}() AS (SELECT EXISTS (SELECT 1 FROM {{ macro }}()));
