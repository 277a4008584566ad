-- The BNSS s.94 notice document attached to a request (a PDF or a scan),
-- stored write-once and content-addressed in the evidence store like a
-- clip. One per request; replacing it is possible while the request is a
-- draft, and each attachment is in the request's history with its hash.
CREATE TABLE request_notices (
    request_id TEXT PRIMARY KEY REFERENCES footage_requests (id),
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
