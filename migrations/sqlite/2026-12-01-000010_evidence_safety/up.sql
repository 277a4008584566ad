-- Issue "Evidence safety".
--
-- Two-person rule: an action that destroys evidence or takes an
-- administrator's access away is first recorded here, pending, and takes
-- effect only when a second, different person with the right role in
-- `organisation_id` approves it. A decided row never changes again.
CREATE TABLE approvals (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('confirm_disposal', 'erase_clip', 'change_admin_role', 'reset_admin_mfa')),
    -- Whose people decide: the request's station (disposal), the clip's
    -- ICCC (erasure), the account's organisation (administrators).
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    -- What it acts on: a request, a clip or a user, by kind.
    subject_id       TEXT NOT NULL,
    request_id       TEXT REFERENCES footage_requests (id),
    params           TEXT NOT NULL,
    reason           TEXT NOT NULL,
    requested_by     TEXT NOT NULL REFERENCES users (id),
    requested_from   TEXT,
    requested_at     TIMESTAMP NOT NULL,
    expires_at       TIMESTAMP NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused', 'expired')),
    decided_by       TEXT REFERENCES users (id),
    decided_from     TEXT,
    decided_at       TIMESTAMP,
    decision_note    TEXT,
    CHECK ((state = 'pending') = (decided_at IS NULL)),
    -- Nobody approves what they asked for (they may withdraw it).
    CHECK (state <> 'approved' OR decided_by <> requested_by)
);
-- At most one pending approval per kind and subject: a double click or a
-- second administrator cannot queue the same erasure twice.
CREATE UNIQUE INDEX approvals_pending_idx ON approvals (kind, subject_id) WHERE state = 'pending';
CREATE INDEX approvals_org_idx ON approvals (organisation_id, state, requested_at);
CREATE INDEX approvals_request_idx ON approvals (request_id);
CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
BEGIN SELECT RAISE(ABORT, 'sakshya: approvals are kept'); END;
CREATE TRIGGER approvals_decided_once BEFORE UPDATE ON approvals
WHEN OLD.state <> 'pending'
  OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.subject_id IS NOT OLD.subject_id OR NEW.request_id IS NOT OLD.request_id
  OR NEW.params IS NOT OLD.params OR NEW.reason IS NOT OLD.reason
  OR NEW.requested_by IS NOT OLD.requested_by OR NEW.requested_from IS NOT OLD.requested_from
  OR NEW.requested_at IS NOT OLD.requested_at OR NEW.expires_at IS NOT OLD.expires_at
BEGIN SELECT RAISE(ABORT, 'sakshya: an approval is decided once, and only its decision is written'); END;

-- A case's disposal starts the retention clock only once a station
-- supervisor other than the one who recorded it confirms it. The grace
-- period before any erasure counts from when the disposal as it stands
-- took effect (`case_disposal_effective_at`: its confirmation, or its
-- last correction), so neither confirming nor correcting an old date
-- makes evidence erasable at once. Disposals recorded before
-- confirmation existed stay recorded but unconfirmed: no clock runs for
-- them until the station records them again and a supervisor confirms.
ALTER TABLE footage_requests ADD COLUMN case_disposal_confirmed_by TEXT REFERENCES users (id);
ALTER TABLE footage_requests ADD COLUMN case_disposal_confirmed_at TIMESTAMP;
ALTER TABLE footage_requests ADD COLUMN case_disposal_effective_at TIMESTAMP;

-- New notification kinds: a clip entering its grace period before
-- erasure (to the ICCC's administrators), and an approval waiting for a
-- second person (about a request, or about an account: no request).
CREATE TABLE notifications_next (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    request_id  TEXT REFERENCES footage_requests (id),
    kind        TEXT NOT NULL CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached', 'account_locked',
                                              'erasure_scheduled', 'approval_requested')),
    due_at      TIMESTAMP NOT NULL,
    message     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    emailed_at  TIMESTAMP,
    UNIQUE (user_id, request_id, kind, due_at),
    CHECK (CASE kind WHEN 'account_locked' THEN request_id IS NULL
                     WHEN 'approval_requested' THEN 1
                     ELSE request_id IS NOT NULL END)
);
INSERT INTO notifications_next SELECT id, user_id, request_id, kind, due_at, message, created_at, read_at, emailed_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);

-- Failed logins per (account, client address): five from one address
-- lock that address out of that account; the account-wide counter on
-- users is a slower backstop against a spread-out attack.
CREATE TABLE login_throttle (
    user_id        TEXT NOT NULL REFERENCES users (id),
    client_addr    TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    first_at       TIMESTAMP NOT NULL,
    locked_until   TIMESTAMP,
    PRIMARY KEY (user_id, client_addr)
);

-- The request history and the clip records are append-only, as the
-- README says. A clip's erasure is a row in clip_erasures; no clip column
-- ever changes.
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'sakshya: request_events is append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'sakshya: request_events is append-only'); END;
CREATE TRIGGER clips_no_update BEFORE UPDATE ON clips
BEGIN SELECT RAISE(ABORT, 'sakshya: clips is append-only'); END;
CREATE TRIGGER clips_no_delete BEFORE DELETE ON clips
BEGIN SELECT RAISE(ABORT, 'sakshya: clips is append-only'); END;
