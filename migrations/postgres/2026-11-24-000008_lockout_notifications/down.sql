DELETE FROM notifications WHERE kind = 'account_locked';
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached'));
ALTER TABLE notifications ALTER COLUMN request_id SET NOT NULL;
