//! The CAPTCHA challenge the sign-up, sign-in and password-reset forms solve.

use actix_web::{HttpResponse, get, web};

use crate::captcha::CaptchaChallenge;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::problem::responses;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;

const CHALLENGES_PER_IP: Limit = Limit {
    name: "captcha-challenge:ip",
    max: 60,
    window_secs: 60,
};

/// A fresh CAPTCHA challenge (or the site key of the configured third-party CAPTCHA).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "A challenge to solve", body = CaptchaChallenge),
        (status = 429, response = responses::TooManyRequests),
        (status = 500, response = responses::InternalError),
    )
)]
#[get("/api/v1/captcha/challenge")]
pub(crate) async fn get_captcha_challenge(
    state: web::Data<AppState>,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    ratelimit::check(&state.db, &[(CHALLENGES_PER_IP, client.ip_key())]).await?;
    Ok(HttpResponse::Ok().json(state.captcha.challenge()?))
}
