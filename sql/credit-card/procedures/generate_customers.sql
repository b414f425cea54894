-- =====================================================================================
-- BRONZE.GENERATE_CUSTOMERS(customer_count, seed [, as_of]): the customer generator as a Python
-- stored procedure ("generates data with Python in Snowflake").
--   CALL BRONZE.GENERATE_CUSTOMERS(50000, 42);
-- Same columns, segment mix and profiles as the local generator
-- (src/scenario/credit-card/generate/customers.ts, segments.ts, geography.ts): exact segment
-- counts by largest remainder (15/40/25/10/10 %), a seeded shuffle so ids carry no segment
-- pattern, ages/cards/limits per segment, New & Growing opened inside the window, Declining
-- split 60/40 gradual/sudden, and a credit-limit history that ends at today's limit (the
-- SCD Type 2 source). SEGMENTS and STATES below are checked against the TypeScript tables by
-- test/orchestration/procedure.test.ts. The random streams differ from faker-js, so names and
-- draws differ from the local run; the distributions are the same.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

CREATE OR REPLACE PROCEDURE BRONZE.GENERATE_CUSTOMERS(
  CUSTOMER_COUNT INTEGER,
  SEED INTEGER,
  AS_OF VARCHAR DEFAULT '2025-06-30'
)
RETURNS VARCHAR
LANGUAGE PYTHON
RUNTIME_VERSION = '3.11'
PACKAGES = ('snowflake-snowpark-python', 'faker')
HANDLER = 'generate'
COMMENT = 'Customer 360: generate BRONZE_CUSTOMERS and BRONZE_CREDIT_LIMIT_CHANGES'
EXECUTE AS OWNER
AS
$$
import json
import random
from datetime import date, timedelta

from faker import Faker
from snowflake.snowpark.types import DateType, DecimalType, IntegerType, LongType, StringType, StructField, StructType

# BEGIN SEGMENTS (mirrors src/scenario/credit-card/segments.ts)
SEGMENTS = json.loads("""[
  {"name": "High-Value Travelers", "share": 0.15, "ageRange": [30, 66], "cardTypes": {"Travel Rewards": 55, "Platinum": 35, "Gold": 10}, "creditLimitRange": [15000, 50000], "limitChangeChance": 0.25},
  {"name": "Stable Mid-Spenders", "share": 0.4, "ageRange": [28, 70], "cardTypes": {"Gold": 50, "Standard": 35, "Platinum": 15}, "creditLimitRange": [5000, 15000], "limitChangeChance": 0.2},
  {"name": "Budget-Conscious", "share": 0.25, "ageRange": [21, 75], "cardTypes": {"Standard": 80, "Gold": 20}, "creditLimitRange": [1000, 5000], "limitChangeChance": 0.15},
  {"name": "Declining", "share": 0.1, "ageRange": [25, 72], "cardTypes": {"Gold": 45, "Standard": 40, "Platinum": 15}, "creditLimitRange": [3000, 12000], "limitChangeChance": 0.3},
  {"name": "New & Growing", "share": 0.1, "ageRange": [21, 36], "cardTypes": {"Standard": 50, "Gold": 40, "Travel Rewards": 10}, "creditLimitRange": [2000, 8000], "limitChangeChance": 0.6}
]""")
# END SEGMENTS

# BEGIN STATES (mirrors src/scenario/credit-card/geography.ts)
STATES = json.loads("""[
  {"code": "CA", "weight": 39, "cities": ["Los Angeles", "San Diego", "San Jose", "San Francisco", "Fresno", "Sacramento", "Oakland"]},
  {"code": "TX", "weight": 30, "cities": ["Houston", "San Antonio", "Dallas", "Austin", "Fort Worth", "El Paso", "Plano"]},
  {"code": "FL", "weight": 22, "cities": ["Jacksonville", "Miami", "Tampa", "Orlando", "St. Petersburg", "Tallahassee"]},
  {"code": "NY", "weight": 20, "cities": ["New York", "Buffalo", "Rochester", "Yonkers", "Syracuse", "Albany"]},
  {"code": "PA", "weight": 13, "cities": ["Philadelphia", "Pittsburgh", "Allentown", "Erie", "Reading"]},
  {"code": "IL", "weight": 12.5, "cities": ["Chicago", "Aurora", "Naperville", "Joliet", "Rockford", "Springfield"]},
  {"code": "OH", "weight": 11.8, "cities": ["Columbus", "Cleveland", "Cincinnati", "Toledo", "Akron", "Dayton"]},
  {"code": "GA", "weight": 11, "cities": ["Atlanta", "Augusta", "Columbus", "Macon", "Savannah", "Athens"]},
  {"code": "NC", "weight": 10.8, "cities": ["Charlotte", "Raleigh", "Greensboro", "Durham", "Winston-Salem", "Fayetteville"]},
  {"code": "MI", "weight": 10, "cities": ["Detroit", "Grand Rapids", "Warren", "Sterling Heights", "Ann Arbor", "Lansing"]},
  {"code": "NJ", "weight": 9.3, "cities": ["Newark", "Jersey City", "Paterson", "Elizabeth", "Trenton"]},
  {"code": "VA", "weight": 8.7, "cities": ["Virginia Beach", "Norfolk", "Chesapeake", "Richmond", "Arlington", "Alexandria"]},
  {"code": "WA", "weight": 7.8, "cities": ["Seattle", "Spokane", "Tacoma", "Vancouver", "Bellevue", "Olympia"]},
  {"code": "AZ", "weight": 7.4, "cities": ["Phoenix", "Tucson", "Mesa", "Chandler", "Scottsdale", "Tempe"]},
  {"code": "MA", "weight": 7, "cities": ["Boston", "Worcester", "Springfield", "Cambridge", "Lowell"]},
  {"code": "TN", "weight": 7, "cities": ["Nashville", "Memphis", "Knoxville", "Chattanooga", "Clarksville"]},
  {"code": "CO", "weight": 5.9, "cities": ["Denver", "Colorado Springs", "Aurora", "Fort Collins", "Boulder"]},
  {"code": "MN", "weight": 5.7, "cities": ["Minneapolis", "Saint Paul", "Rochester", "Duluth", "Bloomington"]},
  {"code": "OR", "weight": 4.2, "cities": ["Portland", "Salem", "Eugene", "Bend", "Medford"]},
  {"code": "NV", "weight": 3.2, "cities": ["Las Vegas", "Henderson", "Reno", "North Las Vegas", "Carson City"]},
  {"code": "UT", "weight": 3.4, "cities": ["Salt Lake City", "West Valley City", "Provo", "Ogden", "St. George"]}
]""")
# END STATES

HISTORY_MONTHS = 18


def window_start_for(as_of):
    """First day of the month HISTORY_MONTHS - 1 months before as-of's month."""
    months = as_of.year * 12 + (as_of.month - 1) - (HISTORY_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def segment_counts(n):
    """The seed's shares as exact counts that add up to n (largest remainder)."""
    raw = [s["share"] * n for s in SEGMENTS]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    missing = n - sum(counts)
    for i in order:
        if missing <= 0:
            break
        counts[i] += 1
        missing -= 1
    return counts


def weighted(rng, pairs):
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights=weights, k=1)[0]


def round_to(value, step):
    return int(round(value / step)) * step


def generate(session, customer_count, seed, as_of):
    if customer_count is None or customer_count <= 0:
        raise ValueError("CUSTOMER_COUNT must be a positive integer")
    as_of_date = date.fromisoformat(as_of)
    window_start = window_start_for(as_of_date)
    window_days = (as_of_date - window_start).days
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)

    counts = segment_counts(customer_count)
    segment_of_index = [s for s, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(segment_of_index)
    state_pairs = [(s, s["weight"]) for s in STATES]

    customers, changes = [], []
    for i in range(customer_count):
        segment = SEGMENTS[segment_of_index[i]]
        customer_id = f"CUST{i + 1:06d}"
        first_name, last_name = fake.first_name(), fake.last_name()
        state = weighted(rng, state_pairs)
        age = rng.randint(segment["ageRange"][0], segment["ageRange"][1])
        if age >= 65:
            employment = weighted(rng, [("Retired", 75), ("Self-Employed", 15), ("Employed", 10)])
        elif age <= 23:
            employment = weighted(rng, [("Student", 55), ("Employed", 35), ("Unemployed", 10)])
        else:
            employment = weighted(rng, [("Employed", 78), ("Self-Employed", 15), ("Unemployed", 7)])
        card_type = weighted(rng, list(segment["cardTypes"].items()))
        current_limit = round_to(rng.randint(segment["creditLimitRange"][0], segment["creditLimitRange"][1]), 500)
        if segment["name"] == "New & Growing":
            open_date = as_of_date - timedelta(days=rng.randint(30, 450))
        else:
            open_date = window_start - timedelta(days=rng.randint(180, 15 * 365))
        decline_type = weighted(rng, [("gradual", 60), ("sudden", 40)]) if segment["name"] == "Declining" else None

        # Credit-limit history, worked backwards from today's limit so the last change lands on it.
        if rng.random() < segment["limitChangeChance"]:
            change_count = rng.randint(1, 2)
            earliest = max(0, (open_date - window_start).days + 30)
            low = min(earliest, window_days - 10)
            offsets = sorted(rng.randint(low, window_days - 5) for _ in range(change_count))
            limit = current_limit
            mine = []
            for offset in reversed(offsets):
                cut = segment["name"] == "Declining"
                step = round_to(limit * rng.uniform(0.1, 0.3), 500) or 500
                previous = limit + step if cut else max(500, limit - step)
                reason = "risk review decrease" if cut else rng.choice(
                    ["annual review increase", "customer requested increase", "usage-based increase"])
                mine.insert(0, [customer_id, window_start + timedelta(days=offset), previous, limit, reason])
                limit = previous
            changes.extend(mine)

        provider = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"])
        email = f"{first_name}.{last_name}{rng.randint(1, 999)}@{provider}".lower().replace(" ", "").replace("'", "")
        customers.append([
            customer_id, first_name, last_name, email, age, state["code"], rng.choice(state["cities"]),
            employment, card_type, current_limit, open_date, segment["name"], decline_type,
        ])

    customer_schema = StructType([
        StructField("CUSTOMER_ID", StringType()), StructField("FIRST_NAME", StringType()),
        StructField("LAST_NAME", StringType()), StructField("EMAIL", StringType()),
        StructField("AGE", IntegerType()), StructField("STATE", StringType()), StructField("CITY", StringType()),
        StructField("EMPLOYMENT_STATUS", StringType()), StructField("CARD_TYPE", StringType()),
        StructField("CREDIT_LIMIT", DecimalType(12, 2)), StructField("ACCOUNT_OPEN_DATE", DateType()),
        StructField("CUSTOMER_SEGMENT", StringType()), StructField("DECLINE_TYPE", StringType()),
    ])
    change_schema = StructType([
        StructField("CHANGE_ID", LongType()), StructField("CUSTOMER_ID", StringType()),
        StructField("EFFECTIVE_DATE", DateType()), StructField("PREVIOUS_CREDIT_LIMIT", DecimalType(12, 2)),
        StructField("NEW_CREDIT_LIMIT", DecimalType(12, 2)), StructField("CHANGE_REASON", StringType()),
    ])
    numbered_changes = [[index + 1] + change for index, change in enumerate(changes)]
    # truncate keeps the tables (their grants, and anything that depends on them).
    session.create_dataframe(customers, schema=customer_schema).write.mode("truncate").save_as_table("BRONZE.BRONZE_CUSTOMERS")
    session.create_dataframe(numbered_changes, schema=change_schema).write.mode("truncate").save_as_table("BRONZE.BRONZE_CREDIT_LIMIT_CHANGES")
    return f"{len(customers)} customers, {len(numbered_changes)} credit-limit changes ({window_start} .. {as_of_date}, seed {seed})"
$$;

-- Example (the root task of the DAG runs exactly this):
-- CALL BRONZE.GENERATE_CUSTOMERS(50000, 42);
