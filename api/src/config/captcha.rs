//! CAPTCHA settings: the built-in proof of work or a hosted provider.

use clap::{Args, ValueEnum};

use super::Secret;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptchaProvider {
    /// Self-hosted ALTCHA proof of work: no third party sees the visitor.
    Altcha,
    /// Cloudflare Turnstile.
    Turnstile,
    /// hCaptcha.
    Hcaptcha,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "CAPTCHA")]
pub struct CaptchaConfig {
    /// Which CAPTCHA protects signup, password reset and verification resends.
    #[arg(
        long = "captcha-provider",
        env = "VIGIL_CAPTCHA_PROVIDER",
        value_enum,
        default_value = "altcha"
    )]
    pub provider: CaptchaProvider,

    /// HMAC key signing ALTCHA challenges; share it between instances. Random per process
    /// when unset (challenges then do not survive a restart).
    #[arg(long = "altcha-hmac-key", env = "VIGIL_ALTCHA_HMAC_KEY")]
    pub altcha_hmac_key: Option<Secret>,

    /// PBKDF2 iterations per ALTCHA attempt.
    #[arg(
        long = "altcha-cost",
        env = "VIGIL_ALTCHA_COST",
        default_value_t = 1_000
    )]
    pub altcha_cost: u32,

    /// Largest counter a solver may have to reach (difficulty).
    #[arg(
        long = "altcha-max-number",
        env = "VIGIL_ALTCHA_MAX_NUMBER",
        default_value_t = 1_000
    )]
    pub altcha_max_number: u32,

    /// Seconds an ALTCHA challenge stays valid.
    #[arg(
        long = "altcha-ttl-secs",
        env = "VIGIL_ALTCHA_TTL_SECS",
        default_value_t = 600
    )]
    pub altcha_ttl_secs: i64,

    /// Site key of Turnstile or hCaptcha (given to the web app).
    #[arg(long = "captcha-site-key", env = "VIGIL_CAPTCHA_SITE_KEY")]
    pub site_key: Option<String>,

    /// Secret key of Turnstile or hCaptcha (server-side verification).
    #[arg(long = "captcha-secret", env = "VIGIL_CAPTCHA_SECRET")]
    pub secret: Option<Secret>,

    /// Verification endpoint override for Turnstile or hCaptcha.
    #[arg(long = "captcha-verify-url", env = "VIGIL_CAPTCHA_VERIFY_URL")]
    pub verify_url: Option<String>,
}
