-- The media pack's source records, generated set-based inside DuckDB (rendered by generate.ts).
-- Every draw is a seeded hash of (seed, entity, index, purpose), never random(): the same seed,
-- scale and as-of give the same records on any number of threads. generate.ts then writes the
-- files from these tables with COPY ... TO.
--
-- Days are numbered from the window's first day (0) to the as-of day ({{ days }} - 1); a negative
-- day is before the window.

-- The draws (mhash, mu, mz, muuid), the dirt macros and the article popularity table come from
-- shared.sql, run first: the live feed draws its records with the same ones.

CREATE OR REPLACE TEMP MACRO day_start(d) AS TIMESTAMP '{{ window_start }} 00:00:00' + to_days(CAST(d AS INTEGER));

-- Subscribers: when they joined, whether and when they cancel, how much they read.
CREATE OR REPLACE TEMP TABLE _media_subscriber AS
WITH drawn AS (
  SELECT
    CAST(n AS BIGINT) AS n,
    mu(n, 0, 1) AS u_new, mu(n, 0, 2) AS u_tenure, mu(n, 0, 3) AS u_signup, mu(n, 0, 4) AS u_churn,
    mu(n, 0, 5) AS u_cancel, mu(n, 0, 6) AS u_plan, mz(n, 0, 7) AS z_read
  FROM range(1, {{ subscribers }} + 1) AS r(n)
),
joined AS (
  SELECT
    *,
    -- 12% sign up inside the window; the others joined up to five years before it, recent
    -- joiners more often (tenure roughly exponential, mean 18 months).
    CASE WHEN u_new < 0.12 THEN CAST(floor(u_signup * {{ days }}) AS INTEGER)
         ELSE -1 - CAST(least(1825, floor(-ln(1 - u_tenure) * 540)) AS INTEGER) END AS signup_day
  FROM drawn
),
hazard AS (
  SELECT
    *,
    -- The tenure effect: the newer the subscription, the likelier it is cancelled in the window.
    CASE WHEN signup_day > -90 THEN 0.22 WHEN signup_day > -365 THEN 0.12 ELSE 0.06 END AS churn_probability,
    -- Nobody cancels in their first two weeks.
    greatest(0, signup_day + 14) AS earliest_cancel_day,
    -- Each reader's device; user agents kept short (the raw CSV carries one per view).
    ['Mozilla/5.0 (Windows NT 10.0) Chrome/124.0', 'Mozilla/5.0 (Macintosh) Safari/17.4', 'Mozilla/5.0 (iPhone; iOS 17.4) Mobile Safari',
     'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile', 'Mozilla/5.0 (X11; Linux) Firefox/125.0', 'Newsworthy/5.2 (iOS 17.4; iPad)'][1 + CAST(floor(mu(n, 0, 8) * 6) AS INTEGER)] AS user_agent
  FROM joined
)
SELECT
  n,
  muuid(1, n) AS subscriber_id,
  signup_day,
  CASE WHEN u_churn < churn_probability AND earliest_cancel_day < {{ days }}
       THEN earliest_cancel_day + CAST(floor(u_cancel * ({{ days }} - earliest_cancel_day)) AS INTEGER) END AS cancel_day,
  CASE WHEN u_plan < 0.40 THEN 'basic' WHEN u_plan < 0.85 THEN 'standard' ELSE 'premium' END AS plan,
  -- Articles a day: lognormal, mean {{ reads_per_day }}, light and heavy readers far apart.
  exp(ln({{ reads_per_day }}) - 0.5 * 0.7 * 0.7 + 0.7 * z_read) AS reads_per_day,
  user_agent,
  -- The user agent as the CSV field each of their views carries: quoted once here, not per view.
  csv_field(user_agent) AS user_agent_field
FROM hazard;

-- One row per subscriber and day they are subscribed in the window (the cancel day is the first
-- day without reading). Day by day: the content rows made from it then come out in about the
-- order they are delivered in (see _media_content_row).
CREATE OR REPLACE TEMP TABLE _media_subscriber_day AS
SELECT
  s.n,
  CAST(r.d AS INTEGER) AS d,
  s.reads_per_day
  -- Subscribers who will cancel read less all along...
  * CASE WHEN s.cancel_day IS NULL THEN 1.0 ELSE 0.75 END
  -- ...and fade over the 30 days before the cancel, to ~15% on the last day.
  * CASE WHEN s.cancel_day IS NOT NULL AND s.cancel_day - r.d <= 30 THEN 0.15 + 0.85 * (s.cancel_day - r.d) / 30.0 ELSE 1.0 END
    AS expected_reads,
  -- Support tickets cluster in the three weeks before a cancel.
  {{ tickets_per_subscriber_day }} * CASE WHEN s.cancel_day IS NOT NULL AND s.cancel_day - r.d <= 21 THEN 6.0 ELSE 1.0 END
    AS ticket_probability
FROM _media_subscriber AS s, range(greatest(0, s.signup_day), coalesce(s.cancel_day, {{ days }})) AS r(d)
ORDER BY d, n;

-- Subscription events: signup, monthly payments on the billing day, plan changes, cancel.
-- event_number = n * 100 + kind * 10 + k identifies an event for every draw about it.
CREATE OR REPLACE TEMP TABLE _media_subscription_event AS
WITH billing AS (
  SELECT *, CASE WHEN signup_day >= 0 THEN signup_day ELSE ((signup_day % 30) + 30) % 30 END AS first_payment_day
  FROM _media_subscriber
),
events AS (
  SELECT n, 1 AS kind, 0 AS k, 'signup' AS event_type, signup_day AS d FROM _media_subscriber WHERE signup_day >= 0
  UNION ALL
  SELECT b.n, 2, CAST(p.k AS INTEGER), 'payment', b.first_payment_day + 30 * CAST(p.k AS INTEGER)
  FROM billing AS b, range(0, CAST(ceil({{ days }} / 30.0) AS INTEGER) + 1) AS p(k)
  WHERE b.first_payment_day + 30 * p.k < coalesce(b.cancel_day, {{ days }})
  UNION ALL
  -- 8% upgrade and 5% downgrade some day in the window; a third of those who cancel downgrade first.
  SELECT n, 3, 0, CASE WHEN mu(n, 0, 10) < 0.08 THEN 'upgrade' ELSE 'downgrade' END,
         greatest(0, signup_day) + CAST(floor(mu(n, 0, 11) * (coalesce(cancel_day, {{ days }}) - greatest(0, signup_day))) AS INTEGER)
  FROM _media_subscriber WHERE mu(n, 0, 10) < 0.13 AND coalesce(cancel_day, {{ days }}) > greatest(0, signup_day)
  UNION ALL
  SELECT n, 4, 0, 'downgrade', greatest(greatest(0, signup_day), cancel_day - 1 - CAST(floor(mu(n, 0, 13) * 20) AS INTEGER))
  FROM _media_subscriber WHERE cancel_day IS NOT NULL AND mu(n, 0, 12) < 0.33 AND cancel_day > greatest(0, signup_day)
  UNION ALL
  SELECT n, 5, 0, 'cancel', cancel_day FROM _media_subscriber WHERE cancel_day IS NOT NULL
)
SELECT
  e.n * 100 + e.kind * 10 + e.k AS event_number,
  e.n,
  e.event_type,
  s.plan,
  day_start(e.d) + to_seconds(CAST(floor(mu(e.n, e.kind * 10 + e.k, 20) * 86390) AS BIGINT)) AS event_ts,
  CASE WHEN e.event_type = 'payment' THEN round(19.99 + 10 * mz(e.n, e.kind * 10 + e.k, 21), 2) END AS payment_amount,
  ['web', 'ios', 'android'][1 + CAST(floor(mu(e.n, e.kind * 10 + e.k, 22) * 3) AS INTEGER)] AS channel
FROM events AS e
JOIN _media_subscriber AS s USING (n);

-- Subscription events as JSON lines, in the order they arrive: a few seconds after the event,
-- duplicates again up to a day later (capped at the end of the window).
CREATE OR REPLACE TEMP TABLE _media_subscription_line AS
WITH dirt AS (
  SELECT
    e.*,
    dirt_kind(mu(event_number, 0, 30), {{ rates.malformedJson }}) AS dirt,
    mu(event_number, 0, 31) AS u_detail,
    least(e.event_ts + to_seconds(1 + CAST(floor(mu(event_number, 0, 32) * 30) AS BIGINT)), TIMESTAMP '{{ window_end }}' - INTERVAL 1 SECOND) AS arrival_ts
  FROM _media_subscription_event AS e
),
records AS (
  SELECT
    d.*,
    json_object(
      'event_id', muuid(2, d.event_number),
      'subscriber_id', CASE WHEN d.dirt = 'orphan' THEN muuid(3, d.event_number) ELSE s.subscriber_id END,
      'event_type', d.event_type,
      'event_timestamp', CASE WHEN d.dirt = 'invalid_timestamp' THEN bad_timestamp(d.u_detail, '%Y-%m-%dT%H:%M:%SZ')
                              ELSE strftime(d.event_ts, '%Y-%m-%dT%H:%M:%SZ') END,
      'plan', d.plan,
      'payment_amount', CAST(d.payment_amount AS DECIMAL(10, 2)),
      'currency', 'USD',
      'channel', d.channel
    ) AS record
  FROM dirt AS d
  JOIN _media_subscriber AS s USING (n)
),
lines AS (
  SELECT
    r.event_number, r.arrival_ts, r.dirt,
    CASE
      -- Cut off mid-record, as a dropped connection leaves it.
      WHEN r.dirt = 'malformed' THEN left(CAST(r.record AS VARCHAR), CAST(length(CAST(r.record AS VARCHAR)) * (0.3 + 0.4 * r.u_detail) AS INTEGER))
      WHEN r.dirt = 'missing_field' THEN CAST(json_merge_patch(r.record, ['{"subscriber_id":null}', '{"event_type":null}', '{"event_timestamp":null}'][1 + CAST(floor(r.u_detail * 3) AS INTEGER)]) AS VARCHAR)
      ELSE CAST(r.record AS VARCHAR)
    END AS line
  FROM records AS r
)
SELECT event_number, 0 AS copy, arrival_ts, dirt, line FROM lines
UNION ALL
SELECT event_number, 1, least(arrival_ts + to_seconds(600 + CAST(floor(mu(event_number, 0, 34) * 86400) AS BIGINT)), TIMESTAMP '{{ window_end }}' - INTERVAL 1 SECOND), 'duplicate', line
FROM lines
WHERE dirt IS NULL AND mu(event_number, 0, 33) < {{ rates.duplicate }};

-- Content views. Humans: a day's reads come in sessions of up to four articles a few minutes
-- apart. The count is floor(expected * Exp(1) + U): mean expected, many quiet days, a few binges.
-- A view, not a table: only _media_content_row below is kept (two 4M-row working tables do not
-- fit the memory budget together at full scale and spill to disk).
CREATE OR REPLACE TEMP VIEW _media_content_view AS
WITH reads AS (
  SELECT n, d, CAST(floor(expected_reads * -ln(greatest(mu(n, d, 50), 1e-15)) + mu(n, d, 51)) AS INTEGER) AS reads
  FROM _media_subscriber_day
),
human AS (
  SELECT
    r.n * 1000000 + r.d * 1000 + k AS view_number,
    r.n, r.d,
    CAST(k // 4 AS INTEGER) AS session,
    floor(mu(r.n, r.d * 1000 + k // 4, 52) * 84000) + (k % 4) * floor(60 + 240 * mu(r.n, r.d * 1000 + k, 53)) AS second_of_day,
    round(180 + 120 * mz(r.n, r.d * 1000 + k, 54), 1) AS time_spent_seconds,
    mu(r.n, r.d * 1000 + k, 55) AS u_article,
    CAST(NULL AS INTEGER) AS crawl_article,
    CAST(NULL AS VARCHAR) AS bot_agent
  FROM reads AS r, range(r.reads) AS t(k)
),
-- Bots: a few scraper sessions a day on shared subscriber logins, each crawling 150-400 articles
-- in a minute or two with a known bot user agent.
bot_session AS (
  SELECT CAST(d AS INTEGER) AS d, CAST(b AS INTEGER) AS b,
         150 + CAST(floor(mu(d, b, 71) * 250) AS INTEGER) AS size,
         60 + floor(mu(d, b, 72) * 60) AS duration,
         floor(mu(d, b, 73) * 84000) AS start_second,
         1 + CAST(floor(mu(d, b, 74) * {{ subscribers }}) AS BIGINT) AS n,
         CAST(floor(mu(d, b, 75) * 1000) AS INTEGER) AS first_article,
         ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'bingbot/2.0 (+http://www.bing.com/bingbot.htm)', 'AhrefsBot/7.0 (+http://ahrefs.com/robot/)',
          'python-requests/2.31.0', 'curl/8.5.0', 'HeadlessChrome/124.0 (X11; Linux)'][1 + CAST(floor(mu(d, b, 76) * 6) AS INTEGER)] AS agent
  FROM range({{ days }}) AS r(d),
       range(CAST(floor({{ bot_sessions_per_day }} * -ln(greatest(mu(d, 0, 70), 1e-15)) + mu(d, 1, 70)) AS INTEGER)) AS s(b)
),
bot AS (
  SELECT
    900000000000 + s.d * 1000000 + s.b * 1000 + k AS view_number,
    s.n, s.d,
    -1 - s.b AS session,
    s.start_second + floor(k * s.duration / s.size) AS second_of_day,
    round(0.2 + 2 * mu(s.d, s.b * 1000 + k, 77), 1) AS time_spent_seconds,
    CAST(NULL AS DOUBLE) AS u_article,
    1 + CAST((s.first_article + k) % 1000 AS INTEGER) AS crawl_article,
    -- The bot's user agent as its CSV field: quoted once per session, not once per view.
    s.bot_agent
  FROM (SELECT *, csv_field(agent) AS bot_agent FROM bot_session) AS s, range(s.size) AS t(k)
),
views AS (SELECT * FROM human UNION ALL SELECT * FROM bot)
SELECT
  v.view_number, v.n, v.d, v.session, v.time_spent_seconds, v.bot_agent,
  coalesce(v.crawl_article, CASE WHEN v.u_article >= z.split_from THEN z.split_article ELSE z.article_id END) AS article_id,
  day_start(v.d) + to_seconds(CAST(v.second_of_day AS BIGINT)) AS event_ts,
  dirt_kind(mu(v.view_number, 0, 80), {{ rates.malformedCsv }}) AS dirt,
  mu(v.view_number, 0, 81) AS u_detail
FROM views AS v
LEFT JOIN _media_zipf_bucket AS z ON z.bucket = CAST(floor(v.u_article * 65536) AS INTEGER);

-- Content rows as they are delivered: batch = the {{ batch_minutes }}-minute window the view
-- arrives in (5-60 s after it happened); a duplicate arrives again in the next batch.
CREATE OR REPLACE TEMP TABLE _media_content_row AS
WITH arrived AS (
  SELECT
    *,
    least(epoch(event_ts) + 5 + floor(mu(view_number, 0, 82) * 55), epoch(TIMESTAMP '{{ window_end }}') - 1) AS arrival_epoch
  FROM _media_content_view
),
-- Every view once (copy 0), and the duplicated ones again (copy 1): one pass over the views.
copies AS (
  SELECT
    a.* REPLACE (
      CASE WHEN c.copy = 1 THEN least(a.arrival_epoch + {{ batch_minutes }} * 60, epoch(TIMESTAMP '{{ window_end }}') - 1) ELSE a.arrival_epoch END AS arrival_epoch
    ),
    c.copy
  FROM arrived AS a, (VALUES (0), (1)) AS c(copy)
  WHERE c.copy = 0 OR (a.dirt IS NULL AND mu(a.view_number, 0, 83) < {{ rates.duplicate }})
)
SELECT
  CAST(floor((arrival_epoch - epoch(TIMESTAMP '{{ window_start }} 00:00:00')) / ({{ batch_minutes }} * 60)) AS INTEGER) AS batch,
  arrival_epoch, view_number, copy, n, d, session, article_id, event_ts, time_spent_seconds, bot_agent, u_detail,
  CASE WHEN copy = 1 THEN 'duplicate' ELSE dirt END AS dirt
-- Not sorted: made from the subscriber days day by day, the rows of a batch sit in a few row
-- groups, and each slice generate.ts formats (and sorts) reads only those. Sorting 4M rows by
-- batch here cost a CPU second for the same files.
FROM copies;

-- The CSV line of each delivered row (the platform quotes the user agent, which may hold commas).
CREATE OR REPLACE TEMP VIEW _media_content_line AS
WITH formatted AS (
  SELECT
    c.batch, c.arrival_epoch, c.view_number, c.copy, c.dirt,
    concat_ws(',',
      CAST(c.view_number AS VARCHAR),
      CASE WHEN c.dirt = 'orphan' THEN muuid(3, c.view_number) ELSE s.subscriber_id END,
      hex16_upper(mhash(c.n * 1000 + c.d, c.session, 60)),
      CASE WHEN c.dirt = 'missing_field' THEN '' ELSE CAST(c.article_id AS VARCHAR) END,
      z.section,
      -- Whole seconds, so the cast writes '%Y-%m-%d %H:%M:%S' (cheaper than strftime on every row).
      CASE WHEN c.dirt = 'invalid_timestamp' THEN bad_timestamp(c.u_detail, '%Y-%m-%d %H:%M:%S') ELSE CAST(c.event_ts AS VARCHAR) END,
      CAST(c.time_spent_seconds AS VARCHAR),
      coalesce(c.bot_agent, s.user_agent_field)
    ) AS full_line
  FROM _media_content_row AS c
  JOIN _media_subscriber AS s USING (n)
  JOIN _media_zipf AS z USING (article_id)
)
SELECT
  batch, arrival_epoch, view_number, copy,
  -- A malformed line stops after its third field, as a truncated upload leaves it.
  CASE WHEN dirt = 'malformed' THEN array_to_string(string_split(full_line, ',')[1:3], ',') ELSE full_line END AS line
FROM formatted;

-- Support tickets: a Bernoulli draw per subscriber and day (more often before a cancel), with
-- resolution fields. Delivered as one file per day; a duplicate is re-exported the next day.
CREATE OR REPLACE TEMP TABLE _media_ticket AS
WITH opened AS (
  SELECT
    sd.n, sd.d, s.subscriber_id, s.cancel_day,
    sd.n * 1000 + sd.d AS ticket_number,
    day_start(sd.d) + to_seconds(CAST(floor(mu(sd.n, sd.d, 91) * 86390) AS BIGINT)) AS created_at,
    mu(sd.n, sd.d, 92) AS u_category, mu(sd.n, sd.d, 93) AS u_status, mu(sd.n, sd.d, 94) AS u_hours,
    mu(sd.n, sd.d, 95) AS u_score, mu(sd.n, sd.d, 96) AS u_channel, mu(sd.n, sd.d, 97) AS u_priority,
    dirt_kind(mu(sd.n, sd.d, 98), 0) AS drawn_dirt,
    s.cancel_day IS NOT NULL AND s.cancel_day - sd.d <= 21 AS before_cancel
  FROM _media_subscriber_day AS sd
  JOIN _media_subscriber AS s USING (n)
  WHERE mu(sd.n, sd.d, 90) < sd.ticket_probability
),
shaped AS (
  SELECT
    *,
    -- Only the kinds of dirt a typed Parquet export can carry.
    CASE WHEN drawn_dirt IN ('missing_field', 'orphan') THEN drawn_dirt END AS dirt,
    CASE WHEN before_cancel AND u_category < 0.5 THEN 'billing'
         ELSE ['billing', 'billing', 'billing', 'access', 'access', 'technical', 'technical', 'technical', 'account', 'content'][1 + CAST(floor(u_category * 10) AS INTEGER)] END AS category,
    -- Recent tickets may still be open.
    CASE WHEN created_at > TIMESTAMP '{{ as_of }} 00:00:00' - INTERVAL 3 DAY AND u_status < 0.5 THEN 'open'
         WHEN u_status < 0.05 THEN 'escalated' ELSE 'resolved' END AS status
  FROM opened
)
SELECT
  ticket_number, 0 AS copy, d AS file_day, dirt,
  'TCK-' || lpad(CAST(ticket_number AS VARCHAR), 9, '0') AS ticket_id,
  CASE WHEN dirt = 'missing_field' THEN NULL WHEN dirt = 'orphan' THEN muuid(3, 5000000000 + ticket_number) ELSE subscriber_id END AS subscriber_id,
  created_at,
  category,
  ['email', 'chat', 'phone'][1 + CAST(floor(u_channel * 3) AS INTEGER)] AS channel,
  CASE WHEN u_priority < 0.6 THEN 'low' WHEN u_priority < 0.9 THEN 'medium' ELSE 'high' END AS priority,
  status,
  CASE WHEN status = 'resolved' THEN created_at + to_seconds(CAST(3600 * exp(1.5 + 1.2 * u_hours) AS BIGINT)) END AS resolved_at,
  CASE WHEN status = 'resolved' THEN
    CASE category WHEN 'billing' THEN (CASE WHEN u_score < 0.4 THEN 'refund_issued' ELSE 'explained' END)
                  WHEN 'technical' THEN 'fixed' WHEN 'access' THEN 'access_restored' ELSE 'answered' END
  END AS resolution_code,
  CAST(CASE WHEN status = 'resolved' THEN least(5, greatest(1, round(CASE WHEN before_cancel THEN 2.2 ELSE 4.0 END + 1.6 * (u_score - 0.5)))) END AS INTEGER) AS satisfaction_score,
  CAST(5 + floor(u_hours * u_hours * 600) AS INTEGER) AS first_response_minutes
FROM shaped;

INSERT INTO _media_ticket
SELECT * REPLACE (1 AS copy, file_day + 1 AS file_day, 'duplicate' AS dirt)
FROM _media_ticket
WHERE dirt IS NULL AND file_day + 1 < {{ days }} AND mu(ticket_number, 0, 99) < {{ rates.duplicate }};
