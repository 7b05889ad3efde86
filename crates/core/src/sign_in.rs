//! How a sign-in attempt ended: recorded per attempt, counted in metrics, shown to the person.

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
    }
}
