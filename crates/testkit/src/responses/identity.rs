//! People: signing up, sessions, their security settings and activity.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::permissions::Permission;
use vigil_core::roles::Role;

/// `SignupAccepted` (the same whether or not the address had an account).
#[derive(Deserialize, Debug, Clone)]
pub struct SignupAccepted {
    pub status: String,
    pub email: String,
    pub message: String,
}

/// `EmailVerified`.
#[derive(Deserialize, Debug, Clone)]
pub struct EmailVerified {
    pub email: String,
    pub email_verified: bool,
}

/// `SessionResponse`: the signed-in person, their organisations and the session's limits.
#[derive(Deserialize, Debug, Clone)]
pub struct Session {
    pub user: User,
    pub memberships: Vec<Membership>,
    pub current_organization_id: Option<Uuid>,
    pub csrf_token: String,
    pub remember_me: bool,
    pub expires_at: DateTime<Utc>,
    /// `None` for "remember me" sessions, which do not end for idleness.
    pub idle_timeout_minutes: Option<i64>,
    pub idle_expires_at: Option<DateTime<Utc>>,
}

/// `UserResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    pub time_zone: String,
    pub mfa_enabled: bool,
    pub created_at: DateTime<Utc>,
}

/// `MembershipSummary`: one of the person's organisations, as seen by them.
#[derive(Deserialize, Debug, Clone)]
pub struct Membership {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub slug: String,
    pub role: Role,
    pub permissions: Vec<Permission>,
    pub logo_url: Option<String>,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
}

/// `MfaRequired`: the password was right; the second factor is next.
#[derive(Deserialize, Debug, Clone)]
pub struct MfaChallenge {
    pub mfa_required: bool,
    pub mfa_token: String,
    pub expires_at: DateTime<Utc>,
    pub methods: Vec<SecondFactor>,
    /// WebAuthn request options for the person's passkeys, when they have any.
    pub passkey: Option<serde_json::Value>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    Totp,
    RecoveryCode,
    Passkey,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    Password,
    PasswordTotp,
    PasswordRecoveryCode,
    PasswordPasskey,
    Passkey,
}

/// `PasskeyInfo`: one of the person's passkeys.
#[derive(Deserialize, Debug, Clone)]
pub struct PasskeyInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// `PasskeyRegistrationOptions` and `PasskeySignInOptions`: a ceremony's token and the
/// WebAuthn options for the browser.
#[derive(Deserialize, Debug, Clone)]
pub struct PasskeyCeremony {
    #[serde(alias = "registration_token", alias = "ceremony_token")]
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub options: serde_json::Value,
}

/// `PasskeyRegistered`.
#[derive(Deserialize, Debug, Clone)]
pub struct PasskeyRegistered {
    pub passkey: PasskeyInfo,
    pub recovery_codes: Option<Vec<String>>,
    pub signed_out_sessions: i64,
}

/// `SessionInfo`: one of the person's sessions, in their list of sessions.
#[derive(Deserialize, Debug, Clone)]
pub struct SessionInfo {
    pub id: Uuid,
    pub device: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub remember_me: bool,
    pub auth_method: AuthMethod,
    pub authenticated_at: DateTime<Utc>,
    pub current: bool,
}

/// `SessionsRevoked`.
#[derive(Deserialize, Debug, Clone)]
pub struct SessionsRevoked {
    pub revoked: i64,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    SignIn,
    SecurityEvent,
}

/// `ActivityItem`: a sign-in attempt or a security event of the person's account.
#[derive(Deserialize, Debug, Clone)]
pub struct ActivityItem {
    pub kind: ActivityKind,
    /// A sign-in's outcome or the security event's name.
    pub event: String,
    pub ip: Option<String>,
    pub device: Option<String>,
    pub at: DateTime<Utc>,
}

/// `TotpSetup`.
#[derive(Deserialize, Debug, Clone)]
pub struct TotpSetup {
    pub secret: String,
    pub otpauth_uri: String,
}

/// `TotpEnabled`.
#[derive(Deserialize, Debug, Clone)]
pub struct TotpEnabled {
    pub recovery_codes: Vec<String>,
    pub signed_out_sessions: i64,
}

/// `SecurityOverview`: the person's own security settings.
#[derive(Deserialize, Debug, Clone)]
pub struct SecurityOverview {
    pub email: String,
    pub email_verified: bool,
    pub password_changed_at: DateTime<Utc>,
    pub mfa: MfaStatus,
    pub active_sessions: i64,
    pub organizations: Vec<OrganizationRequirement>,
}

/// `MfaStatus`.
#[derive(Deserialize, Debug, Clone)]
pub struct MfaStatus {
    pub enabled: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: i64,
    pub available: bool,
}

/// `OrganizationRequirement`.
#[derive(Deserialize, Debug, Clone)]
pub struct OrganizationRequirement {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub require_mfa: bool,
    pub require_passkey: bool,
    pub session_idle_minutes: Option<i32>,
}
