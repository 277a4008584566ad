DROP INDEX clips_sha256_idx;
DROP TABLE log_checkpoints;
DROP TABLE log_nodes;
DROP TABLE log_leaves;
DROP TABLE custody_pending;
DROP TABLE custody_events;
DROP TABLE clip_manifests;
DROP TABLE signing_keys;
