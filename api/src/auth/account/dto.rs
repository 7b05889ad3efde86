//! Request and response bodies of the account endpoints (their names are the OpenAPI schemas).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use webauthn_rs::prelude::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

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

// --- Passkeys ---------------------------------------------------------------------------------------

/// One of the person's passkeys (no key material).
#[derive(Serialize, ToSchema)]
pub struct PasskeyInfo {
    pub id: Uuid,
    /// The person's name for it, e.g. "Work laptop".
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Its last sign-in (or step-up).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A registration, started: the options for `navigator.credentials.create`.
#[derive(Serialize, ToSchema)]
pub struct PasskeyRegistrationOptions {
    /// Send back with the new passkey (valid until `expires_at`, once).
    pub registration_token: String,
    pub expires_at: DateTime<Utc>,
    /// WebAuthn creation options (`{ publicKey: … }`, binary fields base64url). User
    /// verification is required; the person's passkeys are excluded.
    #[schema(value_type = Object)]
    pub options: CreationChallengeResponse,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterPasskeyRequest {
    /// From `POST /api/v1/me/passkeys/registration`.
    pub registration_token: String,
    /// 1 to 60 characters, e.g. "Work laptop".
    pub name: String,
    /// The new passkey: the WebAuthn `PublicKeyCredential` from `navigator.credentials.create`
    /// as JSON (binary fields base64url, as `toJSON()` gives it).
    #[schema(value_type = Object)]
    pub credential: RegisterPublicKeyCredential,
}

#[derive(Serialize, ToSchema)]
pub struct PasskeyRegistered {
    pub passkey: PasskeyInfo,
    /// New recovery codes, shown once, when this passkey is the person's first second factor.
    pub recovery_codes: Option<Vec<String>>,
    /// Other sessions opened with the password alone, now signed out.
    pub signed_out_sessions: usize,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenamePasskeyRequest {
    /// 1 to 60 characters.
    pub name: String,
}

// --- Step-up ----------------------------------------------------------------------------------------

vigil_core::text_enum! {
    /// The proof a step-up asks of this person: the strongest method they have.
    pub enum StepUpProof {
        /// The password.
        Password = "password",
        /// The password and a TOTP code (or a recovery code).
        PasswordAndCode = "password_and_code",
        /// One of their passkeys.
        Passkey = "passkey",
    }
}

/// What a step-up needs now.
#[derive(Serialize, ToSchema)]
pub struct StepUpOptions {
    pub proof: StepUpProof,
    /// How long a step-up counts as recent.
    pub minutes: i64,
    /// For a passkey: send back with its answer (valid until `expires_at`, once).
    pub ceremony_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// For a passkey: WebAuthn request options for `navigator.credentials.get`, limited to
    /// the person's passkeys.
    #[schema(value_type = Option<Object>)]
    pub passkey: Option<RequestChallengeResponse>,
}

/// The proof `StepUpOptions.proof` asked for.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepUpRequest {
    pub password: Option<String>,
    /// A current TOTP code...
    pub code: Option<String>,
    /// ...or a recovery code.
    pub recovery_code: Option<String>,
    /// From the options, with `passkey`.
    pub ceremony_token: Option<String>,
    /// The passkey's answer: the WebAuthn `PublicKeyCredential` as JSON.
    #[schema(value_type = Option<Object>)]
    pub passkey: Option<PublicKeyCredential>,
}

#[derive(Serialize, ToSchema)]
pub struct SteppedUp {
    pub auth_method: AuthMethod,
    pub authenticated_at: DateTime<Utc>,
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
    /// Whether the organisation requires this person (in their role) to use a passkey: then
    /// their last passkey cannot be removed.
    pub require_passkey: bool,
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
