-- Signing keys, signed clip manifests and the custody transparency log.
-- The custody record, the log and the manifests only grow: triggers refuse
-- UPDATE and DELETE on them.

-- Every Ed25519 key that ever signed: the active one and the retired ones,
-- whose public keys stay published so old signatures remain verifiable.
-- key_id is the C2SP signed-note key id (8 hex digits) for `name`.
CREATE TABLE signing_keys (
    key_id      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP
);

-- The manifest of a clip: the exact bytes that were signed, and the
-- signature over them.
CREATE TABLE clip_manifests (
    clip_id     TEXT PRIMARY KEY REFERENCES clips (id),
    manifest    TEXT NOT NULL,
    signature   BLOB NOT NULL,
    key_id      TEXT NOT NULL REFERENCES signing_keys (key_id),
    created_at  TIMESTAMP NOT NULL
);

-- One custody event: `body` is the exact JSON whose leaf hash is in the
-- log. Inserted in the same transaction as the action it records.
CREATE TABLE custody_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
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
    hash        BLOB NOT NULL
);

-- Signed checkpoints (C2SP tlog-checkpoint as a signed note), one per size.
CREATE TABLE log_checkpoints (
    tree_size   BIGINT PRIMARY KEY,
    root        BLOB NOT NULL,
    note        TEXT NOT NULL,
    key_id      TEXT NOT NULL REFERENCES signing_keys (key_id),
    created_at  TIMESTAMP NOT NULL
);

CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN SELECT RAISE(ABORT, 'sakshya: custody_events is append-only'); END;
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN SELECT RAISE(ABORT, 'sakshya: custody_events is append-only'); END;

CREATE TRIGGER log_leaves_no_update BEFORE UPDATE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'sakshya: log_leaves is append-only'); END;
CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'sakshya: log_leaves is append-only'); END;

CREATE TRIGGER log_nodes_no_update BEFORE UPDATE ON log_nodes
BEGIN SELECT RAISE(ABORT, 'sakshya: log_nodes is append-only'); END;
CREATE TRIGGER log_nodes_no_delete BEFORE DELETE ON log_nodes
BEGIN SELECT RAISE(ABORT, 'sakshya: log_nodes is append-only'); END;

CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'sakshya: log_checkpoints is append-only'); END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'sakshya: log_checkpoints is append-only'); END;

CREATE TRIGGER clip_manifests_no_update BEFORE UPDATE ON clip_manifests
BEGIN SELECT RAISE(ABORT, 'sakshya: clip_manifests is append-only'); END;
CREATE TRIGGER clip_manifests_no_delete BEFORE DELETE ON clip_manifests
BEGIN SELECT RAISE(ABORT, 'sakshya: clip_manifests is append-only'); END;

-- Public verification looks clips up by their hash.
CREATE INDEX clips_sha256_idx ON clips (sha256);

-- Published keys stay published: no deletion, and only retirement (once).
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'sakshya: signing keys stay published'); END;
CREATE TRIGGER signing_keys_fixed BEFORE UPDATE ON signing_keys
WHEN NEW.key_id IS NOT OLD.key_id OR NEW.name IS NOT OLD.name
  OR NEW.public_key IS NOT OLD.public_key OR NEW.created_at IS NOT OLD.created_at
  OR OLD.retired_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'sakshya: a signing key can only be retired, once'); END;
