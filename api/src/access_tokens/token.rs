//! Access tokens for API clients: JWTs (RFC 9068 `at+jwt`) signed with EdDSA, valid ten
//! minutes, naming the organisation and the scopes. Verification accepts only EdDSA, a known
//! `kid`, the right type, issuer and audience, and refuses embedded keys.

use std::collections::HashSet;

use chrono::Utc;
use jsonwebtoken::{Algorithm, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::keys::{KeyError, KeyRing};
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;
use vigil_core::scopes::{self, Scope};

pub const TOKEN_TYPE: &str = "at+jwt";
pub const AUDIENCE: &str = "vigil-api";
/// Seconds an access token is valid.
pub const LIFETIME_SECS: i64 = 600;

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The client's public id.
    pub sub: String,
    /// The client's row id (audited as the actor).
    pub cid: Uuid,
    pub org: Uuid,
    pub scope: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: Uuid,
}

/// A verified token.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    pub org_id: OrgId,
    pub client_id: Uuid,
    pub scopes: Vec<Scope>,
}

pub async fn issue(
    keys: &KeyRing,
    issuer: &str,
    client_public_id: &str,
    client_id: Uuid,
    org_id: OrgId,
    granted: &[Scope],
) -> Result<String, KeyError> {
    let key = keys.active().await?;
    let now = Utc::now().timestamp();
    let claims = AccessClaims {
        iss: issuer.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: client_public_id.to_owned(),
        cid: client_id,
        org: org_id.into_uuid(),
        scope: scopes::join(granted),
        iat: now,
        nbf: now,
        exp: now + LIFETIME_SECS,
        jti: Uuid::new_v4(),
    };
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(TOKEN_TYPE.to_owned());
    header.kid = Some(key.kid);
    jsonwebtoken::encode(&header, &claims, &key.key).map_err(KeyError::Signing)
}

/// Why a bearer token was refused (kept for the logs; the client gets one message).
fn invalid(reason: &str) -> AppError {
    tracing::info!(reason, "bearer token refused");
    AppError::Unauthorized {
        code: ProblemCode::InvalidToken,
        detail: "The access token is missing, malformed, expired or not for this API. Get a new one from /oauth/token.".into(),
    }
}

pub async fn verify(keys: &KeyRing, issuer: &str, token: &str) -> Result<VerifiedToken, AppError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| invalid("malformed header"))?;
    if header.alg != Algorithm::EdDSA {
        return Err(invalid("algorithm"));
    }
    if header.typ.as_deref() != Some(TOKEN_TYPE) {
        return Err(invalid("type"));
    }
    if header.jwk.is_some() || header.jku.is_some() || header.x5u.is_some() || header.x5c.is_some()
    {
        return Err(invalid("embedded key"));
    }
    let kid = header.kid.ok_or_else(|| invalid("no kid"))?;
    let key = keys
        .verifying_key(&kid)
        .await?
        .ok_or_else(|| invalid("unknown kid"))?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.algorithms = vec![Algorithm::EdDSA];
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    validation.leeway = 30;
    validation.required_spec_claims =
        HashSet::from(["exp", "nbf", "iss", "aud", "sub"].map(String::from));
    let data = jsonwebtoken::decode::<AccessClaims>(token, &key, &validation)
        .map_err(|e| invalid(&e.to_string()))?;
    let scopes = scopes::parse_list(&data.claims.scope).map_err(|_| invalid("scope"))?;
    Ok(VerifiedToken {
        org_id: OrgId::from_uuid(data.claims.org),
        client_id: data.claims.cid,
        scopes,
    })
}
