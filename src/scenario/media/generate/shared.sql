-- What the media pack's history generation (records.sql) and its live feed (feed/batch.sql)
-- share: the seeded draws, the dirt macros and the article popularity table. Rendered with
-- seed, as_of (the date after which a timestamp is "in the future") and rates.

-- hash() of several values mixes the last ones poorly into the high bits (draws for c and c + 1
-- came out 0.99 correlated), so the combined hash is hashed once more.
CREATE OR REPLACE TEMP MACRO mhash(a, b, c) AS hash(hash({{ seed }}, a, b, c));

CREATE OR REPLACE TEMP MACRO mu(a, b, c) AS CAST(mhash(a, b, c) >> 11 AS DOUBLE) / 9007199254740992.0;

-- Standard normal from two uniforms (Box-Muller).
CREATE OR REPLACE TEMP MACRO mz(a, b, c) AS
  sqrt(-2.0 * ln(greatest(mu(a, b, c), 1e-15))) * cos(2.0 * pi() * mu(a, b, c + 500));

CREATE OR REPLACE TEMP MACRO hex16(a, b, c) AS format('{:016x}', mhash(a, b, c));

-- A hash as 16 upper-case hex digits. lpad counts characters (UTF-8) and costs more than the hash
-- itself, and only one value in 16 is short of 16 digits: the rest skip it.
CREATE OR REPLACE TEMP MACRO hex16_upper(h) AS
  CASE WHEN h >= CAST(1152921504606846976 AS UBIGINT) THEN to_hex(h) ELSE lpad(to_hex(h), 16, '0') END;

-- A UUID v4 drawn from the seed: version nibble 4, variant 8-b, the rest hash bits.
CREATE OR REPLACE TEMP MACRO muuid(kind, n) AS
  substr(hex16(kind, n, 901), 1, 8) || '-' || substr(hex16(kind, n, 901), 9, 4) || '-4' || substr(hex16(kind, n, 901), 13, 3) || '-'
  || substr('89ab', 1 + CAST(mhash(kind, n, 903) % CAST(4 AS UBIGINT) AS INTEGER), 1)
  || substr(hex16(kind, n, 902), 1, 3) || '-' || substr(hex16(kind, n, 902), 4, 12);

-- A CSV field in double quotes (the platform quotes the user agent, which may hold commas).
CREATE OR REPLACE TEMP MACRO csv_field(text) AS '"' || replace(text, '"', '""') || '"';

-- Each record carries at most one kind of dirt, drawn from one uniform against the stated rates.
CREATE OR REPLACE TEMP MACRO dirt_kind(u, malformed_rate) AS
  CASE WHEN u < malformed_rate THEN 'malformed'
       WHEN u < malformed_rate + {{ rates.missingField }} THEN 'missing_field'
       WHEN u < malformed_rate + {{ rates.missingField }} + {{ rates.invalidTimestamp }} THEN 'invalid_timestamp'
       WHEN u < malformed_rate + {{ rates.missingField }} + {{ rates.invalidTimestamp }} + {{ rates.orphan }} THEN 'orphan'
  END;

-- A timestamp that cannot be used: a third unparseable, two thirds after the as-of date.
CREATE OR REPLACE TEMP MACRO bad_timestamp(u, fmt) AS
  CASE WHEN u < 1.0 / 3 THEN ['not-a-timestamp', '2025-02-30 25:61:00', ''][1 + CAST(floor(u * 9) AS INTEGER)]
       ELSE strftime(TIMESTAMP '{{ as_of }} 12:00:00' + to_days(1 + CAST(floor(u * 400) AS INTEGER)), fmt) END;

-- Article popularity: ZIPF(s = 1, N = 1000). Rank r has probability (1/r) / H(1000); an event's
-- uniform draw picks the rank whose cumulative interval holds it (through _media_zipf_bucket).
CREATE OR REPLACE TEMP TABLE _media_zipf AS
WITH ranks AS (SELECT CAST(r AS INTEGER) AS article_id, 1.0 / r AS weight FROM range(1, 1001) AS t(r))
SELECT
  article_id,
  coalesce(sum(weight) OVER (ORDER BY article_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(weight) OVER () AS cdf_from,
  ['politics', 'business', 'technology', 'sport', 'culture', 'opinion', 'science', 'world'][1 + CAST(mhash(article_id, 0, 40) % CAST(8 AS UBIGINT) AS INTEGER)] AS section
FROM ranks;

-- The same draw as an equi-join on a bucket number: the unit interval cut into 2^16 equal buckets,
-- each with the rank in force at its start and the one rank boundary (if any) inside it. A draw u
-- falls in bucket floor(u * 2^16) (exact in floating point) and is that bucket's split rank when
-- u >= split_from, else its first rank: the same rank as the largest cdf_from <= u. Every rank's
-- interval is wider than a bucket (the narrowest, rank 1000's, is 1.3e-4; a bucket is 1.5e-5), so
-- no bucket holds two boundaries; the statement after the table checks it. Four million draws
-- are then a hash join on an integer, where an ASOF JOIN sorted them all.
CREATE OR REPLACE TEMP TABLE _media_zipf_bucket AS
WITH buckets AS (
  SELECT CAST(b AS INTEGER) AS bucket, CAST(b AS DOUBLE) / 65536 AS bucket_from FROM range(65536) AS t(b)
),
inside AS (
  SELECT CAST(floor(cdf_from * 65536) AS INTEGER) AS bucket, count(*) AS boundaries, min(cdf_from) AS split_from, min(article_id) AS split_article
  FROM _media_zipf
  WHERE cdf_from * 65536 <> floor(cdf_from * 65536)
  GROUP BY ALL
)
SELECT b.bucket, z.article_id, i.split_from, i.split_article, coalesce(i.boundaries, 0) AS boundaries
FROM buckets AS b
ASOF JOIN _media_zipf AS z ON b.bucket_from >= z.cdf_from
LEFT JOIN inside AS i USING (bucket);
SELECT error('two article ranks start inside one bucket of _media_zipf_bucket') FROM _media_zipf_bucket WHERE boundaries > 1;
