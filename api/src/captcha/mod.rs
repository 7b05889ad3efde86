//! CAPTCHA for signup, password reset requests and verification resends.
//!
//! Default: self-hosted ALTCHA proof of work (the `altcha` crate, PoW v2): challenges are
//! HMAC-signed and expire; the library keeps no state, so each solved challenge is redeemed once
//! in `captcha_redemptions`, inside the transaction of the request it protects. Cloudflare
//! Turnstile and hCaptcha are verified server-side through their siteverify endpoints.

pub mod error;

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, TimeZone, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use self::error::CaptchaError;
use crate::config::{CaptchaConfig, CaptchaProvider};
use vigil_data::schema::captcha_redemptions;

const ALTCHA_ALGORITHM: &str = "PBKDF2/SHA-256";

#[derive(Clone)]
pub struct Captcha {
    config: CaptchaConfig,
    hmac_key: String,
    key_signature_key: String,
    http: reqwest::Client,
}

/// What the web app needs to show the configured CAPTCHA.
#[derive(Serialize, ToSchema)]
#[serde(tag = "provider", rename_all = "snake_case")]
pub enum CaptchaChallenge {
    /// Solve `challenge` with the ALTCHA widget; submit its payload as `captcha`.
    Altcha {
        #[schema(value_type = Object)]
        challenge: serde_json::Value,
    },
    /// Render Turnstile with `site_key`; submit its token as `captcha`.
    Turnstile { site_key: String },
    /// Render hCaptcha with `site_key`; submit its token as `captcha`.
    Hcaptcha { site_key: String },
}

/// A solution that passed verification and still has to be redeemed (once).
#[derive(Debug)]
pub struct VerifiedCaptcha {
    replay_key: Option<Vec<u8>>,
    expires_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct SiteVerifyResponse {
    success: bool,
}

impl Captcha {
    pub fn new(config: &CaptchaConfig) -> anyhow::Result<Self> {
        let hmac_key = match &config.altcha_hmac_key {
            Some(key) => key.expose().to_owned(),
            None => crate::tokens::generate(),
        };
        // A second key, derived from the first, signs derived keys (fast verification).
        let key_signature_key = hex::encode(crate::tokens::hash(&format!("{hmac_key}:keys")));
        anyhow::ensure!(
            config.provider == CaptchaProvider::Altcha
                || (config.site_key.is_some() && config.secret.is_some()),
            "VIGIL_CAPTCHA_SITE_KEY and VIGIL_CAPTCHA_SECRET are required for Turnstile and hCaptcha"
        );
        Ok(Self {
            config: config.clone(),
            hmac_key,
            key_signature_key,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
        })
    }

    pub fn challenge(&self) -> Result<CaptchaChallenge, CaptchaError> {
        let site_key = || self.config.site_key.clone().unwrap_or_default();
        match self.config.provider {
            CaptchaProvider::Turnstile => Ok(CaptchaChallenge::Turnstile {
                site_key: site_key(),
            }),
            CaptchaProvider::Hcaptcha => Ok(CaptchaChallenge::Hcaptcha {
                site_key: site_key(),
            }),
            CaptchaProvider::Altcha => {
                let max = self.config.altcha_max_number.max(1);
                let counter = rand::rng().random_range(max / 2..=max);
                let challenge = altcha::create_challenge(altcha::CreateChallengeOptions {
                    algorithm: ALTCHA_ALGORITHM.into(),
                    cost: self.config.altcha_cost.max(1),
                    counter: Some(counter),
                    expires_at: Some(Utc::now().timestamp() + self.config.altcha_ttl_secs),
                    hmac_signature_secret: Some(self.hmac_key.clone()),
                    hmac_key_signature_secret: Some(self.key_signature_key.clone()),
                    ..Default::default()
                })
                .map_err(|e| CaptchaError::Challenge(e.to_string()))?;
                let challenge = serde_json::to_value(challenge)?;
                Ok(CaptchaChallenge::Altcha { challenge })
            }
        }
    }

    /// Checks a submitted solution (the ALTCHA widget's payload, or a Turnstile/hCaptcha token).
    pub async fn verify(
        &self,
        response: &str,
        ip: Option<IpAddr>,
    ) -> Result<VerifiedCaptcha, CaptchaError> {
        let response = response.trim();
        if response.is_empty() {
            return Err(CaptchaError::Required);
        }
        if response.len() > 8 * 1024 {
            return Err(CaptchaError::Invalid);
        }
        match self.config.provider {
            CaptchaProvider::Altcha => self.verify_altcha(response),
            CaptchaProvider::Turnstile => {
                let url = self
                    .config
                    .verify_url
                    .as_deref()
                    .unwrap_or("https://challenges.cloudflare.com/turnstile/v0/siteverify");
                self.verify_remote(url, response, ip).await
            }
            CaptchaProvider::Hcaptcha => {
                let url = self
                    .config
                    .verify_url
                    .as_deref()
                    .unwrap_or("https://api.hcaptcha.com/siteverify");
                self.verify_remote(url, response, ip).await
            }
        }
    }

    fn verify_altcha(&self, response: &str) -> Result<VerifiedCaptcha, CaptchaError> {
        // The widget submits base64(JSON); accept the JSON itself too.
        let json = base64::engine::general_purpose::STANDARD
            .decode(response)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_else(|| response.to_owned());
        let payload: altcha::Payload =
            serde_json::from_str(&json).map_err(|_| CaptchaError::Invalid)?;
        let result = altcha::verify_solution(altcha::VerifySolutionOptions {
            hmac_key_signature_secret: Some(self.key_signature_key.clone()),
            ..altcha::VerifySolutionOptions::new(
                &payload.challenge,
                &payload.solution,
                self.hmac_key.clone(),
            )
        })
        .map_err(|_| CaptchaError::Invalid)?;
        if result.expired {
            return Err(CaptchaError::Expired);
        }
        if !result.verified {
            return Err(CaptchaError::Invalid);
        }
        let signature = payload.challenge.signature.unwrap_or_default();
        let expires_at = payload
            .challenge
            .parameters
            .expires_at
            .and_then(|t| Utc.timestamp_opt(t, 0).single())
            .unwrap_or_else(|| Utc::now() + chrono::Duration::days(1));
        Ok(VerifiedCaptcha {
            replay_key: Some(crate::tokens::hash(&signature)),
            expires_at,
        })
    }

    async fn verify_remote(
        &self,
        url: &str,
        response: &str,
        ip: Option<IpAddr>,
    ) -> Result<VerifiedCaptcha, CaptchaError> {
        let secret = self
            .config
            .secret
            .as_ref()
            .map(|s| s.expose().to_owned())
            .unwrap_or_default();
        let mut form = vec![("secret", secret), ("response", response.to_owned())];
        if let Some(ip) = ip {
            form.push(("remoteip", ip.to_string()));
        }
        if let Some(site_key) = &self.config.site_key {
            form.push(("sitekey", site_key.clone()));
        }
        let answer = self
            .http
            .post(url)
            .form(&form)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| {
                tracing::error!(error = %error, "CAPTCHA provider unreachable");
                CaptchaError::ProviderUnreachable(error)
            })?
            .json::<SiteVerifyResponse>()
            .await
            .map_err(CaptchaError::ProviderUnreadable)?;
        if !answer.success {
            return Err(CaptchaError::Invalid);
        }
        // The provider makes its tokens single-use itself.
        Ok(VerifiedCaptcha {
            replay_key: None,
            expires_at: Utc::now(),
        })
    }
}

/// Redeems a verified solution inside the caller's transaction: a second use of the same
/// solution fails, and a failed request leaves it unredeemed.
pub fn redeem(conn: &mut PgConnection, verified: &VerifiedCaptcha) -> Result<(), CaptchaError> {
    let Some(key) = &verified.replay_key else {
        return Ok(());
    };
    let inserted = diesel::insert_into(captcha_redemptions::table)
        .values((
            captcha_redemptions::challenge_hash.eq(key),
            captcha_redemptions::expires_at.eq(verified.expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Err(CaptchaError::Replayed);
    }
    Ok(())
}
