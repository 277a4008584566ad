-- Recordings index, preservation holds, extraction jobs and clips.

-- One row per recorder segment file under the recordings root.
CREATE TABLE segments (
    id            TEXT PRIMARY KEY,
    camera_id     TEXT NOT NULL REFERENCES cameras (id),
    path          TEXT NOT NULL,
    start_at      TIMESTAMP NOT NULL,
    end_at        TIMESTAMP NOT NULL,
    container     TEXT NOT NULL,
    video_codec   TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    size_bytes    BIGINT NOT NULL,
    -- SHA-256 of the file's bytes when it was indexed (hex).
    sha256        TEXT NOT NULL,
    -- 'ok', or 'damaged' when FFmpeg could not read it.
    status        TEXT NOT NULL CHECK (status IN ('ok', 'damaged')),
    error         TEXT,
    indexed_at    TIMESTAMP NOT NULL,
    UNIQUE (camera_id, path)
);
CREATE INDEX segments_camera_time_idx ON segments (camera_id, start_at);

-- A copy of a segment kept for a request, so the recorder's retention no
-- longer matters. The copy is content-addressed by the ingest hash.
CREATE TABLE holds (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES footage_requests (id),
    segment_id    TEXT NOT NULL REFERENCES segments (id),
    preserved_path TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    released_at   TIMESTAMP,
    UNIQUE (request_id, segment_id)
);
CREATE INDEX holds_segment_idx ON holds (segment_id);

CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    request_id    TEXT NOT NULL REFERENCES footage_requests (id),
    item_id       TEXT NOT NULL REFERENCES request_items (id),
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    attempts      INTEGER NOT NULL,
    max_attempts  INTEGER NOT NULL,
    last_error    TEXT,
    run_after     TIMESTAMP NOT NULL,
    claimed_by    TEXT,
    heartbeat_at  TIMESTAMP,
    progress      DOUBLE PRECISION NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    UNIQUE (kind, item_id)
);
CREATE INDEX jobs_queue_idx ON jobs (state, run_after);
CREATE INDEX jobs_request_idx ON jobs (request_id);

-- An extracted clip. Inserted only once its bytes are in the evidence store.
CREATE TABLE clips (
    id               TEXT PRIMARY KEY,
    request_id       TEXT NOT NULL REFERENCES footage_requests (id),
    item_id          TEXT NOT NULL UNIQUE REFERENCES request_items (id),
    camera_id        TEXT NOT NULL REFERENCES cameras (id),
    sha256           TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL,
    storage_key      TEXT NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('extracted', 'uploaded')),
    requested_start  TIMESTAMP NOT NULL,
    requested_end    TIMESTAMP NOT NULL,
    actual_start     TIMESTAMP NOT NULL,
    actual_end       TIMESTAMP NOT NULL,
    packets          BIGINT NOT NULL,
    -- JSON: [{"id","path","sha256","start","end"}]
    source_segments  TEXT NOT NULL,
    -- JSON: [{"start","end"}]
    gaps             TEXT NOT NULL,
    ffmpeg_versions  TEXT NOT NULL,
    created_by       TEXT REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX clips_request_idx ON clips (request_id);
