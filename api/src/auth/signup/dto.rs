//! What signup and verification read and answer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[schema(example = "Harbour View Medical Centre")]
    pub organization_name: String,
    #[schema(example = "Jane")]
    pub first_name: String,
    #[schema(example = "Citizen")]
    pub last_name: String,
    #[schema(example = "jane@harbourview.com.au")]
    pub email: String,
    /// At least 15 characters (configurable); see the password policy in the README.
    pub password: String,
    /// The CAPTCHA solution: the ALTCHA widget's payload, or a Turnstile/hCaptcha token.
    pub captcha: String,
    /// Must be true: the terms of service and privacy policy were accepted.
    pub accept_terms: bool,
}

/// The same answer whether or not the address already had an account.
#[derive(Serialize, ToSchema)]
pub struct SignupAccepted {
    /// Always `verification_sent`.
    pub status: &'static str,
    pub email: String,
    pub message: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The `token` query parameter of the link in the verification email.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmailVerified {
    pub email: String,
    pub email_verified: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendVerificationRequest {
    pub email: String,
    /// The CAPTCHA solution.
    pub captcha: String,
}
