-- Issue "Evidence safety": organisation administrators (station_admin,
-- court_admin) beside iccc_admin, and camera codes unique per ICCC, not
-- city-wide (the recordings folder is <root>/<ICCC code>/<camera code>).
-- users and cameras are referenced by other tables, so they are rebuilt
-- the way SQLite documents (foreign keys off, one transaction, checked).
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE users_next (
    id                   TEXT PRIMARY KEY,
    organisation_id      TEXT NOT NULL REFERENCES organisations (id),
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('investigator', 'station_supervisor', 'station_admin', 'operator', 'iccc_admin', 'court', 'court_admin', 'auditor')),
    password_hash        TEXT NOT NULL,
    totp_secret          TEXT,
    totp_pending_secret  TEXT,
    totp_last_step       BIGINT,
    disabled             BOOLEAN NOT NULL DEFAULT 0,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    email                TEXT,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP
);
INSERT INTO users_next (id, organisation_id, username, display_name, role, password_hash, totp_secret,
    totp_pending_secret, totp_last_step, disabled, created_at, updated_at, email, failed_logins, locked_until)
SELECT id, organisation_id, username, display_name, role, password_hash, totp_secret,
    totp_pending_secret, totp_last_step, disabled, created_at, updated_at, email, failed_logins, locked_until
FROM users;
DROP TABLE users;
ALTER TABLE users_next RENAME TO users;
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE cameras_next (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    iccc_id         TEXT NOT NULL REFERENCES organisations (id),
    latitude        DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    serial          TEXT NOT NULL,
    mac             TEXT,
    retention_days  INTEGER NOT NULL CHECK (retention_days > 0),
    status          TEXT NOT NULL CHECK (status IN ('online', 'offline', 'decommissioned')),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (iccc_id, code)
);
INSERT INTO cameras_next (id, code, name, iccc_id, latitude, longitude, make, model, serial, mac,
    retention_days, status, created_at, updated_at)
SELECT id, code, name, iccc_id, latitude, longitude, make, model, serial, mac,
    retention_days, status, created_at, updated_at
FROM cameras;
DROP TABLE cameras;
ALTER TABLE cameras_next RENAME TO cameras;
CREATE INDEX cameras_position_idx ON cameras (latitude, longitude);

COMMIT;
PRAGMA foreign_keys = ON;
