//! What the password reset endpoints read.

use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
    /// The CAPTCHA solution.
    pub captcha: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The `token` query parameter of the link in the reset email.
    pub token: String,
    pub password: String,
}
