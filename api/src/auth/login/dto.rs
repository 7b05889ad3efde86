//! What sign-in reads and answers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use webauthn_rs::prelude::{PublicKeyCredential, RequestChallengeResponse};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Keep the session for 30 days after its last use (sliding, but at most 90 days from this
    /// sign-in) instead of ending it with the browser session.
    #[serde(default)]
    pub remember_me: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaLoginRequest {
    /// From the 202 answer of `/auth/login`.
    pub mfa_token: String,
    /// The 6-digit code from the authenticator app.
    pub code: Option<String>,
    /// Or one of the recovery codes (each works once).
    pub recovery_code: Option<String>,
    /// Or the answer of one of the person's passkeys to `passkey` of the 202 answer: the
    /// WebAuthn `PublicKeyCredential` as JSON (binary fields base64url, as
    /// `PublicKeyCredential.toJSON()` gives it).
    #[schema(value_type = Option<Object>)]
    pub passkey: Option<PublicKeyCredential>,
}

vigil_core::text_enum! {
    /// A way to do the second step of a sign-in.
    pub enum SecondFactor {
        Totp = "totp",
        RecoveryCode = "recovery_code",
        Passkey = "passkey",
    }
}

/// The password was right and a second factor is needed.
#[derive(Serialize, ToSchema)]
pub struct MfaRequired {
    /// Always true.
    pub mfa_required: bool,
    /// Send back to `POST /api/v1/auth/login/mfa` with the code (valid 5 minutes).
    pub mfa_token: String,
    pub expires_at: DateTime<Utc>,
    /// The ways this person can do the second step.
    pub methods: Vec<SecondFactor>,
    /// When one is a passkey: the WebAuthn request options for `navigator.credentials.get`
    /// (`{ publicKey: … }`, binary fields base64url), limited to the person's passkeys.
    #[schema(value_type = Option<Object>)]
    pub passkey: Option<RequestChallengeResponse>,
}

/// A passwordless sign-in, started: the options for `navigator.credentials.get`.
#[derive(Serialize, ToSchema)]
pub struct PasskeySignInOptions {
    /// Send back with the passkey's answer (valid until `expires_at`, once).
    pub ceremony_token: String,
    pub expires_at: DateTime<Utc>,
    /// WebAuthn request options (`{ publicKey: …, mediation? }`, binary fields base64url),
    /// open to any of the person's passkeys on this domain (discoverable credentials).
    #[schema(value_type = Object)]
    pub options: RequestChallengeResponse,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasskeySignInRequest {
    /// From `POST /api/v1/auth/passkey/options`.
    pub ceremony_token: String,
    /// The passkey's answer: the WebAuthn `PublicKeyCredential` as JSON.
    #[schema(value_type = Object)]
    pub credential: PublicKeyCredential,
    /// As for a password sign-in.
    #[serde(default)]
    pub remember_me: bool,
}
