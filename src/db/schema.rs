//! Diesel table definitions shared by both backends. Only column types that
//! SQLite and PostgreSQL both support appear here; the migrations under
//! `migrations/sqlite` and `migrations/postgres` must stay mirrored.

diesel::table! {
    organisations (id) {
        id -> Text,
        kind -> Text,
        code -> Text,
        name -> Text,
        city -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        organisation_id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        totp_secret -> Nullable<Text>,
        totp_pending_secret -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email -> Nullable<Text>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    cameras (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        iccc_id -> Text,
        latitude -> Double,
        longitude -> Double,
        make -> Text,
        model -> Text,
        serial -> Text,
        mac -> Nullable<Text>,
        retention_days -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    footage_requests (id) {
        id -> Text,
        station_id -> Text,
        iccc_id -> Text,
        filed_by -> Text,
        fir_number -> Nullable<Text>,
        gd_number -> Nullable<Text>,
        bns_sections -> Text,
        incident_place -> Text,
        incident_at -> Timestamp,
        purpose -> Text,
        urgency -> Text,
        notice_reference -> Text,
        status -> Text,
        reason_code -> Nullable<Text>,
        version -> Integer,
        submitted_at -> Nullable<Timestamp>,
        forwarded_at -> Nullable<Timestamp>,
        deadline_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sla_outcome -> Nullable<Text>,
        sla_reason_bits -> Integer,
        sla_hours -> Nullable<Double>,
        sla_week -> Nullable<Text>,
        case_disposed_at -> Nullable<Timestamp>,
        case_disposal_reference -> Nullable<Text>,
        case_disposal_confirmed_by -> Nullable<Text>,
        case_disposal_confirmed_at -> Nullable<Timestamp>,
        case_disposal_effective_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    request_items (id) {
        id -> Text,
        request_id -> Text,
        position -> Integer,
        camera_id -> Text,
        window_start -> Timestamp,
        window_end -> Timestamp,
        status -> Text,
        reason_code -> Nullable<Text>,
    }
}

diesel::table! {
    request_events (id) {
        id -> BigInt,
        request_id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason_code -> Nullable<Text>,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    segments (id) {
        id -> Text,
        camera_id -> Text,
        path -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        container -> Text,
        video_codec -> Text,
        width -> Integer,
        height -> Integer,
        size_bytes -> BigInt,
        sha256 -> Text,
        status -> Text,
        error -> Nullable<Text>,
        indexed_at -> Timestamp,
    }
}

diesel::table! {
    holds (id) {
        id -> Text,
        request_id -> Text,
        segment_id -> Text,
        preserved_path -> Text,
        created_at -> Timestamp,
        released_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        request_id -> Text,
        item_id -> Text,
        state -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        last_error -> Nullable<Text>,
        run_after -> Timestamp,
        claimed_by -> Nullable<Text>,
        heartbeat_at -> Nullable<Timestamp>,
        progress -> Double,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clips (id) {
        id -> Text,
        request_id -> Text,
        item_id -> Text,
        camera_id -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        storage_key -> Text,
        source -> Text,
        requested_start -> Timestamp,
        requested_end -> Timestamp,
        actual_start -> Timestamp,
        actual_end -> Timestamp,
        packets -> BigInt,
        source_segments -> Text,
        gaps -> Text,
        ffmpeg_versions -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    signing_keys (key_id) {
        key_id -> Text,
        name -> Text,
        public_key -> Binary,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clip_manifests (clip_id) {
        clip_id -> Text,
        manifest -> Text,
        signature -> Binary,
        key_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    custody_events (seq) {
        seq -> BigInt,
        id -> Text,
        kind -> Text,
        at -> Timestamp,
        request_id -> Nullable<Text>,
        clip_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        body -> Text,
    }
}

diesel::table! {
    custody_pending (seq) {
        seq -> BigInt,
    }
}

diesel::table! {
    log_leaves (leaf_index) {
        leaf_index -> BigInt,
        event_seq -> BigInt,
    }
}

diesel::table! {
    log_nodes (node_key) {
        node_key -> BigInt,
        hash -> Binary,
    }
}

diesel::table! {
    log_checkpoints (tree_size) {
        tree_size -> BigInt,
        root -> Binary,
        note -> Text,
        key_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    shares (id) {
        id -> Text,
        clip_id -> Text,
        created_by -> Text,
        kind -> Text,
        recipient_org_id -> Nullable<Text>,
        token_hash -> Nullable<Text>,
        recipient_name -> Text,
        purpose -> Text,
        expires_at -> Timestamp,
        max_downloads -> Integer,
        downloads -> Integer,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
    }
}

diesel::table! {
    recorders (id) {
        id -> Text,
        iccc_id -> Text,
        name -> Text,
        kind -> Text,
        host -> Nullable<Text>,
        http_port -> Nullable<Integer>,
        rtsp_port -> Nullable<Integer>,
        tls -> Bool,
        username -> Nullable<Text>,
        password_sealed -> Nullable<Text>,
        playback_template -> Nullable<Text>,
        utc_offset_minutes -> Integer,
        reachability -> Text,
        last_error -> Nullable<Text>,
        last_checked_at -> Nullable<Timestamp>,
        device_make -> Nullable<Text>,
        device_model -> Nullable<Text>,
        device_serial -> Nullable<Text>,
        device_mac -> Nullable<Text>,
        device_firmware -> Nullable<Text>,
        clock_offset_ms -> Nullable<BigInt>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recorder_channels (recorder_id, channel) {
        recorder_id -> Text,
        channel -> Integer,
        camera_id -> Text,
        recording_token -> Nullable<Text>,
        oldest_footage_at -> Nullable<Timestamp>,
        holdings_checked_at -> Nullable<Timestamp>,
        mapped_by -> Nullable<Text>,
        mapped_at -> Timestamp,
    }
}

diesel::table! {
    pulled_parts (segment_id) {
        segment_id -> Text,
        recorder_id -> Text,
        recorder_kind -> Text,
        playback_uri -> Text,
        device_make -> Nullable<Text>,
        device_model -> Nullable<Text>,
        device_serial -> Nullable<Text>,
        device_mac -> Nullable<Text>,
        device_firmware -> Nullable<Text>,
        clock_offset_ms -> Nullable<BigInt>,
        clock_offset_applied_s -> BigInt,
        server_clock_synchronised -> Nullable<Bool>,
        time_uncertainty_ms -> BigInt,
        bytes -> BigInt,
        packets -> BigInt,
        packet_record_sha256 -> Text,
        complete -> Bool,
        pulled_at -> Timestamp,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(segments -> cameras (camera_id));
diesel::joinable!(holds -> segments (segment_id));
diesel::joinable!(holds -> footage_requests (request_id));
diesel::joinable!(jobs -> request_items (item_id));
diesel::joinable!(clips -> request_items (item_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(cameras -> organisations (iccc_id));
diesel::joinable!(recorders -> organisations (iccc_id));
diesel::joinable!(recorder_channels -> recorders (recorder_id));
diesel::joinable!(recorder_channels -> cameras (camera_id));
diesel::joinable!(pulled_parts -> segments (segment_id));
diesel::joinable!(pulled_parts -> recorders (recorder_id));
diesel::joinable!(request_items -> footage_requests (request_id));
diesel::joinable!(request_items -> cameras (camera_id));
diesel::joinable!(request_events -> footage_requests (request_id));
diesel::joinable!(request_events -> users (actor_id));

diesel::joinable!(custody_pending -> custody_events (seq));
diesel::joinable!(log_leaves -> custody_events (event_seq));

diesel::table! {
    request_notices (id) {
        id -> Text,
        request_id -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        media_type -> Text,
        file_name -> Text,
        storage_key -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    sla_rollup (month, iccc_id, station_id, urgency, forwarded) {
        month -> Timestamp,
        iccc_id -> Text,
        station_id -> Text,
        urgency -> Text,
        forwarded -> Bool,
        on_time -> BigInt,
        late -> BigInt,
        missed -> BigInt,
        r0 -> BigInt,
        r1 -> BigInt,
        r2 -> BigInt,
        r3 -> BigInt,
        r4 -> BigInt,
        r5 -> BigInt,
        r6 -> BigInt,
        secs -> Binary,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        request_id -> Nullable<Text>,
        kind -> Text,
        due_at -> Timestamp,
        message -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        emailed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    legal_holds (id) {
        id -> Text,
        clip_id -> Text,
        reason -> Text,
        placed_by -> Text,
        placed_at -> Timestamp,
        released_by -> Nullable<Text>,
        released_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clip_erasures (clip_id) {
        clip_id -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        storage_key -> Text,
        manifest_sha256 -> Nullable<Text>,
        erased_by -> Nullable<Text>,
        basis -> Text,
        reason -> Text,
        erased_at -> Timestamp,
    }
}

diesel::table! {
    security_events (id) {
        id -> BigInt,
        at -> Timestamp,
        kind -> Text,
        severity -> Text,
        actor_id -> Nullable<Text>,
        username -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        subject -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::joinable!(notifications -> footage_requests (request_id));
diesel::joinable!(request_notices -> footage_requests (request_id));
diesel::joinable!(legal_holds -> clips (clip_id));
diesel::joinable!(clip_erasures -> clips (clip_id));

diesel::allow_tables_to_appear_in_same_query!(
    approvals,
    pulled_parts,
    recorders,
    recorder_channels,
    login_throttle,
    request_notices,
    sla_rollup,
    notifications,
    legal_holds,
    clip_erasures,
    security_events,
    shares,
    signing_keys,
    clip_manifests,
    custody_events,
    custody_pending,
    log_leaves,
    log_nodes,
    log_checkpoints,
    organisations,
    users,
    sessions,
    refresh_tokens,
    cameras,
    footage_requests,
    request_items,
    request_events,
    segments,
    holds,
    jobs,
    clips,
);

diesel::table! {
    approvals (id) {
        id -> Text,
        kind -> Text,
        organisation_id -> Text,
        subject_id -> Text,
        request_id -> Nullable<Text>,
        params -> Text,
        reason -> Text,
        requested_by -> Text,
        requested_from -> Nullable<Text>,
        requested_at -> Timestamp,
        expires_at -> Timestamp,
        state -> Text,
        decided_by -> Nullable<Text>,
        decided_from -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Nullable<Text>,
    }
}

diesel::table! {
    login_throttle (user_id, client_addr) {
        user_id -> Text,
        client_addr -> Text,
        failures -> Integer,
        first_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}
