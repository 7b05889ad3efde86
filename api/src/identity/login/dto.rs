//! What sign-in reads and answers.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use webauthn_rs::prelude::{PublicKeyCredential, RequestChallengeResponse};

use crate::identity::sessions::{Session, SessionPolicy};
use crate::identity::users::{MembershipSummary, User, UserResponse};
use crate::ids::OrgId;

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

/// The signed-in person, their organisations and what the web app needs to make requests.
/// The session token itself is only ever in the HttpOnly cookie.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub user: UserResponse,
    pub memberships: Vec<MembershipSummary>,
    /// The organisation the web app opens by default.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub current_organization_id: Option<OrgId>,
    /// Send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    pub remember_me: bool,
    pub expires_at: DateTime<Utc>,
    /// Minutes without activity after which this session ends: the server's, or the current
    /// organisation's policy when it is stricter. `null` for "remember me" sessions.
    pub idle_timeout_minutes: Option<i64>,
    /// When this session ends unless it is used before (any request counts, recorded at most
    /// once a minute); never later than `expires_at`. `null` for "remember me" sessions.
    /// Compare it with the response's `Date` header, not the client's clock.
    pub idle_expires_at: Option<DateTime<Utc>>,
}

impl SessionResponse {
    /// `current` is the organisation the web app opens, and `idle` the idle window in force.
    pub(super) fn new(
        user: &User,
        session: &Session,
        memberships: Vec<MembershipSummary>,
        current: Option<OrgId>,
        idle: Duration,
    ) -> Self {
        let (idle_timeout_minutes, idle_expires_at) = if session.remember_me {
            (None, None)
        } else {
            (
                Some(idle.num_minutes()),
                Some((session.last_seen_at + idle).min(session.expires_at)),
            )
        };
        Self {
            user: UserResponse::from(user),
            memberships,
            current_organization_id: current,
            csrf_token: session.csrf_token.clone(),
            remember_me: session.remember_me,
            expires_at: session.expires_at,
            idle_timeout_minutes,
            idle_expires_at,
        }
    }
}

/// The organisation the web app opens: the session's, while the person is still a member, or
/// their first.
pub(super) fn current_organization(
    session: &Session,
    memberships: &[MembershipSummary],
) -> Option<OrgId> {
    session
        .current_organization_id
        .filter(|id| memberships.iter().any(|m| m.organization_id == *id))
        .or_else(|| memberships.first().map(|m| m.organization_id))
}

/// The idle window in force: the organisation's policy applies only when it is stricter (the
/// request guard enforces it for that organisation's requests; the server's for all).
pub(super) fn idle_window(policy: &SessionPolicy, org_minutes: Option<i32>) -> Duration {
    org_minutes.map_or(policy.idle, |m| {
        Duration::minutes(i64::from(m)).min(policy.idle)
    })
}

#[cfg(test)]
mod tests {
    use super::{Duration, SessionPolicy, idle_window};

    #[test]
    fn an_organisations_idle_policy_applies_only_when_stricter() {
        let policy = SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            remember: Duration::days(30),
            remember_max: Duration::days(90),
        };
        assert_eq!(idle_window(&policy, None), Duration::minutes(30));
        assert_eq!(idle_window(&policy, Some(10)), Duration::minutes(10));
        assert_eq!(idle_window(&policy, Some(120)), Duration::minutes(30));
    }
}
