//! Request and response bodies of the account endpoints (their names are the OpenAPI schemas).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::identity::sessions::AuthMethod;

// --- Sessions ---------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    pub id: Uuid,
    /// e.g. "Firefox 120 on Linux"
    pub device: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub remember_me: bool,
    /// How the person signed in to this session.
    pub auth_method: AuthMethod,
    /// When they did (or last stepped up).
    pub authenticated_at: DateTime<Utc>,
    /// The session making this request.
    pub current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SessionsRevoked {
    pub revoked: usize,
}

// --- Password and email -------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    pub new_email: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkTokenRequest {
    /// The `token` query parameter of the link in the email.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmailChanged {
    pub email: String,
}

// --- Two-step verification -------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordConfirmation {
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TotpSetup {
    /// The secret, for typing into an authenticator app by hand.
    pub secret: String,
    /// `otpauth://` URI to show as a QR code.
    pub otpauth_uri: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// The current 6-digit code.
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten single-use codes for when the authenticator app is lost. Shown once: store them.
    pub recovery_codes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TotpEnabled {
    /// Ten single-use codes for when the authenticator app is lost. Shown once: store them.
    pub recovery_codes: Vec<String>,
    /// The person's other sessions that had signed in with the password alone, now signed out.
    /// This session counts as signed in with the code just confirmed.
    pub signed_out_sessions: usize,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorConfirmation {
    pub password: String,
    /// A current TOTP code...
    pub code: Option<String>,
    /// ...or a recovery code.
    pub recovery_code: Option<String>,
}

// --- Overview ---------------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct MfaStatus {
    pub enabled: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: i64,
    /// Whether this server can enrol TOTP (an encryption key is configured).
    pub available: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationRequirement {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub require_mfa: bool,
    pub session_idle_minutes: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct SecurityOverview {
    pub email: String,
    pub email_verified: bool,
    pub password_changed_at: DateTime<Utc>,
    pub mfa: MfaStatus,
    pub active_sessions: usize,
    /// The security policies of the person's organisations.
    pub organizations: Vec<OrganizationRequirement>,
}
