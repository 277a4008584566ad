-- Issue "Reliability, security and scale-out": a lockout notifies the
-- locked user and their city's ICCC administrators. Such a notification
-- is about an account, not a request, so request_id is NULL exactly for
-- the kind account_locked.
ALTER TABLE notifications ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached', 'account_locked'));
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check
    CHECK ((kind = 'account_locked') = (request_id IS NULL));
