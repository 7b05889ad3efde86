//! Authentication of browser requests (session cookie) with CSRF protection, the session
//! cookie itself, and the organisation guard that runs before every `/organizations/{org_id}`
//! handler.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use uuid::Uuid;

use crate::SESSION_COOKIE_NAME;
use crate::audit;
use crate::clients::scopes::Scope;
use crate::db::TenantContext;
use crate::error::AppError;
use crate::identity::sessions::{self, Session};
use crate::identity::users::{self, User};
use crate::ids::{OrgId, UserId};
use crate::organizations::roles::{Action, Role, required_scope};
use crate::state::AppState;
use crate::tokens;

pub const CSRF_HEADER: &str = "x-csrf-token";

fn not_authenticated() -> AppError {
    AppError::Unauthorized {
        code: "not-authenticated",
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

/// A signed-in person, from a live session. For unsafe methods the CSRF token and the
/// `Origin` have been checked too.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub session: Session,
    pub user: User,
    /// When the session was used before this request (for stricter idle limits).
    pub previously_seen_at: chrono::DateTime<chrono::Utc>,
}

impl Authenticated {
    pub fn user_id(&self) -> UserId {
        self.user.user_id()
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn foreign_origin() -> AppError {
    AppError::Forbidden {
        code: "origin-not-allowed",
        detail: "This request came from a site that may not act on your behalf.".into(),
    }
}

fn origin_header(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
}

/// App-wide, before any body is read: an unsafe request carrying the session cookie from a
/// foreign `Origin` is refused (cross-site form posts included, whatever their content type).
pub async fn reject_foreign_origins(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let foreign = is_unsafe(req.method())
        && req.cookie(SESSION_COOKIE_NAME).is_some()
        && origin_header(req.request()).is_some_and(|origin| {
            req.app_data::<web::Data<AppState>>()
                .is_some_and(|state| !state.allowed_origins.iter().any(|o| o == origin))
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
        Some(origin) if state.allowed_origins.iter().any(|o| o == origin) => {}
        Some(_) => return Err(foreign_origin()),
        None => {
            return Err(AppError::Forbidden {
                code: "origin-missing",
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
            code: "csrf-token-invalid",
            detail: "The request is missing its CSRF token (X-CSRF-Token) or it does not match your session. Reload Vigil and try again.".into(),
        });
    }
    Ok(())
}

async fn authenticate(req: HttpRequest) -> Result<Authenticated, AppError> {
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
    let policy = state.session_policy;
    let found = state
        .db
        .global(move |conn| {
            let Some((session, previously_seen_at)) =
                sessions::authenticate(conn, &token, &policy)?
            else {
                return Ok(None);
            };
            // A disabled account's sessions end at once.
            let user = users::find(conn, session.user_id())?.filter(|u| u.disabled_at.is_none());
            Ok(user.map(|user| Authenticated {
                session,
                user,
                previously_seen_at,
            }))
        })
        .await?;
    let auth = found.ok_or_else(not_authenticated)?;
    if is_unsafe(req.method()) {
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

/// A member's access to the organisation in the path, established by [`require_membership`].
#[derive(Clone, Debug)]
pub struct OrgAccess {
    pub org_id: OrgId,
    pub user_id: UserId,
    pub role: Role,
    pub session_id: Uuid,
}

impl OrgAccess {
    /// The tenant context for this member's transactions.
    pub fn tenant(&self) -> TenantContext {
        TenantContext::new(self.org_id, Some(self.user_id))
    }
}

fn organization_not_found() -> AppError {
    AppError::NotFound {
        code: "organization-not-found",
        detail: "No such organisation, or you are not a member of it.".into(),
    }
}

/// Middleware on the `/api/v1/organizations/{org_id}` scope: the caller must be signed in and a
/// member of that organisation. Non-members get 404, the same as for an organisation that does
/// not exist, so ids reveal nothing.
pub async fn require_membership(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let outcome = if bearer_token(req.request()).is_some() {
        client_access(&req).await.map(|client| {
            req.extensions_mut().insert(client);
        })
    } else {
        membership(&req).await.map(|access| {
            req.extensions_mut().insert(access);
        })
    };
    match outcome {
        Ok(()) => Ok(next.call(req).await?.map_into_left_body()),
        // Answered here (not as `Err`) so the problem gets the request id like any other.
        Err(error) => Ok(req.error_response(error).map_into_right_body()),
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// An API client's token, for the organisation in the path (another organisation's path is 404).
async fn client_access(req: &ServiceRequest) -> Result<ClientAccess, AppError> {
    let org_id = req
        .match_info()
        .get("org_id")
        .and_then(|raw| Uuid::parse_str(raw).ok())
        .map(OrgId::from_uuid)
        .ok_or_else(organization_not_found)?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::unexpected("application state missing"))?;
    let token = bearer_token(req.request()).unwrap_or_default();
    let keys = state.keys()?;
    let verified =
        crate::clients::token::verify(&keys, &state.config.http.public_url, &token).await?;
    if verified.org_id != org_id {
        return Err(organization_not_found());
    }
    // Revoking a client (or deleting its organisation) ends its tokens at once.
    let client_id = verified.client_id;
    let active = state
        .db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            crate::clients::model::is_active(conn, org_id, client_id)
        })
        .await?;
    if !active {
        return Err(AppError::Unauthorized {
            code: "invalid-token",
            detail: "This API client was revoked.".into(),
        });
    }
    Ok(ClientAccess {
        org_id,
        client_id,
        scopes: verified.scopes,
    })
}

async fn membership(req: &ServiceRequest) -> Result<OrgAccess, AppError> {
    let org_id = req
        .match_info()
        .get("org_id")
        .and_then(|raw| Uuid::parse_str(raw).ok())
        .map(OrgId::from_uuid)
        .ok_or_else(organization_not_found)?;
    let auth = authenticate(req.request().clone()).await?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::unexpected("application state missing"))?;
    let user_id = auth.user_id();
    // Membership and the organisation's security policy in one transaction: every
    // organisation request pays for this.
    let (membership, policy) = state
        .db
        .tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
            let Some(membership) =
                crate::organizations::members::membership_state(conn, org_id, user_id)?
            else {
                return Ok(None);
            };
            let policy = crate::organizations::security::policy(conn, org_id)?;
            Ok(Some((membership, policy)))
        })
        .await?
        .ok_or_else(organization_not_found)?;
    let role = membership.role;
    // A deleted organisation awaiting purge is gone for everyone, except for its owners'
    // request to restore it.
    let restoring = req.method() == Method::POST && req.path().ends_with("/restore");
    if membership.org_deleted && !(restoring && role == Role::Owner) {
        return Err(organization_not_found());
    }
    if let Some(minutes) = policy.session_idle_minutes
        && chrono::Utc::now() - auth.previously_seen_at
            > chrono::Duration::minutes(i64::from(minutes))
    {
        let session_id = auth.session.id;
        state
            .db
            .global(move |conn| sessions::revoke(conn, session_id, "organization_idle_timeout"))
            .await?;
        return Err(AppError::Unauthorized {
            code: "session-idle-timeout",
            detail: format!(
                "This organisation signs people out after {minutes} minutes without activity. Sign in again."
            ),
        });
    }
    if policy.require_mfa && auth.user.mfa_enabled_at.is_none() && !membership.org_deleted {
        return Err(AppError::Forbidden {
            code: "mfa-enrolment-required",
            detail: "This organisation requires two-step verification. Turn it on in your security settings, then come back.".into(),
        });
    }
    if let Some(ended) = membership.access_expired_at {
        return Err(AppError::Forbidden {
            code: "membership-expired",
            detail: format!(
                "Your access to this organisation ended on {}. Ask an administrator to extend it.",
                ended.format("%-d %b %Y %H:%M UTC")
            ),
        });
    }
    Ok(OrgAccess {
        org_id,
        user_id,
        role,
        session_id: auth.session.id,
    })
}

impl FromRequest for OrgAccess {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let extensions = req.extensions();
        std::future::ready(match extensions.get::<OrgAccess>() {
            Some(access) => Ok(access.clone()),
            None if extensions.get::<ClientAccess>().is_some() => Err(AppError::Forbidden {
                code: "not-available-to-api-clients",
                detail:
                    "API clients cannot use this endpoint; it is for people signed in to Vigil."
                        .into(),
            }),
            None => Err(AppError::unexpected("organisation route without its guard")),
        })
    }
}

/// An API client's access to the organisation named in its token (and in the path).
#[derive(Clone, Debug)]
pub struct ClientAccess {
    pub org_id: OrgId,
    /// The client's row id.
    pub client_id: Uuid,
    pub scopes: Vec<Scope>,
}

/// Who calls an organisation route that API clients may use too.
#[derive(Clone, Debug)]
pub enum OrgCaller {
    Member(OrgAccess),
    Client(ClientAccess),
}

/// Proof that the caller may take `action` (role table for people, scopes for clients).
#[derive(Clone, Debug)]
pub struct CallerGrant {
    pub caller: OrgCaller,
    pub action: Action,
}

impl CallerGrant {
    pub fn org_id(&self) -> OrgId {
        self.caller.org_id()
    }

    pub fn actor(&self) -> audit::Actor {
        self.caller.actor()
    }

    /// The person, when the caller is one.
    pub fn user_id(&self) -> Option<UserId> {
        match &self.caller {
            OrgCaller::Member(access) => Some(access.user_id),
            OrgCaller::Client(_) => None,
        }
    }

    /// The API client, when the caller is one.
    pub fn client_id(&self) -> Option<Uuid> {
        match &self.caller {
            OrgCaller::Member(_) => None,
            OrgCaller::Client(client) => Some(client.client_id),
        }
    }
}

impl OrgCaller {
    pub fn org_id(&self) -> OrgId {
        match self {
            OrgCaller::Member(access) => access.org_id,
            OrgCaller::Client(client) => client.org_id,
        }
    }

    pub fn tenant(&self) -> TenantContext {
        match self {
            OrgCaller::Member(access) => access.tenant(),
            OrgCaller::Client(client) => TenantContext::new(client.org_id, None),
        }
    }

    pub fn actor(&self) -> audit::Actor {
        match self {
            OrgCaller::Member(access) => audit::Actor::User(access.user_id),
            OrgCaller::Client(client) => audit::Actor::ApiClient(client.client_id),
        }
    }

    pub fn allow(&self, action: Action) -> Result<CallerGrant, AppError> {
        match self {
            OrgCaller::Member(access) => access.allow(action).map(|_| ()),
            OrgCaller::Client(client) => match required_scope(action) {
                Some(scope) if client.scopes.contains(&scope) => Ok(()),
                Some(scope) => Err(AppError::Forbidden {
                    code: "insufficient-scope",
                    detail: format!("This API client needs the {} scope.", scope.as_str()),
                }),
                None => Err(AppError::Forbidden {
                    code: "not-available-to-api-clients",
                    detail: "API clients cannot do this.".into(),
                }),
            },
        }?;
        Ok(CallerGrant {
            caller: self.clone(),
            action,
        })
    }
}

impl FromRequest for OrgCaller {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let extensions = req.extensions();
        std::future::ready(if let Some(access) = extensions.get::<OrgAccess>() {
            Ok(OrgCaller::Member(access.clone()))
        } else if let Some(client) = extensions.get::<ClientAccess>() {
            Ok(OrgCaller::Client(client.clone()))
        } else {
            Err(AppError::unexpected("organisation route without its guard"))
        })
    }
}
