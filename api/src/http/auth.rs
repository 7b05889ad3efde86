//! Authentication of browser requests (session cookie) with CSRF protection, and the session
//! cookie itself. Who may call what is decided by `crate::authz`.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::SESSION_COOKIE_NAME;
use crate::error::AppError;
use crate::identity::sessions::{FindLive, LiveSession, Session};
use crate::state::AppState;
use crate::tokens;
use vigil_core::problem_code::ProblemCode;

pub const CSRF_HEADER: &str = "x-csrf-token";

fn not_authenticated() -> AppError {
    AppError::Unauthorized {
        code: ProblemCode::NotAuthenticated,
        detail: "Sign in to continue. Your session may have ended or been signed out.".into(),
    }
}

/// The session cookie: `__Host-` (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax.
/// Persistent only for "remember me"; otherwise it ends with the browser session.
pub fn session_cookie(token: &str, remember_for: Option<chrono::Duration>) -> Cookie<'static> {
    let mut cookie = Cookie::build(SESSION_COOKIE_NAME, token.to_owned())
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Lax)
        .finish();
    if let Some(duration) = remember_for {
        cookie.set_max_age(time::Duration::seconds(duration.num_seconds()));
    }
    cookie
}

/// Tells the browser to drop the session cookie.
pub fn expired_session_cookie() -> Cookie<'static> {
    let mut cookie = session_cookie("", None);
    cookie.set_max_age(time::Duration::ZERO);
    cookie
}

/// A signed-in person, from a live session (its fields through `Deref`). For unsafe methods the
/// CSRF token and the `Origin` have been checked too.
#[derive(Clone, Debug)]
pub struct Authenticated(LiveSession);

impl Authenticated {
    pub fn into_inner(self) -> LiveSession {
        self.0
    }
}

impl std::ops::Deref for Authenticated {
    type Target = LiveSession;

    fn deref(&self) -> &LiveSession {
        &self.0
    }
}

fn foreign_origin() -> AppError {
    AppError::Forbidden {
        code: ProblemCode::OriginNotAllowed,
        detail: "This request came from a site that may not act on your behalf.".into(),
    }
}

/// Whether `origin` is one of Vigil's own (the public URL and the configured extras).
fn origin_allowed(state: &AppState, origin: &str) -> bool {
    state.allowed_origins.iter().any(|o| o == origin)
}

fn origin_header(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
}

/// App-wide, before any body is read: an unsafe request from a foreign `Origin` is refused,
/// with or without a session cookie (cross-site form posts, and login CSRF, included).
/// Requests without an `Origin` (servers, command-line clients) are not browsers' and pass.
pub async fn reject_foreign_origins(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let foreign = super::is_unsafe(req.method())
        && origin_header(req.request()).is_some_and(|origin| {
            req.app_data::<web::Data<AppState>>()
                .is_some_and(|state| !origin_allowed(state, origin))
        });
    if foreign {
        return Ok(req.error_response(foreign_origin()).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Cookie-authenticated unsafe requests must come from an allowed origin and carry the
/// session's CSRF token.
fn check_csrf(req: &HttpRequest, state: &AppState, session: &Session) -> Result<(), AppError> {
    match origin_header(req) {
        Some(origin) if origin_allowed(state, origin) => {}
        Some(_) => return Err(foreign_origin()),
        None => {
            return Err(AppError::Forbidden {
                code: ProblemCode::OriginMissing,
                detail: "This request has no Origin header; browsers send one. Reload Vigil and try again.".into(),
            });
        }
    }
    let token = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !tokens::equal(token, &session.csrf_token) {
        return Err(AppError::Forbidden {
            code: ProblemCode::CsrfTokenInvalid,
            detail: "The request is missing its CSRF token (X-CSRF-Token) or it does not match your session. Reload Vigil and try again.".into(),
        });
    }
    Ok(())
}

/// The live session of the request (once per request; later calls read the first answer).
pub async fn authenticate(req: HttpRequest) -> Result<Authenticated, AppError> {
    if let Some(done) = req.extensions().get::<Authenticated>() {
        return Ok(done.clone());
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::unexpected("application state missing"))?;
    let token = req
        .cookie(SESSION_COOKIE_NAME)
        .map(|c| c.value().to_owned())
        .ok_or_else(not_authenticated)?;
    let lookup = FindLive::new(&token, state.session_policy, state.access_cache.clone())
        .ok_or_else(not_authenticated)?;
    // One statement, no transaction: the session's person and memberships come with it, and a
    // disabled account's sessions end at once.
    let found = state.db.data().read::<AppError, _>(lookup).await?;
    let auth = found.map(Authenticated).ok_or_else(not_authenticated)?;
    if super::is_unsafe(req.method()) {
        check_csrf(&req, &state, &auth.session)?;
    }
    req.extensions_mut().insert(auth.clone());
    Ok(auth)
}

impl FromRequest for Authenticated {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}

/// The signed-in person when there is a live session; `None` without one (or with an ended one).
/// A live session on an unsafe request must still pass the CSRF checks.
pub struct MaybeAuthenticated(pub Option<Authenticated>);

impl FromRequest for MaybeAuthenticated {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match authenticate(req).await {
                Ok(auth) => Ok(Self(Some(auth))),
                Err(AppError::Unauthorized { .. }) => Ok(Self(None)),
                Err(other) => Err(other),
            }
        })
    }
}
