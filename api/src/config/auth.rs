//! Authentication settings: sessions, lockout, rate limits, passwords, tokens and keys.

use clap::Args;

use super::Secret;

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Authentication")]
pub struct AuthConfig {
    /// Minutes of inactivity after which a session without "remember me" ends.
    #[arg(
        long = "session-idle-minutes",
        env = "VIGIL_SESSION_IDLE_MINUTES",
        default_value_t = 30
    )]
    pub session_idle_minutes: i64,

    /// Hours after which a session without "remember me" ends, active or not.
    #[arg(
        long = "session-absolute-hours",
        env = "VIGIL_SESSION_ABSOLUTE_HOURS",
        default_value_t = 12
    )]
    pub session_absolute_hours: i64,

    /// Days a "remember me" session lasts after its last use (sliding).
    #[arg(
        long = "remember-me-days",
        env = "VIGIL_REMEMBER_ME_DAYS",
        default_value_t = 30
    )]
    pub remember_me_days: i64,

    /// Days a "remember me" session lasts at most from its sign-in, however often it is used.
    #[arg(
        long = "remember-me-max-days",
        env = "VIGIL_REMEMBER_ME_MAX_DAYS",
        default_value_t = 90
    )]
    pub remember_me_max_days: i64,

    /// Minimum password length in characters (NIST SP 800-63B; never below 8).
    #[arg(
        long = "password-min-length",
        env = "VIGIL_PASSWORD_MIN_LENGTH",
        default_value_t = 15,
        value_parser = clap::value_parser!(u16).range(8..=128)
    )]
    pub password_min_length: u16,

    /// Hours an email verification link stays valid.
    #[arg(
        long = "verification-ttl-hours",
        env = "VIGIL_VERIFICATION_TTL_HOURS",
        default_value_t = 24
    )]
    pub verification_ttl_hours: i64,

    /// Minutes a password reset link stays valid.
    #[arg(
        long = "password-reset-ttl-minutes",
        env = "VIGIL_PASSWORD_RESET_TTL_MINUTES",
        default_value_t = 60
    )]
    pub password_reset_ttl_minutes: i64,

    /// Consecutive failures from one IP that lock that IP out of the account.
    #[arg(
        long = "lockout-ip-threshold",
        env = "VIGIL_LOCKOUT_IP_THRESHOLD",
        default_value_t = 5
    )]
    pub lockout_ip_threshold: i32,

    /// Consecutive failures from all IPs that lock the account everywhere for a while.
    #[arg(
        long = "lockout-account-threshold",
        env = "VIGIL_LOCKOUT_ACCOUNT_THRESHOLD",
        default_value_t = 20
    )]
    pub lockout_account_threshold: i32,

    /// Wrong guesses (passwords or second-factor codes) from a browser holding a device cookie
    /// after which that cookie no longer lets it through account-wide locks and limits.
    #[arg(
        long = "lockout-device-threshold",
        env = "VIGIL_LOCKOUT_DEVICE_THRESHOLD",
        default_value_t = 10
    )]
    pub lockout_device_threshold: i32,

    /// Minutes of the first lock; each further lock doubles it.
    #[arg(
        long = "lockout-minutes",
        env = "VIGIL_LOCKOUT_MINUTES",
        default_value_t = 15
    )]
    pub lockout_minutes: i64,

    /// Longest lock, in minutes: every lock expires by itself, at the latest after this.
    #[arg(
        long = "lockout-max-minutes",
        env = "VIGIL_LOCKOUT_MAX_MINUTES",
        default_value_t = 1440
    )]
    pub lockout_max_minutes: i64,

    /// Sign-in attempts per account per minute (all IPs).
    #[arg(
        long = "login-attempts-per-account-per-minute",
        env = "VIGIL_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE",
        default_value_t = 10
    )]
    pub login_per_account_per_minute: i32,

    /// Distinct accounts failing from one IP within the stuffing window that get the IP blocked.
    #[arg(
        long = "stuffing-accounts-threshold",
        env = "VIGIL_STUFFING_ACCOUNTS_THRESHOLD",
        default_value_t = 10
    )]
    pub stuffing_accounts_threshold: i64,

    /// Window for counting failures across accounts from one IP, in minutes.
    #[arg(
        long = "stuffing-window-minutes",
        env = "VIGIL_STUFFING_WINDOW_MINUTES",
        default_value_t = 10
    )]
    pub stuffing_window_minutes: i64,

    /// How long a credential-stuffing IP is blocked from signing in, in minutes.
    #[arg(
        long = "stuffing-block-minutes",
        env = "VIGIL_STUFFING_BLOCK_MINUTES",
        default_value_t = 60
    )]
    pub stuffing_block_minutes: i64,

    /// A sign-in from an IP network and device not seen for this many days is "new" (email).
    #[arg(
        long = "new-device-days",
        env = "VIGIL_NEW_DEVICE_DAYS",
        default_value_t = 90
    )]
    pub new_device_days: i64,

    /// 32-byte key (base64) encrypting secrets at rest: TOTP secrets and token-signing keys.
    /// Two-step verification and API clients are unavailable without it; scripts/run generates one.
    #[arg(long = "encryption-key", env = "VIGIL_ENCRYPTION_KEY")]
    pub encryption_key: Option<Secret>,

    /// Password hashes computed at once (each takes 19 MiB); 0 = one per CPU core.
    #[arg(
        long = "password-hash-concurrency",
        env = "VIGIL_PASSWORD_HASH_CONCURRENCY",
        default_value_t = 0
    )]
    pub password_hash_concurrency: usize,

    /// Minutes a sign-in (or step-up) counts as recent for sensitive actions: changing the
    /// security policy, roles, API clients, email, password, passkeys or TOTP, deleting an
    /// organisation, downloading an audit-log export (`docs/permissions.md` lists them).
    #[arg(
        long = "step-up-minutes",
        env = "VIGIL_STEP_UP_MINUTES",
        default_value_t = 10,
        value_parser = clap::value_parser!(i64).range(1..=1440)
    )]
    pub step_up_minutes: i64,

    /// Domain passkeys are bound to (the WebAuthn relying-party id). Default: the public URL's
    /// host, or `localhost` when that is an IP address. The public URL or an extra origin must
    /// be on it. Changing it makes every registered passkey unusable.
    #[arg(long = "webauthn-rp-id", env = "VIGIL_WEBAUTHN_RP_ID")]
    pub webauthn_rp_id: Option<String>,
}
