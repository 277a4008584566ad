DROP TRIGGER clips_no_delete;
DROP TRIGGER clips_no_update;
DROP TRIGGER request_events_no_delete;
DROP TRIGGER request_events_no_update;
DROP TABLE login_throttle;
CREATE TABLE notifications_prev (
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
INSERT INTO notifications_prev SELECT id, user_id, request_id, kind, due_at, message, created_at, read_at, emailed_at
FROM notifications WHERE kind NOT IN ('erasure_scheduled', 'approval_requested');
DROP TABLE notifications;
ALTER TABLE notifications_prev RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
ALTER TABLE footage_requests DROP COLUMN case_disposal_effective_at;
ALTER TABLE footage_requests DROP COLUMN case_disposal_confirmed_at;
ALTER TABLE footage_requests DROP COLUMN case_disposal_confirmed_by;
DROP TABLE approvals;
