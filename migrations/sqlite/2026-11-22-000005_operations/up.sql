-- Issue "Fulfilment SLAs": the SLA outcome kept with each request,
-- case disposal (retention), notifications, account lockout, legal holds,
-- erasure tombstones and the CISO's security events.

-- What domain::sla::Settled says about the request, rewritten whenever it
-- or one of its items changes, so reports count in SQL. sla_outcome is
-- NULL while the request is open (pending, or missed once past deadline).
ALTER TABLE footage_requests ADD COLUMN sla_outcome TEXT;
-- The reasons a miss counts under, one bit per reason code (bit i is
-- domain::reason::ReasonCode::ALL[i]).
ALTER TABLE footage_requests ADD COLUMN sla_reason_bits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE footage_requests ADD COLUMN sla_hours REAL;
-- ISO week of the deadline, e.g. 2026-W47.
ALTER TABLE footage_requests ADD COLUMN sla_week TEXT;
-- When the case the footage was requested for was disposed of (the clip
-- retention clock starts here), and the order or reference that says so.
ALTER TABLE footage_requests ADD COLUMN case_disposed_at TIMESTAMP;
ALTER TABLE footage_requests ADD COLUMN case_disposal_reference TEXT;
-- Covers the SLA reports: a period's requests are read from the index
-- alone, in deadline order, never from the table.
CREATE INDEX footage_requests_sla_idx ON footage_requests
    (deadline_at, station_id, iccc_id, forwarded_at, urgency, sla_week, sla_outcome, sla_hours, sla_reason_bits);

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;

-- One notification per user, request, kind and threshold moment: an alert
-- fires once per threshold crossing however often the sweep runs.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    request_id  TEXT NOT NULL REFERENCES footage_requests (id),
    kind        TEXT NOT NULL CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached')),
    due_at      TIMESTAMP NOT NULL,
    message     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    emailed_at  TIMESTAMP,
    UNIQUE (user_id, request_id, kind, due_at)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);

-- A legal hold keeps a clip from erasure (and sets the S3 object's legal
-- hold) until released.
CREATE TABLE legal_holds (
    id          TEXT PRIMARY KEY,
    clip_id     TEXT NOT NULL REFERENCES clips (id),
    reason      TEXT NOT NULL,
    placed_by   TEXT NOT NULL REFERENCES users (id),
    placed_at   TIMESTAMP NOT NULL,
    released_by TEXT REFERENCES users (id),
    released_at TIMESTAMP
);
CREATE INDEX legal_holds_clip_idx ON legal_holds (clip_id);

-- What existed after its bytes were erased: the clip row and its manifest
-- stay, and this tombstone says who erased it, why and when.
CREATE TABLE clip_erasures (
    clip_id         TEXT PRIMARY KEY REFERENCES clips (id),
    sha256          TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    storage_key     TEXT NOT NULL,
    manifest_sha256 TEXT,
    -- NULL when the retention job erased it.
    erased_by       TEXT REFERENCES users (id),
    basis           TEXT NOT NULL CHECK (basis IN ('retention_expired', 'erasure_request', 'court_order')),
    reason          TEXT NOT NULL,
    erased_at       TIMESTAMP NOT NULL
);

CREATE TABLE security_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TIMESTAMP NOT NULL,
    kind            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    -- No foreign key: a failed login may name no user at all.
    actor_id        TEXT,
    username        TEXT,
    organisation_id TEXT,
    client_ip       TEXT,
    subject         TEXT,
    detail          TEXT NOT NULL
);
CREATE INDEX security_events_at_idx ON security_events (at);
CREATE INDEX security_events_kind_idx ON security_events (kind, at);
CREATE INDEX custody_events_actor_idx ON custody_events (actor_id, at);

CREATE TRIGGER clip_erasures_no_update BEFORE UPDATE ON clip_erasures
BEGIN SELECT RAISE(ABORT, 'sakshya: clip_erasures is append-only'); END;
CREATE TRIGGER clip_erasures_no_delete BEFORE DELETE ON clip_erasures
BEGIN SELECT RAISE(ABORT, 'sakshya: clip_erasures is append-only'); END;

CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
BEGIN SELECT RAISE(ABORT, 'sakshya: security_events is append-only'); END;
CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events
BEGIN SELECT RAISE(ABORT, 'sakshya: security_events is append-only'); END;
