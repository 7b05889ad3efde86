//! What every handler can reach.

use std::sync::Arc;

use crate::access_tokens::keys::KeyRing;
use crate::captcha::Captcha;
use crate::config::Config;
use crate::crypto::Cipher;
use crate::db::Db;
use crate::error::AppError;
use crate::identity::lockout::LockoutPolicy;
use crate::identity::passkeys::PasskeysUnavailable;
use crate::identity::password::PasswordHasher;
use crate::identity::sessions::SessionPolicy;
use crate::metrics::Metrics;
use crate::storage::Storage;
use vigil_core::problem_code::ProblemCode;
use vigil_data::models::access::AccessCache;
use webauthn_rs::prelude::Webauthn;

pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub storage: Storage,
    pub hasher: PasswordHasher,
    pub captcha: Captcha,
    pub session_policy: SessionPolicy,
    /// The memberships last read for each session (see `find_live`).
    pub access_cache: Arc<AccessCache>,
    pub lockout_policy: LockoutPolicy,
    /// Encrypts secrets at rest; absent when no key is configured (MFA and API clients unavailable).
    pub cipher: Option<Cipher>,
    /// Checks passkeys; absent when no origin is on the relying-party domain.
    pub passkeys: Option<Webauthn>,
    /// Signs API access tokens; absent without an encryption key.
    pub keys: Option<KeyRing>,
    /// Origins allowed to send cookie-authenticated unsafe requests.
    pub allowed_origins: Vec<String>,
    /// Counters and histograms served at `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// The secrets cipher, unless the server has no key.
    pub fn cipher(&self) -> Result<Cipher, EncryptionUnavailable> {
        self.cipher.clone().ok_or(EncryptionUnavailable)
    }

    /// The token key ring, unless the server has no encryption key.
    pub fn keys(&self) -> Result<KeyRing, EncryptionUnavailable> {
        self.keys.clone().ok_or(EncryptionUnavailable)
    }

    /// The passkey relying party, unless this server's origins are not on its domain.
    pub fn passkeys(&self) -> Result<&Webauthn, PasskeysUnavailable> {
        self.passkeys.as_ref().ok_or(PasskeysUnavailable)
    }

    /// An absolute link into the web app, e.g. `link("/verify-email?token=…")`.
    pub fn link(&self, path_and_query: &str) -> String {
        format!(
            "{}{path_and_query}",
            self.config.http.public_url.trim_end_matches('/')
        )
    }
}

/// MFA and API clients asked for on a server without `VIGIL_ENCRYPTION_KEY`.
#[derive(Debug, thiserror::Error)]
#[error(
    "This feature needs an encryption key, which this server does not have (VIGIL_ENCRYPTION_KEY). Ask your administrator."
)]
pub struct EncryptionUnavailable;

impl From<EncryptionUnavailable> for AppError {
    fn from(error: EncryptionUnavailable) -> Self {
        AppError::ServiceUnavailable {
            code: ProblemCode::EncryptionUnavailable,
            detail: error.to_string(),
        }
    }
}

/// The `scheme://host[:port]` form browsers put in `Origin`.
pub fn origin_of(url: &str) -> anyhow::Result<String> {
    let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("invalid URL {url:?}: {e}"))?;
    Ok(parsed.origin().ascii_serialization())
}
