-- One batch of the live feed: the subscription events and content views created between
-- {{ start_ms }} and {{ end_ms }} (epoch milliseconds, wall clock), as the source systems deliver
-- them (rendered by run.ts after shared.sql and roster.sql). Every draw is keyed on the batch
-- number, so the same seed, roster and batch give the same records; only the creation times
-- follow the clock. Each event's event_timestamp is its creation time, to the millisecond, so
-- staging's latency from event to staged row can be measured. Numbers and UUID kinds are kept
-- apart from the history's (records.sql): a feed event never shares a natural key with one.

CREATE OR REPLACE TEMP MACRO feed_ts(k, n) AS
  make_timestamp(CAST(1000 * ({{ start_ms }} + ({{ end_ms }} - {{ start_ms }}) * (k + 0.5) / n) AS BIGINT));

-- Subscription events for existing subscribers: mostly monthly payments, some plan changes and cancels.
CREATE OR REPLACE TEMP TABLE _feed_subscription_line AS
WITH drawn AS (
  SELECT
    CAST(k AS BIGINT) AS k,
    CAST({{ batch }} AS BIGINT) * 1000000 + k AS event_number,
    feed_ts(k, {{ subscription_events }}) AS event_ts
  FROM range({{ subscription_events }}) AS t(k)
),
records AS (
  SELECT
    d.*,
    r.subscriber_id,
    r.plan,
    mu(d.event_number, 12, 1) AS u_type,
    dirt_kind(mu(d.event_number, 12, 30), {{ rates.malformedJson }}) AS dirt,
    mu(d.event_number, 12, 31) AS u_detail
  FROM drawn AS d
  JOIN _feed_roster AS r ON r.k = 1 + CAST(floor(mu(d.event_number, 12, 2) * (SELECT count(*) FROM _feed_roster)) AS BIGINT)
),
json AS (
  SELECT
    *,
    json_object(
      'event_id', muuid(12, event_number),
      'subscriber_id', CASE WHEN dirt = 'orphan' THEN muuid(13, event_number) ELSE subscriber_id END,
      'event_type', CASE WHEN u_type < 0.90 THEN 'payment' WHEN u_type < 0.94 THEN 'upgrade' WHEN u_type < 0.97 THEN 'downgrade' ELSE 'cancel' END,
      'event_timestamp', CASE WHEN dirt = 'invalid_timestamp' THEN bad_timestamp(u_detail, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(event_ts, '%Y-%m-%dT%H:%M:%S.%gZ') END,
      'plan', plan,
      'payment_amount', CASE WHEN u_type < 0.90 THEN CAST(round(19.99 + 10 * mz(event_number, 12, 21), 2) AS DECIMAL(10, 2)) END,
      'currency', 'USD',
      'channel', ['web', 'ios', 'android'][1 + CAST(floor(mu(event_number, 12, 22) * 3) AS INTEGER)]
    ) AS record
  FROM records
),
lines AS (
  SELECT
    k, event_number, dirt,
    CASE
      WHEN dirt = 'malformed' THEN left(CAST(record AS VARCHAR), CAST(length(CAST(record AS VARCHAR)) * (0.3 + 0.4 * u_detail) AS INTEGER))
      WHEN dirt = 'missing_field' THEN CAST(json_merge_patch(record, ['{"subscriber_id":null}', '{"event_type":null}', '{"event_timestamp":null}'][1 + CAST(floor(u_detail * 3) AS INTEGER)]) AS VARCHAR)
      ELSE CAST(record AS VARCHAR)
    END AS line
  FROM json
)
-- A duplicate is the same record delivered again later in the batch.
SELECT k, 0 AS copy, dirt, line FROM lines
UNION ALL
SELECT {{ subscription_events }} + k, 1, 'duplicate', line FROM lines WHERE dirt IS NULL AND mu(event_number, 12, 33) < {{ rates.duplicate }}
ORDER BY 1, 2;

-- Content views: people reading (ZIPF article popularity, NORMAL(180, 120) seconds) and a share
-- of scraper traffic (a known bot user agent, a second or two a page).
CREATE OR REPLACE TEMP TABLE _feed_content_line AS
WITH drawn AS (
  SELECT
    CAST(k AS BIGINT) AS k,
    2000000000000 + CAST({{ batch }} AS BIGINT) * 1000000 + k AS view_number,
    feed_ts(k, {{ content_events }}) AS event_ts
  FROM range({{ content_events }}) AS t(k)
),
views AS (
  SELECT
    d.*,
    r.subscriber_id,
    r.k AS reader,
    mu(d.view_number, 14, 3) < {{ bot_share }} AS is_bot,
    dirt_kind(mu(d.view_number, 14, 80), {{ rates.malformedCsv }}) AS dirt,
    mu(d.view_number, 14, 81) AS u_detail,
    mu(d.view_number, 14, 55) AS u_article
  FROM drawn AS d
  JOIN _feed_roster AS r ON r.k = 1 + CAST(floor(mu(d.view_number, 14, 2) * (SELECT count(*) FROM _feed_roster)) AS BIGINT)
),
formatted AS (
  SELECT
    v.k, v.dirt,
    concat_ws(',',
      CAST(v.view_number AS VARCHAR),
      CASE WHEN v.dirt = 'orphan' THEN muuid(13, v.view_number) ELSE v.subscriber_id END,
      -- A person's view is a session of its own here (a fast feed over a small roster would otherwise
      -- give one reader dozens of views a minute, which staging rightly takes for a scraper); a
      -- batch's scraper views share one session, as the history's do.
      hex16_upper(CASE WHEN v.is_bot THEN mhash(0, {{ batch }}, 61) ELSE mhash(v.reader, v.view_number, 60) END),
      CASE WHEN v.dirt = 'missing_field' THEN '' ELSE CAST(z.article_id AS VARCHAR) END,
      z.section,
      CASE WHEN v.dirt = 'invalid_timestamp' THEN bad_timestamp(v.u_detail, '%Y-%m-%d %H:%M:%S') ELSE strftime(v.event_ts, '%Y-%m-%d %H:%M:%S.%g') END,
      CAST(CASE WHEN v.is_bot THEN round(0.2 + 2 * mu(v.view_number, 14, 77), 1) ELSE round(180 + 120 * mz(v.view_number, 14, 54), 1) END AS VARCHAR),
      '"' || CASE WHEN v.is_bot
        THEN ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'bingbot/2.0 (+http://www.bing.com/bingbot.htm)', 'AhrefsBot/7.0 (+http://ahrefs.com/robot/)',
              'python-requests/2.31.0', 'curl/8.5.0', 'HeadlessChrome/124.0 (X11; Linux)'][1 + CAST(floor(mu(v.view_number, 14, 76) * 6) AS INTEGER)]
        ELSE ['Mozilla/5.0 (Windows NT 10.0) Chrome/124.0', 'Mozilla/5.0 (Macintosh) Safari/17.4', 'Mozilla/5.0 (iPhone; iOS 17.4) Mobile Safari',
              'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile', 'Mozilla/5.0 (X11; Linux) Firefox/125.0', 'Newsworthy/5.2 (iOS 17.4; iPad)'][1 + CAST(mhash(v.reader, 0, 8) % CAST(6 AS UBIGINT) AS INTEGER)]
      END || '"'
    ) AS full_line,
    v.view_number
  FROM views AS v
  LEFT JOIN _media_zipf_bucket AS b ON b.bucket = CAST(floor(v.u_article * 65536) AS INTEGER)
  LEFT JOIN _media_zipf AS z ON z.article_id = CASE WHEN v.u_article >= b.split_from THEN b.split_article ELSE b.article_id END
),
lines AS (
  SELECT
    k, view_number, dirt,
    CASE WHEN dirt = 'malformed' THEN array_to_string(string_split(full_line, ',')[1:3], ',') ELSE full_line END AS line
  FROM formatted
)
SELECT -1 AS k, 0 AS copy, NULL AS dirt, {{ header }} AS line
UNION ALL
SELECT k, 0, dirt, line FROM lines
UNION ALL
SELECT {{ content_events }} + k, 1, 'duplicate', line FROM lines WHERE dirt IS NULL AND mu(view_number, 14, 83) < {{ rates.duplicate }}
ORDER BY 1, 2;
