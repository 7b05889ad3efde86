//! Sign-up, sign-in and the person's own account: the endpoints under `/api/v1/auth` and
//! `/api/v1/me`, each feature in its folder (routes → service → queries), on top of the account
//! model in `crate::identity`.

pub mod account;
pub mod activity;
mod captcha;
pub mod login;
pub mod password_reset;
pub mod profile;
pub mod signup;

use diesel::pg::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Email;
use crate::email::Branding;
use crate::http::client::ClientContext;
use crate::identity::users;
use crate::ids::{OrgId, UserId};
use crate::ratelimit::{self, Limit, RateLimitError};
use crate::state::AppState;
use diesel::QueryResult;
use vigil_data::enter_user;

/// The answer of requests that must not reveal whether an account exists.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// Always `accepted`.
    pub status: &'static str,
    pub message: &'static str,
}

impl Accepted {
    pub fn new(message: &'static str) -> Self {
        Self {
            status: "accepted",
            message,
        }
    }
}

/// How to brand a message to this user: their first organisation (switches the transaction to
/// the user's own context to read it).
pub fn branding_for(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<(Branding, Option<OrgId>)> {
    enter_user(conn, user_id)?;
    let first = users::memberships_of(conn, user_id)?.into_iter().next();
    Ok(match first {
        Some(m) => (
            Branding {
                organization_name: Some(m.organization_name),
                brand_colour: m.primary_colour,
                logo_url: None,
            },
            Some(m.organization_id),
        ),
        None => (Branding::default(), None),
    })
}

/// Before a request that emails an address whether or not it has an account (a reset link, a
/// new verification link): the CAPTCHA first, redeemed once, so requests without a solved one
/// (or replaying one) spend no quota and nobody can use up a person's emails for free; then
/// the limits per client address and per email address.
pub(crate) async fn check_before_emailing<E>(
    state: &AppState,
    client: &ClientContext,
    captcha_response: &str,
    email: &Email,
    (per_ip, per_email): (Limit, Limit),
) -> Result<(), E>
where
    E: From<crate::captcha::CaptchaError> + From<RateLimitError>,
{
    let verified = state.captcha.verify(captcha_response, client.ip).await?;
    state
        .db
        .data()
        .global(move |conn| crate::captcha::redeem(conn, &verified))
        .await?;
    ratelimit::check(
        &state.db,
        &[
            (per_ip, client.ip_key()),
            (per_email, ratelimit::email_key(&email.normalized())),
        ],
    )
    .await?;
    Ok(())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(captcha::get_captcha_challenge)
        .service(signup::signup)
        .service(signup::verify_email)
        .service(signup::resend_verification)
        .service(password_reset::forgot_password)
        .service(password_reset::reset_password)
        .service(login::login)
        .service(login::login_mfa)
        .service(login::start_passkey_sign_in)
        .service(login::passkey_sign_in)
        .service(login::logout)
        .service(login::get_session)
        .service(profile::update_me)
        .service(activity::get_my_activity)
        .service(account::list_my_sessions)
        .service(account::revoke_my_session)
        .service(account::revoke_other_sessions)
        .service(account::change_password)
        .service(account::list_my_passkeys)
        .service(account::start_passkey_registration)
        .service(account::register_passkey)
        .service(account::rename_passkey)
        .service(account::remove_passkey)
        .service(account::start_step_up)
        .service(account::step_up)
        .service(account::change_email)
        .service(account::confirm_email_change)
        .service(account::unlock_account)
        .service(account::not_me)
        .service(account::start_totp_enrolment)
        .service(account::confirm_totp_enrolment)
        .service(account::disable_totp)
        .service(account::regenerate_recovery_codes)
        .service(account::get_security_overview);
}
