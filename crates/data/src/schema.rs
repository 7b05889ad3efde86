// Diesel table definitions, kept in step with `migrations/` (a test compares them with the catalog).

diesel::table! {
    organizations (id) {
        id -> Uuid,
        name -> Text,
        slug -> Text,
        abn -> Nullable<Text>,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        suburb -> Nullable<Text>,
        state -> Nullable<Text>,
        postcode -> Nullable<Text>,
        country -> Text,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        time_zone -> Text,
        logo_key -> Nullable<Text>,
        primary_colour -> Nullable<Text>,
        accent_colour -> Nullable<Text>,
        subscription_tier -> Text,
        onboarding_details -> Text,
        onboarding_branding -> Text,
        onboarding_team -> Text,
        deleted_at -> Nullable<Timestamptz>,
        purge_after -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_by -> Nullable<Uuid>,
        invitation_ttl_hours -> Nullable<Int4>,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Text,
        email_verified_at -> Nullable<Timestamptz>,
        password_hash -> Text,
        first_name -> Text,
        last_name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        job_title -> Nullable<Text>,
        phone -> Nullable<Text>,
        time_zone -> Text,
        password_changed_at -> Timestamptz,
        disabled_at -> Nullable<Timestamptz>,
        mfa_secret_encrypted -> Nullable<Bytea>,
        mfa_enabled_at -> Nullable<Timestamptz>,
        mfa_last_step -> Nullable<Int8>,
        access_stamp -> Int8,
        webauthn_handle -> Uuid,
        passkey_count -> Int4,
    }
}

diesel::table! {
    passkeys (id) {
        id -> Uuid,
        user_id -> Uuid,
        credential_id -> Bytea,
        name -> Text,
        credential -> Jsonb,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    passkey_ceremonies (id) {
        id -> Uuid,
        token_hash -> Bytea,
        purpose -> Text,
        user_id -> Nullable<Uuid>,
        state -> Jsonb,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    memberships (org_id, user_id) {
        org_id -> Uuid,
        user_id -> Uuid,
        role -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        access_expires_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    invitations (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        email -> Text,
        role -> Text,
        token_hash -> Bytea,
        invited_by -> Nullable<Uuid>,
        expires_at -> Timestamptz,
        access_expires_at -> Nullable<Timestamptz>,
        sent_count -> Int4,
        last_sent_at -> Timestamptz,
        accepted_at -> Nullable<Timestamptz>,
        accepted_by -> Nullable<Uuid>,
        revoked_at -> Nullable<Timestamptz>,
        revoked_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    audit_events (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        actor_user_id -> Nullable<Uuid>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        details -> Jsonb,
        created_at -> Timestamptz,
        seq -> Int8,
        prev_hash -> Nullable<Bytea>,
        hash -> Bytea,
        actor_type -> Text,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    deleted_organizations (organization_id) {
        organization_id -> Uuid,
        name -> Text,
        slug -> Text,
        deleted_by -> Nullable<Uuid>,
        deleted_at -> Timestamptz,
        purged_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Bytea,
        csrf_token -> Text,
        remember_me -> Bool,
        current_organization_id -> Nullable<Uuid>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        revoked_reason -> Nullable<Text>,
        auth_method -> Text,
        authenticated_at -> Timestamptz,
    }
}

diesel::table! {
    user_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        purpose -> Text,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        data -> Nullable<Text>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Uuid,
        user_id -> Nullable<Uuid>,
        email -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        device -> Nullable<Text>,
        outcome -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    login_throttles (user_id, ip) {
        user_id -> Uuid,
        ip -> Text,
        failures -> Int4,
        consecutive_failures -> Int4,
        lock_level -> Int4,
        locked_until -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    blocked_ips (ip) {
        ip -> Text,
        blocked_until -> Timestamptz,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    security_events (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        details -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    mfa_recovery_codes (user_id, code_hash) {
        user_id -> Uuid,
        code_hash -> Bytea,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    mfa_challenges (id) {
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Bytea,
        remember_me -> Bool,
        attempts -> Int4,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        passkey_state -> Nullable<Jsonb>,
    }
}

diesel::table! {
    background_jobs (id) {
        id -> Uuid,
        kind -> Text,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        max_attempts -> Int4,
        run_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_start -> Timestamptz,
        count -> Int4,
    }
}

diesel::table! {
    captcha_redemptions (challenge_hash) {
        challenge_hash -> Bytea,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    security_policies (org_id) {
        org_id -> Uuid,
        require_mfa -> Bool,
        session_idle_minutes -> Nullable<Int4>,
        allowed_email_domains -> Array<Text>,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
        require_passkey -> Text,
    }
}

diesel::table! {
    documents (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        name -> Text,
        kind -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        storage_key -> Text,
        uploaded_by_user -> Nullable<Uuid>,
        uploaded_by_client -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    compliance_results (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        document_id -> Uuid,
        standard -> Text,
        status -> Text,
        score -> Nullable<Float8>,
        findings -> Jsonb,
        storage_key -> Text,
        created_by_user -> Nullable<Uuid>,
        created_by_client -> Nullable<Uuid>,
        created_at -> Timestamptz,
        requirement -> Nullable<Text>,
        notes -> Nullable<Text>,
        reviewer_id -> Nullable<Uuid>,
        review_due_on -> Nullable<Date>,
        updated_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reports (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        kind -> Text,
        format -> Text,
        status -> Text,
        name -> Text,
        storage_key -> Nullable<Text>,
        size_bytes -> Nullable<Int8>,
        sha256 -> Nullable<Text>,
        error -> Nullable<Text>,
        requested_by_user -> Nullable<Uuid>,
        requested_by_client -> Nullable<Uuid>,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    api_clients (org_id, id) {
        org_id -> Uuid,
        id -> Uuid,
        name -> Text,
        client_id -> Text,
        secret_hash -> Bytea,
        scopes -> Array<Text>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        private_key_encrypted -> Bytea,
        public_jwk -> Jsonb,
        created_at -> Timestamptz,
        retired_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    legacy_imports (org_id, source, legacy_table, legacy_id) {
        org_id -> Uuid,
        source -> Text,
        legacy_table -> Text,
        legacy_id -> Int8,
        new_id -> Uuid,
        imported_at -> Timestamptz,
    }
}

diesel::joinable!(memberships -> organizations (org_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(user_tokens -> users (user_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(audit_events -> organizations (org_id));
diesel::joinable!(invitations -> organizations (org_id));

diesel::table! {
    trusted_devices (id) {
        id -> Uuid,
        user_id -> Uuid,
        nonce_hash -> Bytea,
        failures -> Int4,
        created_at -> Timestamptz,
        last_used_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    memberships,
    audit_events,
    sessions,
    user_tokens,
    background_jobs,
    rate_limits,
    captcha_redemptions,
    deleted_organizations,
    invitations,
    security_policies,
    login_attempts,
    login_throttles,
    blocked_ips,
    security_events,
    mfa_recovery_codes,
    mfa_challenges,
    documents,
    compliance_results,
    reports,
    api_clients,
    signing_keys,
    legacy_imports,
    trusted_devices,
    passkeys,
    passkey_ceremonies,
);
