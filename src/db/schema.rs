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

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(cameras -> organisations (iccc_id));
diesel::joinable!(request_items -> footage_requests (request_id));
diesel::joinable!(request_items -> cameras (camera_id));
diesel::joinable!(request_events -> footage_requests (request_id));
diesel::joinable!(request_events -> users (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    sessions,
    refresh_tokens,
    cameras,
    footage_requests,
    request_items,
    request_events,
);
