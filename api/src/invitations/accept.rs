//! The invitation link: a preview that never uses it up, and acceptance by a new user (who
//! sets a name and password) or by the existing account it was sent to.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::branding_of;
use super::model::{self, Invitation, InvitationStatus, role_text};
use crate::audit::events::{Invitee, JoinedVia};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::domain::{Email, Fields, PersonName};
use crate::email::OutgoingEmail;
use crate::error::AppError;
use crate::http::auth::{MaybeAuthenticated, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::login::SessionResponse;
use crate::identity::password::{Password, PasswordContext};
use crate::identity::sessions::{self, NewSession};
use crate::identity::users::{self as user_model, NewUser};
use crate::ids::{OrgId, UserId};
use crate::jobs::{self, Job};
use crate::organizations::model as orgs;
use crate::organizations::roles::Role;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::{invitations, memberships, organizations, users};
use vigil_data::{TenantContext, enter_tenant, enter_user};

fn not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::InvitationNotFound,
        detail: "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation."
            .into(),
    }
}

/// Distinct, clear answers for links that can no longer be used.
fn check_usable(invitation: &Invitation) -> Result<(), AppError> {
    match invitation.status(Utc::now()) {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Expired => Err(AppError::Gone {
            code: ProblemCode::InvitationExpired,
            detail: "This invitation has expired. Ask the person who invited you to send it again."
                .into(),
        }),
        InvitationStatus::Revoked => Err(AppError::Gone {
            code: ProblemCode::InvitationRevoked,
            detail: "This invitation was withdrawn by the organisation. Contact them if you think this is a mistake."
                .into(),
        }),
        InvitationStatus::Accepted => Err(AppError::Gone {
            code: ProblemCode::InvitationUsed,
            detail: "This invitation was already accepted. Sign in to open the organisation."
                .into(),
        }),
    }
}

/// What the holder of a link may see.
struct Found {
    invitation: Invitation,
    org: orgs::Organization,
    inviter_name: Option<String>,
    account_exists: bool,
}

/// Looks the invitation up by its token, across organisations (the token is the credential).
fn find_by_token(conn: &mut PgConnection, token: &str) -> Result<Found, AppError> {
    let invitation: Invitation = invitations::table
        .filter(invitations::token_hash.eq(tokens::hash(token)))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let org: orgs::Organization = organizations::table
        .find(invitation.org_id)
        .filter(organizations::deleted_at.is_null())
        .select(orgs::Organization::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let inviter_name = match invitation.invited_by {
        Some(id) => users::table
            .find(id)
            .select((users::first_name, users::last_name))
            .first::<(String, String)>(conn)
            .optional()?
            .map(|(f, l)| format!("{f} {l}")),
        None => None,
    };
    let account_exists =
        user_model::find_by_email(conn, &invitation.email.to_lowercase())?.is_some();
    Ok(Found {
        invitation,
        org,
        inviter_name,
        account_exists,
    })
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOrganization {
    pub id: Uuid,
    pub name: String,
    pub logo_url: Option<String>,
    pub primary_colour: Option<String>,
}

/// What the invitee sees before accepting. It says nothing about whether the address has an
/// account: accepting tells the holder of the link, who has proven they read that mailbox.
#[derive(Serialize, ToSchema)]
pub struct InvitationPreview {
    pub organization: InvitationOrganization,
    pub inviter_name: Option<String>,
    /// The address the invitation was sent to.
    pub email: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
}

const PREVIEWS_PER_IP: Limit = Limit {
    name: "invitation-preview:ip",
    max: 60,
    window_secs: 60,
};

/// Shows what an invitation link is for, without using it up (mail scanners follow links).
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The token from the invitation link")),
    responses(
        (status = 200, description = "The invitation", body = InvitationPreview),
        (status = 404, response = responses::NotFound),
        (status = 410, response = responses::Gone),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[get("/api/v1/invitations/{token}")]
pub(crate) async fn preview_invitation(
    state: web::Data<AppState>,
    client: ClientContext,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    ratelimit::check(&state.db, &[(PREVIEWS_PER_IP, client.ip_key())]).await?;
    let token = token.into_inner();
    if !tokens::looks_valid(&token) {
        return Err(not_found());
    }
    let found = state
        .db
        .invitation_holder(tokens::hash(&token), move |conn| {
            find_by_token(conn, &token)
        })
        .await?;
    check_usable(&found.invitation)?;
    Ok(HttpResponse::Ok().json(InvitationPreview {
        organization: InvitationOrganization {
            id: found.org.id,
            name: found.org.name.clone(),
            logo_url: crate::organizations::branding::logo_url(&found.org),
            primary_colour: found.org.primary_colour.clone(),
        },
        inviter_name: found.inviter_name,
        email: found.invitation.email.clone(),
        role: found.invitation.role(),
        expires_at: found.invitation.expires_at,
        access_expires_at: found.invitation.access_expires_at,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    pub token: String,
    /// New users only.
    pub first_name: Option<String>,
    /// New users only.
    pub last_name: Option<String>,
    /// New users only; the password policy applies.
    pub password: Option<String>,
}

/// Who is accepting: a new account to create, or the signed-in owner of the invited address.
enum Acceptor {
    New {
        first_name: PersonName,
        last_name: PersonName,
        password_hash: String,
    },
    Existing(UserId),
}

/// Accepts an invitation. A new user sets names and a password and is signed in: the account is
/// verified, because the link only ever travelled in the email to that address (no answer of
/// the API contains it). An address that already has an account must be signed in to accept
/// (401 `sign-in-required` otherwise). Accepting twice, or two accepts at once, create one
/// membership.
#[utoipa::path(
    tag = "invitations",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Joined; the session (new users: a new session cookie)", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/invitations/accept")]
pub(crate) async fn accept_invitation(
    state: web::Data<AppState>,
    client: ClientContext,
    auth: MaybeAuthenticated,
    body: Json<AcceptInvitationRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let token = body.token.trim().to_owned();
    if !tokens::looks_valid(&token) {
        return Err(not_found());
    }
    let lookup = token.clone();
    let found = state
        .db
        .invitation_holder(tokens::hash(&token), move |conn| {
            find_by_token(conn, &lookup)
        })
        .await?;
    check_usable(&found.invitation)?;
    let invited = Email::parse(&found.invitation.email)
        .map_err(|_| AppError::unexpected("stored invitation email is invalid"))?;

    let acceptor = if found.account_exists {
        let Some(auth) = &auth.0 else {
            return Err(AppError::Unauthorized {
                code: ProblemCode::SignInRequired,
                detail: format!(
                    "{} already has a Vigil account: sign in as {} and open the link again to accept.",
                    invited.as_str(),
                    invited.as_str()
                ),
            });
        };
        if auth.user.email.to_lowercase() != invited.normalized() {
            return Err(wrong_account(&auth.user.email, invited.as_str()));
        }
        Acceptor::Existing(auth.user_id())
    } else {
        if let Some(auth) = &auth.0 {
            return Err(wrong_account(&auth.user.email, invited.as_str()));
        }
        let mut fields = Fields::new();
        let first = fields.take(
            "first_name",
            PersonName::parse(body.first_name.as_deref().unwrap_or(""), "First name"),
        );
        let last = fields.take(
            "last_name",
            PersonName::parse(body.last_name.as_deref().unwrap_or(""), "Last name"),
        );
        let context = PasswordContext::new()
            .with(invited.as_str())
            .with(body.first_name.as_deref().unwrap_or(""))
            .with(body.last_name.as_deref().unwrap_or(""))
            .with(&found.org.name);
        let password = fields.take(
            "password",
            Password::parse(
                body.password.as_deref().unwrap_or(""),
                state.config.auth.password_min_length,
                &context,
            ),
        );
        let (first_name, last_name, password) =
            fields.finish(crate::all_some!(first, last, password))?;
        Acceptor::New {
            first_name,
            last_name,
            password_hash: state.hasher.hash(&password).await?,
        }
    };

    let org_id = OrgId::from_uuid(found.org.id);
    let invitation_id = found.invitation.id;
    let policy = state.session_policy;
    let team_link = state.link(&format!("/organizations/{org_id}/members"));
    let public_url = state.config.http.public_url.clone();
    let session_to_switch = auth.0.as_ref().map(|a| a.session.clone());
    let (user_id, issued) = state
        .db
        .global(move |conn| {
            let (user_id, new_user) = match acceptor {
                Acceptor::Existing(user_id) => (user_id, None),
                Acceptor::New {
                    first_name,
                    last_name,
                    password_hash,
                } => {
                    let user_id = UserId::new();
                    let inserted = diesel::insert_into(users::table)
                        .values(NewUser {
                            id: user_id.into_uuid(),
                            email: invited.as_str(),
                            password_hash: &password_hash,
                            first_name: first_name.as_str(),
                            last_name: last_name.as_str(),
                            // Possession of the emailed link proves the address.
                            email_verified_at: Some(Utc::now()),
                        })
                        .on_conflict_do_nothing()
                        .execute(conn)?;
                    if inserted == 0 {
                        return Err(AppError::Conflict {
                            code: ProblemCode::AccountExists,
                            detail: "An account for this address was just created. Sign in to accept the invitation."
                                .into(),
                        });
                    }
                    (user_id, Some(first_name))
                }
            };
            enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
            // Serialises concurrent accepts of the same invitation.
            let invitation = model::lock(conn, org_id, invitation_id)?;
            check_usable(&invitation)?;
            let added = diesel::insert_into(memberships::table)
                .values((
                    memberships::org_id.eq(org_id.into_uuid()),
                    memberships::user_id.eq(user_id.into_uuid()),
                    memberships::role.eq(invitation.role().as_str()),
                    memberships::access_expires_at.eq(invitation.access_expires_at),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            if added == 0 {
                return Err(AppError::Conflict {
                    code: ProblemCode::AlreadyMember,
                    detail: "You are already a member of this organisation.".into(),
                });
            }
            diesel::update(invitations::table.find((org_id.into_uuid(), invitation_id)))
                .set((
                    invitations::accepted_at.eq(Utc::now()),
                    invitations::accepted_by.eq(user_id.into_uuid()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(user_id),
                    AuditAction::InvitationAccepted(Invitee {
                        email: invitation.email.clone(),
                    }),
                )
                .target("invitation", invitation_id),
                &client,
            )?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(user_id),
                    AuditAction::MemberAdded {
                        role: invitation.role(),
                        via: JoinedVia::Invitation,
                        access_expires_at: invitation.access_expires_at,
                        new_account: Some(new_user.is_some()),
                        legacy_user_id: None,
                    },
                )
                .target("user", user_id),
                &client,
            )?;
            notify_inviter(conn, org_id, &invitation, user_id, &team_link, &public_url)?;

            enter_user(conn, user_id)?;
            let issued = match session_to_switch {
                Some(session) => {
                    diesel::update(vigil_data::schema::sessions::table.find(session.id))
                        .set(vigil_data::schema::sessions::current_organization_id.eq(org_id.into_uuid()))
                        .execute(conn)?;
                    None
                }
                None => Some(sessions::create(
                    conn,
                    NewSession {
                        user_id,
                        remember_me: false,
                        current_organization_id: Some(org_id),
                        ip: client.ip_string(),
                        user_agent: client.user_agent.clone(),
                    },
                    &policy,
                )?),
            };
            Ok((user_id, issued))
        })
        .await?;

    let (user, memberships) = state
        .db
        .user(user_id, move |conn| {
            let user = user_model::find(conn, user_id)?
                .ok_or_else(|| AppError::unexpected("accepting user vanished"))?;
            Ok((user, user_model::memberships_of(conn, user_id)?))
        })
        .await?;
    match (issued, auth.0) {
        (Some(issued), _) => Ok(HttpResponse::Ok()
            .cookie(session_cookie(&issued.token, None))
            .json(SessionResponse::load(&state, &user, &issued.session, memberships).await?)),
        (None, Some(auth)) => {
            let mut session = auth.session;
            session.current_organization_id = Some(org_id.into_uuid());
            Ok(HttpResponse::Ok()
                .json(SessionResponse::load(&state, &user, &session, memberships).await?))
        }
        (None, None) => Err(AppError::unexpected("accepted without a session")),
    }
}

fn wrong_account(signed_in: &str, invited: &str) -> AppError {
    AppError::Forbidden {
        code: ProblemCode::WrongAccount,
        detail: format!(
            "You are signed in as {signed_in}, but this invitation is for {invited}. Sign out, then open the link again and sign in as {invited}."
        ),
    }
}

/// Emails the inviter (if they still have an account) that their invitation was accepted.
fn notify_inviter(
    conn: &mut PgConnection,
    org_id: OrgId,
    invitation: &Invitation,
    invitee: UserId,
    team_link: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let Some(inviter_id) = invitation.invited_by else {
        return Ok(());
    };
    let Some(inviter) = user_model::find(conn, UserId::from_uuid(inviter_id))? else {
        return Ok(());
    };
    let Some(invitee) = user_model::find(conn, invitee)? else {
        return Ok(());
    };
    let org = orgs::find(conn, org_id)?;
    let message = OutgoingEmail::invitation_accepted(
        &inviter.email,
        &inviter.first_name,
        &branding_of(&org, public_url),
        &format!("{} {}", invitee.first_name, invitee.last_name),
        &invitee.email,
        role_text(invitation.role()),
        team_link,
    );
    jobs::enqueue(conn, &Job::SendEmail(message))?;
    Ok(())
}
