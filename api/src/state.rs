//! What every handler can reach.

use std::sync::Arc;

use crate::captcha::Captcha;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::identity::lockout::LockoutPolicy;
use crate::identity::mfa::MfaCipher;
use crate::identity::password::PasswordHasher;
use crate::identity::sessions::SessionPolicy;
use crate::storage::Storage;

pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub storage: Storage,
    pub hasher: PasswordHasher,
    pub captcha: Captcha,
    pub session_policy: SessionPolicy,
    pub lockout_policy: LockoutPolicy,
    /// Encrypts TOTP secrets; absent when no key is configured (MFA unavailable).
    pub mfa_cipher: Option<MfaCipher>,
    /// Origins allowed to send cookie-authenticated unsafe requests.
    pub allowed_origins: Vec<String>,
}

impl AppState {
    /// The TOTP secret cipher, or a clear 503 when the server has no key.
    pub fn mfa_cipher(&self) -> Result<MfaCipher, AppError> {
        self.mfa_cipher.clone().ok_or_else(|| AppError::ServiceUnavailable {
            code: "mfa-unavailable",
            detail: "Two-step verification is not configured on this server (VIGIL_MFA_ENCRYPTION_KEY). Ask your administrator.".into(),
        })
    }

    /// An absolute link into the web app, e.g. `link("/verify-email?token=…")`.
    pub fn link(&self, path_and_query: &str) -> String {
        format!(
            "{}{path_and_query}",
            self.config.http.public_url.trim_end_matches('/')
        )
    }
}

/// The `scheme://host[:port]` form browsers put in `Origin`.
pub fn origin_of(url: &str) -> anyhow::Result<String> {
    let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("invalid URL {url:?}: {e}"))?;
    Ok(parsed.origin().ascii_serialization())
}
