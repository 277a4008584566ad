PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_prev (
    id                   TEXT PRIMARY KEY,
    organisation_id      TEXT NOT NULL REFERENCES organisations (id),
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('investigator', 'station_supervisor', 'operator', 'iccc_admin', 'court', 'auditor')),
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
-- Organisation administrators become auditors (read-only) of their organisation.
INSERT INTO users_prev SELECT id, organisation_id, username, display_name,
    CASE WHEN role IN ('station_admin', 'court_admin') THEN 'auditor' ELSE role END, password_hash, totp_secret,
    totp_pending_secret, totp_last_step, disabled, created_at, updated_at, email, failed_logins, locked_until
FROM users;
DROP TABLE users;
ALTER TABLE users_prev RENAME TO users;
CREATE INDEX users_organisation_idx ON users (organisation_id);
CREATE TABLE cameras_prev (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
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
    updated_at      TIMESTAMP NOT NULL
);
INSERT INTO cameras_prev SELECT id, code, name, iccc_id, latitude, longitude, make, model, serial, mac,
    retention_days, status, created_at, updated_at FROM cameras;
DROP TABLE cameras;
ALTER TABLE cameras_prev RENAME TO cameras;
CREATE INDEX cameras_iccc_idx ON cameras (iccc_id);
CREATE INDEX cameras_position_idx ON cameras (latitude, longitude);
COMMIT;
PRAGMA foreign_keys = ON;
