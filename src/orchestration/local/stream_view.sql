-- The local stand-in for one Snowflake stream of a pack's task graph: the source rows
-- past the stream's offset, with Snowflake's three metadata columns. An append-only stream only
-- ever shows INSERTs. METADATA$ROW_ID is a stable 40-hex-digit id per source row.
CREATE OR REPLACE VIEW {{ view }} AS
SELECT
  t.*,
  'INSERT'                                              AS "METADATA$ACTION",
  FALSE                                                 AS "METADATA$ISUPDATE",
  sha1('{{ source }}:' || CAST(t.{{ key }} AS VARCHAR))  AS "METADATA$ROW_ID"
FROM {{ source }} AS t
WHERE t.{{ key }} > (
  SELECT offset_id FROM _SNOWFLAKE_EMULATION.stream_offsets WHERE stream_name = '{{ stream }}'
);
