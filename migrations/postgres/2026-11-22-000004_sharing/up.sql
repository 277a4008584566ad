-- A clip's evidence package shared with a court organisation (its court
-- users download it after logging in) or by a secret link (no login),
-- until it expires, is revoked or reaches its download limit. Every
-- share, revocation and download is also a custody event.
CREATE TABLE shares (
    id              TEXT PRIMARY KEY,
    clip_id         TEXT NOT NULL REFERENCES clips (id),
    created_by      TEXT NOT NULL REFERENCES users (id),
    -- 'organisation' or 'link'.
    kind            TEXT NOT NULL CHECK (kind IN ('organisation', 'link')),
    recipient_org_id TEXT REFERENCES organisations (id),
    -- SHA-256 (hex) of a link's secret; the secret itself is never stored.
    token_hash      TEXT UNIQUE,
    recipient_name  TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    max_downloads   INTEGER NOT NULL,
    downloads       INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_by      TEXT REFERENCES users (id),
    CHECK ((kind = 'organisation') = (recipient_org_id IS NOT NULL)),
    CHECK ((kind = 'link') = (token_hash IS NOT NULL))
);
CREATE INDEX shares_clip_idx ON shares (clip_id);
CREATE INDEX shares_recipient_idx ON shares (recipient_org_id);
