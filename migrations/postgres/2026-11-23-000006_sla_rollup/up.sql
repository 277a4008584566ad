-- Monthly SLA rollup: what the settled requests (sla_outcome not NULL)
-- whose deadline falls in a UTC calendar month add up to, per ICCC,
-- station, urgency and whether the ICCC has the request. Maintained by
-- deltas in the transaction of every request change (db::sla_rollup), so
-- a report over whole months reads a few thousand rows instead of a
-- quarter's requests. Open requests are never rolled up: whether they are
-- pending or missed depends on the moment the report is for.
CREATE TABLE sla_rollup (
    month TIMESTAMP NOT NULL,
    iccc_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    urgency TEXT NOT NULL,
    forwarded BOOLEAN NOT NULL,
    on_time BIGINT NOT NULL DEFAULT 0,
    late BIGINT NOT NULL DEFAULT 0,
    missed BIGINT NOT NULL DEFAULT 0,
    -- Misses per reason code, in domain::reason::ReasonCode::ALL order.
    r0 BIGINT NOT NULL DEFAULT 0,
    r1 BIGINT NOT NULL DEFAULT 0,
    r2 BIGINT NOT NULL DEFAULT 0,
    r3 BIGINT NOT NULL DEFAULT 0,
    r4 BIGINT NOT NULL DEFAULT 0,
    r5 BIGINT NOT NULL DEFAULT 0,
    r6 BIGINT NOT NULL DEFAULT 0,
    -- Every time to fulfil in the group, in whole seconds, ascending, as
    -- little-endian i64s: exact medians and p90s merge from these.
    secs BYTEA NOT NULL DEFAULT '\x',
    PRIMARY KEY (month, iccc_id, station_id, urgency, forwarded)
);

-- The open requests a report still counts from the requests table.
CREATE INDEX footage_requests_open_sla_idx ON footage_requests (deadline_at)
    INCLUDE (station_id, iccc_id, forwarded_at, urgency, sla_reason_bits)
    WHERE sla_outcome IS NULL;
