DROP TRIGGER clips_no_truncate ON clips;
DROP TRIGGER clips_append_only ON clips;
DROP TRIGGER request_events_no_truncate ON request_events;
DROP TRIGGER request_events_append_only ON request_events;
DROP TABLE login_throttle;
DELETE FROM notifications WHERE kind IN ('erasure_scheduled', 'approval_requested');
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check
    CHECK ((kind = 'account_locked') = (request_id IS NULL));
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached', 'account_locked'));
ALTER TABLE footage_requests DROP COLUMN case_disposal_effective_at;
ALTER TABLE footage_requests DROP COLUMN case_disposal_confirmed_at;
ALTER TABLE footage_requests DROP COLUMN case_disposal_confirmed_by;
DROP TABLE approvals;
DROP FUNCTION sakshya_approval_change();
