//! The guard: before any handler runs, it finds the operation of the route that matched, looks
//! up who may call it ([`super::operations`]) and establishes it — a session for `Session`, and
//! for organisation operations the caller's membership or API-client token and the permission.
//! Handlers receive a [`Grant`], which only this module can make.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use uuid::Uuid;

use super::operations::{Access, OperationIndex, Route};
use super::permissions::Permission;
use super::step_up::{self, StepUpRequired};
use crate::audit;
use crate::error::AppError;
use crate::http::auth::{Authenticated, authenticate};
use crate::identity::sessions;
use crate::ids::{OrgId, UserId};
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;
use vigil_core::roles::Role;
use vigil_core::scopes::Scope;
use vigil_data::TenantContext;

/// A member of the organisation in the path, as the guard found them.
#[derive(Clone, Debug)]
pub struct Member {
    org_id: OrgId,
    user_id: UserId,
    role: Role,
    session_id: Uuid,
    /// Why this session's proof of who the person is would not do for a sensitive step
    /// (`None`: recent and strong enough), for handlers whose sensitivity depends on the data.
    step_up: Option<StepUpRequired>,
}

/// An API client of the organisation in the path (and in its token).
#[derive(Clone, Debug)]
pub struct Client {
    org_id: OrgId,
    client_id: Uuid,
    scopes: Vec<Scope>,
}

#[derive(Clone, Debug)]
enum Caller {
    Member(Member),
    Client(Client),
}

impl Caller {
    fn holds(&self, permission: Permission) -> bool {
        match self {
            Caller::Member(member) => permission.granted_to(member.role),
            Caller::Client(client) => permission
                .scope()
                .is_some_and(|scope| client.scopes.contains(&scope)),
        }
    }

    fn refusal(&self, permission: Permission) -> Refusal {
        match self {
            Caller::Member(member) => Refusal::Role(member.role),
            Caller::Client(_) => match permission.scope() {
                Some(scope) => Refusal::Scope(scope),
                None => Refusal::PeopleOnly,
            },
        }
    }
}

/// Why the caller may not do something.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(
        "Your role ({}) does not allow this. Ask an owner or administrator of the organisation.",
        .0.as_str()
    )]
    Role(Role),

    #[error("This API client needs the {} scope.", .0.as_str())]
    Scope(Scope),

    #[error("API clients cannot do this; it is for people signed in to Vigil.")]
    PeopleOnly,
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        let code = match refusal {
            Refusal::Role(_) => ProblemCode::PermissionDenied,
            Refusal::Scope(_) => ProblemCode::InsufficientScope,
            Refusal::PeopleOnly => ProblemCode::NotAvailableToApiClients,
        };
        AppError::Forbidden {
            code,
            detail: refusal.to_string(),
        }
    }
}

/// Proof that the guard granted `permission` to the caller, in the organisation of the path,
/// for this request. Its fields are private: nothing outside this module can make one.
#[derive(Clone, Debug)]
pub struct Grant {
    caller: Caller,
    permission: Permission,
}

impl Grant {
    pub fn permission(&self) -> Permission {
        self.permission
    }

    pub fn org_id(&self) -> OrgId {
        match &self.caller {
            Caller::Member(member) => member.org_id,
            Caller::Client(client) => client.org_id,
        }
    }

    /// The tenant context of the caller's transactions.
    pub fn tenant(&self) -> TenantContext {
        TenantContext::new(self.org_id(), self.user_id())
    }

    pub fn actor(&self) -> audit::Actor {
        match &self.caller {
            Caller::Member(member) => audit::Actor::User(member.user_id),
            Caller::Client(client) => audit::Actor::ApiClient(client.client_id),
        }
    }

    /// The person, when the caller is one.
    pub fn user_id(&self) -> Option<UserId> {
        match &self.caller {
            Caller::Member(member) => Some(member.user_id),
            Caller::Client(_) => None,
        }
    }

    /// The API client's row id, when the caller is one.
    pub fn client_id(&self) -> Option<Uuid> {
        match &self.caller {
            Caller::Member(_) => None,
            Caller::Client(client) => Some(client.client_id),
        }
    }

    /// Whether the caller also holds `permission` (for rules that follow the data).
    pub fn holds(&self, permission: Permission) -> bool {
        self.caller.holds(permission)
    }

    /// A further grant the data calls for (an audit-log report, an owner invitation), or the
    /// same refusal the guard would give.
    /// For a step that is sensitive only for some data (an audit-log download): a person needs
    /// a recent proof of who they are; API clients are not asked.
    pub fn require_recent_proof(&self) -> Result<(), StepUpRequired> {
        match &self.caller {
            Caller::Member(member) => member.step_up.clone().map_or(Ok(()), Err),
            Caller::Client(_) => Ok(()),
        }
    }

    pub fn also(&self, permission: Permission) -> Result<Grant, Refusal> {
        if self.caller.holds(permission) {
            Ok(Grant {
                caller: self.caller.clone(),
                permission,
            })
        } else {
            Err(self.caller.refusal(permission))
        }
    }
}

impl FromRequest for Grant {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<Grant>()
                .cloned()
                .ok_or_else(|| AppError::unexpected("organisation handler without its grant")),
        )
    }
}

/// A grant to a person (operations whose permission no API-client scope carries).
#[derive(Clone, Debug)]
pub struct PersonGrant {
    grant: Grant,
    member: Member,
}

impl PersonGrant {
    pub fn grant(&self) -> &Grant {
        &self.grant
    }

    pub fn org_id(&self) -> OrgId {
        self.member.org_id
    }

    pub fn user_id(&self) -> UserId {
        self.member.user_id
    }

    pub fn role(&self) -> Role {
        self.member.role
    }

    pub fn session_id(&self) -> Uuid {
        self.member.session_id
    }

    pub fn tenant(&self) -> TenantContext {
        self.grant.tenant()
    }

    pub fn holds(&self, permission: Permission) -> bool {
        self.grant.holds(permission)
    }

    pub fn also(&self, permission: Permission) -> Result<PersonGrant, Refusal> {
        Ok(PersonGrant {
            grant: self.grant.also(permission)?,
            member: self.member.clone(),
        })
    }
}

impl FromRequest for PersonGrant {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let grant = req.extensions().get::<Grant>().cloned();
        std::future::ready(match grant {
            Some(grant) => match &grant.caller {
                Caller::Member(member) => Ok(PersonGrant {
                    member: member.clone(),
                    grant,
                }),
                Caller::Client(_) => Err(grant.caller.refusal(grant.permission).into()),
            },
            None => Err(AppError::unexpected(
                "organisation handler without its grant",
            )),
        })
    }
}

/// App-wide middleware: every request for an API operation is checked against the operation
/// table before its handler runs. Requests that match no operation (the web app, Swagger UI,
/// unknown paths) pass on to their own handlers.
pub async fn authorize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let outcome = match route_of(&req) {
        Ok(Some(route)) => establish(&req, route).await,
        Ok(None) => Ok(()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(next.call(req).await?.map_into_left_body()),
        // Answered here (not as `Err`) so the problem gets the request id like any other.
        Err(error) => Ok(req.error_response(error).map_into_right_body()),
    }
}

fn route_of(req: &ServiceRequest) -> Result<Option<Route>, AppError> {
    let Some(pattern) = req.match_pattern() else {
        return Ok(None);
    };
    let index = req
        .app_data::<web::Data<OperationIndex>>()
        .ok_or_else(|| AppError::unexpected("operation index missing"))?;
    match index.find(req.method(), &pattern) {
        Some(route) => Ok(Some(route)),
        // Another method of a known route: the router answers 405. An API route the table
        // does not know at all is never served unguarded.
        None if pattern.starts_with("/api/") && !index.knows(&pattern) => Err(
            AppError::unexpected(format!("{} {pattern} has no declared access", req.method())),
        ),
        None => Ok(None),
    }
}

async fn establish(req: &ServiceRequest, route: Route) -> Result<(), AppError> {
    match route.operation.access {
        Access::Public | Access::ClientCredentials => Ok(()),
        Access::Session => {
            let auth = authenticate(req.request().clone()).await?;
            if route.operation.step_up {
                recent_proof(req, &auth)??;
            }
            Ok(())
        }
        Access::Organization(permission) => {
            let org_id = route
                .org_id_in(req.path())
                .and_then(|raw| Uuid::parse_str(raw).ok())
                .map(OrgId::from_uuid)
                .ok_or_else(organization_not_found)?;
            let caller = if bearer_token(req.request()).is_some() {
                Caller::Client(client(req, org_id).await?)
            } else {
                Caller::Member(member(req, org_id, permission, route.operation.step_up).await?)
            };
            if !caller.holds(permission) {
                return Err(caller.refusal(permission).into());
            }
            req.extensions_mut().insert(Grant { caller, permission });
            Ok(())
        }
    }
}

fn organization_not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::OrganizationNotFound,
        detail: "No such organisation, or you are not a member of it.".into(),
    }
}

fn state_of(req: &ServiceRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::unexpected("application state missing"))
}

pub fn bearer_token(req: &HttpRequest) -> Option<String> {
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

/// An API client's token, for the organisation in the path (another organisation's is 404).
async fn client(req: &ServiceRequest, org_id: OrgId) -> Result<Client, AppError> {
    let state = state_of(req)?;
    let token = bearer_token(req.request()).unwrap_or_default();
    let keys = state.keys()?;
    let verified =
        crate::access_tokens::token::verify(&keys, &state.config.http.public_url, &token).await?;
    if verified.org_id != org_id {
        return Err(organization_not_found());
    }
    // Revoking a client, or deleting its organisation, ends its tokens at once.
    let client_id = verified.client_id;
    let active = state
        .db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            Ok(vigil_data::models::clients::is_active(
                conn, org_id, client_id,
            )?)
        })
        .await?;
    if !active {
        return Err(AppError::Unauthorized {
            code: ProblemCode::InvalidToken,
            detail: "This API client was revoked, or its organisation deleted.".into(),
        });
    }
    Ok(Client {
        org_id,
        client_id,
        scopes: verified.scopes,
    })
}

/// Sensitive operations: a recent, strong enough proof of identity (see `step_up`).
fn recent_proof(
    req: &ServiceRequest,
    auth: &Authenticated,
) -> Result<Result<(), StepUpRequired>, AppError> {
    let minutes = state_of(req)?.config.auth.step_up_minutes;
    Ok(step_up::require_recent(
        &auth.user,
        &auth.session,
        minutes,
        chrono::Utc::now(),
    ))
}

async fn member(
    req: &ServiceRequest,
    org_id: OrgId,
    permission: Permission,
    step_up: bool,
) -> Result<Member, AppError> {
    let auth: Authenticated = authenticate(req.request().clone()).await?;
    let user_id = auth.user_id();
    // The membership and the organisation's security policy came with the session, in the
    // same statement: the guard itself runs no query.
    let access = auth.access_to(org_id).ok_or_else(organization_not_found)?;
    let role = access.role;
    let org_deleted = access.deleted_at.is_some();
    // A deleted organisation awaiting purge is gone for everyone, except for what may be done
    // while it is deleted (its owners restoring it).
    if org_deleted && !(permission.usable_while_deleted() && permission.granted_to(role)) {
        return Err(organization_not_found());
    }
    if let Some(minutes) = access.session_idle_minutes
        && chrono::Utc::now() - auth.previously_seen_at
            > chrono::Duration::minutes(i64::from(minutes))
    {
        let session_id = auth.session.id;
        state_of(req)?
            .db
            .global(move |conn| {
                Ok(sessions::revoke(
                    conn,
                    session_id,
                    "organization_idle_timeout",
                )?)
            })
            .await?;
        return Err(AppError::Unauthorized {
            code: ProblemCode::SessionIdleTimeout,
            detail: format!(
                "This organisation signs people out after {minutes} minutes without activity. Sign in again."
            ),
        });
    }
    if access.require_mfa && !auth.user.has_second_factor() && !org_deleted {
        return Err(AppError::Forbidden {
            code: ProblemCode::MfaEnrolmentRequired,
            detail: "This organisation requires two-step verification. Turn it on in your security settings, then come back.".into(),
        });
    }
    // A session opened with the password alone (before TOTP was on, or before the
    // organisation required it) signs in again with the second factor first.
    if access.require_mfa && !org_deleted {
        auth.session.require_multi_factor()?;
    }
    // Phishing-resistant MFA: a passkey on the account, and this session proved with one.
    if access.require_passkey.applies_to(role) && !org_deleted {
        if auth.user.passkey_count == 0 {
            return Err(AppError::Forbidden {
                code: ProblemCode::PasskeyEnrolmentRequired,
                detail: "This organisation requires a passkey for your role. Add one in your security settings, then come back.".into(),
            });
        }
        if !auth.session.auth_method.is_phishing_resistant() {
            return Err(AppError::Forbidden {
                code: ProblemCode::PasskeyStepUpRequired,
                detail: "This organisation requires a sign-in with your passkey. Confirm with your passkey, then try again.".into(),
            });
        }
    }
    if let Some(ended) = access.access_ended(chrono::Utc::now()) {
        return Err(AppError::Forbidden {
            code: ProblemCode::MembershipExpired,
            detail: format!(
                "Your access to this organisation ended on {}. Ask an administrator to extend it.",
                ended.format("%-d %b %Y %H:%M UTC")
            ),
        });
    }
    let proof = recent_proof(req, &auth)?;
    // Asked only of someone the operation is for: no one is prompted to prove who they are
    // for what they may not do anyway.
    if step_up && permission.granted_to(role) {
        proof.clone()?;
    }
    Ok(Member {
        org_id,
        user_id,
        role,
        session_id: auth.session.id,
        step_up: proof.err(),
    })
}
