-- Foundation: organisations, users, sessions, cameras, footage requests.
-- Timestamps are UTC, stored without zone. Identifiers are UUIDv7 text so
-- that the same model serves SQLite and PostgreSQL.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('iccc', 'police_station', 'court')),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    organisation_id      TEXT NOT NULL REFERENCES organisations (id),
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('investigator', 'station_supervisor', 'operator', 'iccc_admin', 'court', 'auditor')),
    password_hash        TEXT NOT NULL,
    totp_secret          TEXT,
    totp_pending_secret  TEXT,
    totp_last_step       BIGINT,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT,
    client_ip       TEXT,
    user_agent      TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Refresh tokens are stored as SHA-256 hashes; each is usable once.
CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE cameras (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    iccc_id         TEXT NOT NULL REFERENCES organisations (id),
    latitude        DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    serial          TEXT NOT NULL,
    mac             TEXT,
    retention_days  INTEGER NOT NULL CHECK (retention_days > 0),
    status          TEXT NOT NULL CHECK (status IN ('online', 'offline', 'decommissioned')),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX cameras_iccc_idx ON cameras (iccc_id);
CREATE INDEX cameras_position_idx ON cameras (latitude, longitude);

CREATE TABLE footage_requests (
    id                TEXT PRIMARY KEY,
    station_id        TEXT NOT NULL REFERENCES organisations (id),
    iccc_id           TEXT NOT NULL REFERENCES organisations (id),
    filed_by          TEXT NOT NULL REFERENCES users (id),
    fir_number        TEXT,
    gd_number         TEXT,
    bns_sections      TEXT NOT NULL,
    incident_place    TEXT NOT NULL,
    incident_at       TIMESTAMP NOT NULL,
    purpose           TEXT NOT NULL,
    urgency           TEXT NOT NULL CHECK (urgency IN ('critical', 'urgent', 'routine')),
    notice_reference  TEXT NOT NULL,
    status            TEXT NOT NULL,
    reason_code       TEXT,
    version           INTEGER NOT NULL,
    submitted_at      TIMESTAMP,
    -- When the request reached the ICCC (endorsed); ICCC staff see only
    -- forwarded requests.
    forwarded_at      TIMESTAMP,
    deadline_at       TIMESTAMP,
    closed_at         TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK (fir_number IS NOT NULL OR gd_number IS NOT NULL)
);
CREATE INDEX footage_requests_station_idx ON footage_requests (station_id, created_at);
CREATE INDEX footage_requests_iccc_idx ON footage_requests (iccc_id, status, deadline_at);
CREATE INDEX footage_requests_status_idx ON footage_requests (status, deadline_at);

CREATE TABLE request_items (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES footage_requests (id),
    position      INTEGER NOT NULL,
    camera_id     TEXT NOT NULL REFERENCES cameras (id),
    window_start  TIMESTAMP NOT NULL,
    window_end    TIMESTAMP NOT NULL,
    status        TEXT NOT NULL,
    reason_code   TEXT,
    CHECK (window_end > window_start),
    UNIQUE (request_id, position)
);
CREATE INDEX request_items_camera_idx ON request_items (camera_id, window_start);

-- The request's history; rows are only ever inserted.
CREATE TABLE request_events (
    id           BIGSERIAL PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES footage_requests (id),
    at           TIMESTAMP NOT NULL,
    actor_id     TEXT REFERENCES users (id),
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason_code  TEXT,
    comment      TEXT
);
CREATE INDEX request_events_request_idx ON request_events (request_id, id);
