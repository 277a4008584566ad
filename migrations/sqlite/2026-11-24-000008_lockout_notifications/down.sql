CREATE TABLE notifications_next (
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
INSERT INTO notifications_next SELECT id, user_id, request_id, kind, due_at, message, created_at, read_at, emailed_at FROM notifications WHERE kind <> 'account_locked';
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
