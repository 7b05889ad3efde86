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
    }
}

diesel::table! {
    memberships (org_id, user_id) {
        org_id -> Uuid,
        user_id -> Uuid,
        role -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
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
    }
}

diesel::joinable!(memberships -> organizations (org_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(audit_events -> organizations (org_id));

diesel::allow_tables_to_appear_in_same_query!(organizations, users, memberships, audit_events);
