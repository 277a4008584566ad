-- Footage pulled from a recorder: one row per playback session kept as a
-- segment, with what the device said about itself when it was pulled.
-- Manifests and certificates take the recorder's facts from here, not
-- from the registry.
CREATE TABLE pulled_parts (
    segment_id           TEXT PRIMARY KEY REFERENCES segments (id),
    recorder_id          TEXT NOT NULL REFERENCES recorders (id),
    recorder_kind        TEXT NOT NULL CHECK (recorder_kind IN ('onvif', 'hikvision', 'dahua', 'rtsp_template')),
    -- Never with credentials.
    playback_uri         TEXT NOT NULL CHECK (playback_uri NOT LIKE '%@%'),
    device_make          TEXT,
    device_model         TEXT,
    device_serial        TEXT,
    device_mac           TEXT,
    device_firmware      TEXT,
    -- Device clock minus server clock measured at the start of the pull,
    -- and the whole seconds applied when asking for the window.
    clock_offset_ms      BIGINT,
    clock_offset_applied_s BIGINT NOT NULL,
    -- Whether the server's own clock was NTP-synchronised (NULL: unknown).
    server_clock_synchronised BOOLEAN,
    -- How far the part's times may be from the frames' true times.
    time_uncertainty_ms  BIGINT NOT NULL CHECK (time_uncertainty_ms >= 0),
    bytes                BIGINT NOT NULL CHECK (bytes >= 0),
    packets              BIGINT NOT NULL,
    packet_record_sha256 TEXT NOT NULL,
    complete             BOOLEAN NOT NULL,
    pulled_at            TIMESTAMP NOT NULL
);
CREATE INDEX pulled_parts_recorder_idx ON pulled_parts (recorder_id);
