//! How a sign-in attempt ended (recorded per attempt, counted in metrics, shown to the person)
//! and how a session's person proved who they are.

crate::text_enum! {
    /// How a sign-in attempt ended.
    pub enum Outcome {
        Success = "success",
        BadPassword = "bad_password",
        UnknownEmail = "unknown_email",
        Locked = "locked",
        Unverified = "unverified",
        Disabled = "disabled",
        MfaRequired = "mfa_required",
        MfaFailed = "mfa_failed",
        RateLimited = "rate_limited",
        IpBlocked = "ip_blocked",
        /// A passkey answer that was refused (passwordless sign-in or second step).
        PasskeyFailed = "passkey_failed",
    }
}

crate::text_enum! {
    /// How the person of a session proved who they are (an unknown stored value is an error,
    /// never a silent fallback to a weaker or stronger method).
    pub enum AuthMethod {
        /// The password alone (the account has no second factor, or had none at sign-in).
        Password = "password",
        /// The password and a TOTP code.
        PasswordTotp = "password_totp",
        /// The password and a single-use recovery code.
        PasswordRecoveryCode = "password_recovery_code",
        /// The password and a passkey.
        PasswordPasskey = "password_passkey",
        /// A passkey alone: something the person has, unlocked by something they know or are
        /// (user verification is required), bound to Vigil's domain.
        Passkey = "passkey",
    }
}

impl AuthMethod {
    pub fn is_multi_factor(self) -> bool {
        !matches!(self, AuthMethod::Password)
    }

    /// Proved with a passkey, which a look-alike site cannot relay.
    pub fn is_phishing_resistant(self) -> bool {
        matches!(self, AuthMethod::PasswordPasskey | AuthMethod::Passkey)
    }
}
