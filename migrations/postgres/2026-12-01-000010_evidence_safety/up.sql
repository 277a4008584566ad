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
CREATE FUNCTION sakshya_approval_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.state = 'pending'
       AND NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.organisation_id = OLD.organisation_id
       AND NEW.subject_id = OLD.subject_id AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
       AND NEW.params = OLD.params AND NEW.reason = OLD.reason
       AND NEW.requested_by = OLD.requested_by AND NEW.requested_from IS NOT DISTINCT FROM OLD.requested_from
       AND NEW.requested_at = OLD.requested_at AND NEW.expires_at = OLD.expires_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'sakshya: an approval is decided once, and only its decision is written'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER approvals_decided_once BEFORE UPDATE OR DELETE ON approvals
    FOR EACH ROW EXECUTE FUNCTION sakshya_approval_change();
CREATE TRIGGER approvals_no_truncate BEFORE TRUNCATE ON approvals
    FOR EACH STATEMENT EXECUTE FUNCTION sakshya_refuse_change();
ALTER TABLE approvals ENABLE ALWAYS TRIGGER approvals_decided_once;
ALTER TABLE approvals ENABLE ALWAYS TRIGGER approvals_no_truncate;

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
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('deadline_near', 'overwrite_near', 'deadline_breached', 'account_locked',
                    'erasure_scheduled', 'approval_requested'));
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check
    CHECK (CASE kind WHEN 'account_locked' THEN request_id IS NULL
                     WHEN 'approval_requested' THEN TRUE
                     ELSE request_id IS NOT NULL END);

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
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['request_events', 'clips']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION sakshya_refuse_change()', t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION sakshya_refuse_change()', t || '_no_truncate', t);
        EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', t, t || '_append_only');
        EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', t, t || '_no_truncate');
    END LOOP;
END;
$$;
