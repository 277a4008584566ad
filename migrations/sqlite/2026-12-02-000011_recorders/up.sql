-- Issue "Pull footage from the recorders ICCCs actually run".
--
-- A recorder (NVR or VMS) an ICCC administrator registers: how to reach
-- it, the username of its read-only account and that account's password
-- sealed with the server's recorder credential key (never plain text),
-- and what the device last said about itself.
CREATE TABLE recorders (
    id                 TEXT PRIMARY KEY,
    iccc_id            TEXT NOT NULL REFERENCES organisations (id),
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('folder', 'onvif', 'hikvision', 'dahua', 'rtsp_template')),
    -- Networked kinds only: the host, the control (HTTP) and RTSP ports.
    host               TEXT,
    http_port          INTEGER CHECK (http_port BETWEEN 1 AND 65535),
    rtsp_port          INTEGER CHECK (rtsp_port BETWEEN 1 AND 65535),
    tls                BOOLEAN NOT NULL DEFAULT 0,
    username           TEXT,
    password_sealed    TEXT CHECK (password_sealed IS NULL OR password_sealed LIKE 'v1:%'),
    playback_template  TEXT,
    -- The recorder's own time zone, for devices that speak local time.
    utc_offset_minutes INTEGER NOT NULL DEFAULT 330 CHECK (utc_offset_minutes BETWEEN -720 AND 840),
    reachability       TEXT NOT NULL DEFAULT 'unknown' CHECK (reachability IN ('unknown', 'reachable', 'unreachable', 'auth_failed')),
    last_error         TEXT,
    last_checked_at    TIMESTAMP,
    -- As read from the device, never typed by hand.
    device_make        TEXT,
    device_model       TEXT,
    device_serial      TEXT,
    device_mac         TEXT,
    device_firmware    TEXT,
    -- Device clock minus server clock when last checked.
    clock_offset_ms    INTEGER,
    -- Who registered it (none when done at the command line).
    created_by         TEXT REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (iccc_id, name),
    CHECK ((kind = 'folder') = (host IS NULL)),
    CHECK ((kind = 'folder') = (http_port IS NULL AND rtsp_port IS NULL)),
    CHECK ((kind = 'rtsp_template') = (playback_template IS NOT NULL)),
    CHECK ((username IS NULL) = (password_sealed IS NULL))
);
CREATE INDEX recorders_iccc_idx ON recorders (iccc_id);

-- Which registry camera each recorder channel records. A camera is
-- recorded by one recorder channel; a channel records one camera.
CREATE TABLE recorder_channels (
    recorder_id  TEXT NOT NULL REFERENCES recorders (id),
    channel      INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 512),
    camera_id    TEXT NOT NULL UNIQUE REFERENCES cameras (id),
    -- ONVIF: the recording token the channel stands for (else the
    -- channel's position among the device's recordings).
    recording_token TEXT,
    -- The oldest footage the recorder still held for the channel when
    -- last asked, and when that was: what overwrite estimates use.
    oldest_footage_at TIMESTAMP,
    holdings_checked_at TIMESTAMP,
    mapped_by    TEXT REFERENCES users (id),
    mapped_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (recorder_id, channel)
);
