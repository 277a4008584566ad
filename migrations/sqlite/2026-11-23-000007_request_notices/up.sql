-- The BNSS s.94 notice documents attached to a request (a PDF or a scan),
-- stored write-once and content-addressed in the evidence store like a
-- clip. The latest is the request's notice; replaced ones stay, so every
-- hash the request's history names can still be produced.
CREATE TABLE request_notices (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES footage_requests (id),
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX request_notices_request_idx ON request_notices (request_id, uploaded_at);
