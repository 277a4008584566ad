-- Issue "Reliability, security and scale-out": a lockout notifies the
-- locked user and their city's ICCC administrators. Such a notification
-- is about an account, not a request, so request_id is NULL exactly for
-- the kind account_locked. SQLite cannot change a column's constraints,
-- so the table is rebuilt (nothing references it).
CREATE TABLE notifications_next (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    request_id  TEXT REFERENCES footage_requests (id),
    kind        TEXT NOT NULL CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached', 'account_locked')),
    due_at      TIMESTAMP NOT NULL,
    message     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    emailed_at  TIMESTAMP,
    UNIQUE (user_id, request_id, kind, due_at),
    CHECK ((kind = 'account_locked') = (request_id IS NULL))
);
INSERT INTO notifications_next SELECT id, user_id, request_id, kind, due_at, message, created_at, read_at, emailed_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
