-- Signing keys, signed clip manifests and the custody transparency log.

-- Every Ed25519 key that ever signed: the active one and the retired ones,
-- whose public keys stay published so old signatures remain verifiable.
-- key_id is the C2SP signed-note key id (8 hex digits) for `name`.
CREATE TABLE signing_keys (
    key_id      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    public_key  BYTEA NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP
);

-- The manifest of a clip: the exact bytes that were signed, and the
-- signature over them.
CREATE TABLE clip_manifests (
    clip_id     TEXT PRIMARY KEY REFERENCES clips (id),
    manifest    TEXT NOT NULL,
    signature   BYTEA NOT NULL,
    key_id      TEXT NOT NULL REFERENCES signing_keys (key_id),
    created_at  TIMESTAMP NOT NULL
);

-- One custody event: `body` is the exact JSON whose leaf hash is in the
-- log. Inserted in the same transaction as the action it records.
CREATE TABLE custody_events (
    seq         BIGSERIAL PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    request_id  TEXT,
    clip_id     TEXT,
    actor_id    TEXT,
    body        TEXT NOT NULL
);
CREATE INDEX custody_events_request_idx ON custody_events (request_id, seq);
CREATE INDEX custody_events_clip_idx ON custody_events (clip_id, seq);

-- Events waiting for the sequencer (a queue: rows leave it once their
-- leaves are in the log).
CREATE TABLE custody_pending (
    seq         BIGINT PRIMARY KEY REFERENCES custody_events (seq)
);

-- Leaf i of the log is the event with this seq.
CREATE TABLE log_leaves (
    leaf_index  BIGINT PRIMARY KEY,
    event_seq   BIGINT NOT NULL UNIQUE REFERENCES custody_events (seq)
);

-- Every perfect subtree of the log: node_key = level << 56 | index, so a
-- proof's nodes are fetched with one IN query.
CREATE TABLE log_nodes (
    node_key    BIGINT PRIMARY KEY,
    hash        BYTEA NOT NULL
);

-- Signed checkpoints (C2SP tlog-checkpoint as a signed note), one per size.
CREATE TABLE log_checkpoints (
    tree_size   BIGINT PRIMARY KEY,
    root        BYTEA NOT NULL,
    note        TEXT NOT NULL,
    key_id      TEXT NOT NULL REFERENCES signing_keys (key_id),
    created_at  TIMESTAMP NOT NULL
);

-- The custody record and the log only grow: UPDATE, DELETE and TRUNCATE
-- are refused on PostgreSQL whatever the session's replication role.
CREATE FUNCTION sakshya_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sakshya: % on % is not allowed (append-only)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['custody_events', 'log_leaves', 'log_nodes', 'log_checkpoints', 'clip_manifests']
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

-- Public verification looks clips up by their hash.
CREATE INDEX clips_sha256_idx ON clips (sha256);

-- Published keys stay published: no deletion, and only retirement (once).
CREATE FUNCTION sakshya_signing_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.key_id = OLD.key_id AND NEW.name = OLD.name
       AND NEW.public_key = OLD.public_key AND NEW.created_at = OLD.created_at
       AND OLD.retired_at IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'sakshya: a signing key can only be retired, once'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER signing_keys_fixed BEFORE UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION sakshya_signing_key_change();
CREATE TRIGGER signing_keys_no_truncate BEFORE TRUNCATE ON signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION sakshya_refuse_change();
ALTER TABLE signing_keys ENABLE ALWAYS TRIGGER signing_keys_fixed;
ALTER TABLE signing_keys ENABLE ALWAYS TRIGGER signing_keys_no_truncate;
