//! Inviting people (one or up to 50 at once), listing, resending and revoking invitations.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use std::collections::HashSet;

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::model::{self, Invitation, InvitationStatus};
use super::{InvitationResponse, queue_email};
use crate::audit::events::Invitee;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::Permission;
use crate::authz::PersonGrant;
use crate::domain::Email;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::ids::UserId;
use crate::organizations::onboarding::{self, SkippableStep};
use crate::organizations::roles::Role;
use crate::organizations::seats;
use crate::organizations::{model as orgs, security};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::{invitations, users};

/// Most invitations in one request.
pub const MAX_BATCH: usize = 50;

#[derive(Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    #[schema(example = "sam.locum@example.org")]
    pub email: String,
    /// owner, admin, member or viewer (administrators cannot invite owners)
    #[schema(example = "member")]
    pub role: String,
    /// Optional end of access: the membership then expires by itself (locums, auditors).
    pub access_expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationsRequest {
    /// 1 to 50 invitations.
    pub invitations: Vec<NewInvitation>,
}

#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "snake_case")]
pub enum InvitationOutcome {
    Invited,
    Failed,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct InvitationResult {
    pub email: String,
    pub outcome: InvitationOutcome,
    /// The invitation, when it was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation: Option<InvitationResponse>,
    /// Why it failed: invalid-email, invalid-role, owners-only, invalid-access-expiry,
    /// duplicate-in-request, domain-not-allowed, already-member, already-invited,
    /// seat-limit-reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ProblemCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct CreateInvitationsResponse {
    pub invited: usize,
    pub failed: usize,
    /// One entry per requested address, in request order.
    pub results: Vec<InvitationResult>,
}

fn failed(email: &str, code: ProblemCode, message: impl Into<String>) -> InvitationResult {
    InvitationResult {
        email: email.to_owned(),
        outcome: InvitationOutcome::Failed,
        invitation: None,
        code: Some(code),
        message: Some(message.into()),
    }
}

/// An address that passed the checks that need no database.
struct Candidate {
    index: usize,
    email: Email,
    role: Role,
    access_expires_at: Option<DateTime<Utc>>,
}

const INVITES_PER_ORG: Limit = Limit {
    name: "invitations:org",
    max: 60,
    window_secs: 3_600,
};
const INVITES_PER_USER: Limit = Limit {
    name: "invitations:user",
    max: 30,
    window_secs: 3_600,
};

/// The inviter's display name.
fn name_of(conn: &mut PgConnection, user_id: UserId) -> Result<String, AppError> {
    let (first, last): (String, String) = users::table
        .find(user_id.into_uuid())
        .select((users::first_name, users::last_name))
        .first(conn)?;
    Ok(format!("{first} {last}"))
}

/// How long a new link of `org` lasts: its own policy (at most 7 days), else the server default.
fn ttl_of(org: &orgs::Organization, default: Duration) -> Duration {
    org.invitation_ttl_hours
        .map(|hours| {
            Duration::hours(i64::from(
                hours.clamp(1, crate::organizations::profile::MAX_INVITATION_TTL_HOURS),
            ))
        })
        .unwrap_or(default)
}

/// Inserts an invitation with a fresh token and queues its email. The link goes only into the
/// email: never into an answer, so an inviter cannot accept in the invitee's name (see README,
/// "Invitations and identity").
#[allow(clippy::too_many_arguments)]
fn issue(
    conn: &mut PgConnection,
    access: &PersonGrant,
    org: &orgs::Organization,
    email: &Email,
    role: Role,
    access_expires_at: Option<DateTime<Utc>>,
    ttl: Duration,
    accept_base: &str,
    public_url: &str,
    inviter_name: &str,
) -> Result<Invitation, AppError> {
    let token = tokens::generate();
    let invitation: Invitation = diesel::insert_into(invitations::table)
        .values((
            invitations::org_id.eq(org.id),
            invitations::id.eq(Uuid::new_v4()),
            invitations::email.eq(email.as_str()),
            invitations::role.eq(role.as_str()),
            invitations::token_hash.eq(tokens::hash(&token)),
            invitations::invited_by.eq(access.user_id().into_uuid()),
            invitations::expires_at.eq(Utc::now() + ttl_of(org, ttl)),
            invitations::access_expires_at.eq(access_expires_at),
        ))
        .returning(Invitation::as_returning())
        .get_result(conn)?;
    let link = format!("{accept_base}{token}");
    queue_email(conn, org, &invitation, inviter_name, &link, public_url)?;
    Ok(invitation)
}

/// Invites one or more people by email (owners and administrators; administrators cannot invite
/// owners). Each address succeeds or fails on its own: see `results`. Inviting a member, or an
/// address with a pending invitation, fails for that address (resend the pending one instead);
/// an expired invitation is replaced. Pending invitations count against the seat limit.
#[utoipa::path(
    tag = "invitations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = CreateInvitationsRequest,
    responses(
        (status = 200, description = "One result per address", body = CreateInvitationsResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/invitations")]
pub(crate) async fn create_invitations(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<CreateInvitationsRequest>,
) -> Result<HttpResponse, AppError> {
    let requested = body.into_inner().invitations;
    if requested.is_empty() || requested.len() > MAX_BATCH {
        return Err(AppError::invalid_field(
            "invitations",
            format!("Send between 1 and {MAX_BATCH} invitations at once."),
        ));
    }
    ratelimit::check(
        &state.db,
        &[
            (INVITES_PER_ORG, access.org_id().to_string()),
            (INVITES_PER_USER, access.user_id().to_string()),
        ],
    )
    .await?;

    // Checks that need no database, in request order.
    let mut results: Vec<Option<InvitationResult>> = (0..requested.len()).map(|_| None).collect();
    let mut candidates = Vec::new();
    let mut seen = HashSet::new();
    let now = Utc::now();
    for (index, item) in requested.iter().enumerate() {
        let raw = item.email.trim();
        let outcome = Email::parse(raw)
            .map_err(|m| (ProblemCode::InvalidEmail, m))
            .and_then(|email| {
                let role = Role::parse(item.role.trim()).ok_or((
                    ProblemCode::InvalidRole,
                    "Choose owner, admin, member or viewer.".to_owned(),
                ))?;
                if role == Role::Owner && !access.holds(Permission::OwnersManage) {
                    return Err((
                        ProblemCode::OwnersOnly,
                        "Only owners can invite owners.".to_owned(),
                    ));
                }
                if item.access_expires_at.is_some_and(|at| at <= now) {
                    return Err((
                        ProblemCode::InvalidAccessExpiry,
                        "The end of access must be in the future.".to_owned(),
                    ));
                }
                if !seen.insert(email.normalized()) {
                    return Err((
                        ProblemCode::DuplicateInRequest,
                        "This address appears more than once in the request.".to_owned(),
                    ));
                }
                Ok(Candidate {
                    index,
                    email,
                    role,
                    access_expires_at: item.access_expires_at,
                })
            })
            .map_err(|(code, message)| failed(raw, code, message));
        match outcome {
            Ok(candidate) => candidates.push(candidate),
            Err(result) => results[index] = Some(result),
        }
    }

    let ttl = Duration::hours(state.config.organizations.invitation_ttl_hours.max(1));
    let accept_base = state.link("/invitations/accept?token=");
    let public_url = state.config.http.public_url.clone();
    let created = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let org = orgs::find(conn, org_id)?;
            let policy = security::policy(conn, org_id)?;
            let inviter_name = name_of(conn, access.user_id())?;
            let mut usage = seats::seat_usage(conn, org_id, &org.subscription_tier)?;
            let mut created = Vec::new();
            for candidate in candidates {
                let email = candidate.email.as_str();
                if !policy.allows_email_domain(&candidate.email) {
                    created.push((
                        candidate.index,
                        failed(
                            email,
                            ProblemCode::DomainNotAllowed,
                            format!(
                                "This organisation only invites addresses at {}.",
                                policy.allowed_email_domains.join(", ")
                            ),
                        ),
                    ));
                    continue;
                }
                if model::is_member(conn, org_id, email)? {
                    created.push((
                        candidate.index,
                        failed(
                            email,
                            ProblemCode::AlreadyMember,
                            "This person is already a member.",
                        ),
                    ));
                    continue;
                }
                if let Some(open) = model::open_for_email(conn, org_id, email)? {
                    if open.status(Utc::now()) == InvitationStatus::Pending {
                        created.push((
                            candidate.index,
                            failed(
                                email,
                                ProblemCode::AlreadyInvited,
                                "This address already has a pending invitation; resend it instead.",
                            ),
                        ));
                        continue;
                    }
                    // Expired: replaced by the new one.
                    diesel::update(invitations::table.find((org.id, open.id)))
                        .set(invitations::revoked_at.eq(Utc::now()))
                        .execute(conn)?;
                    usage.pending_invitations = model::pending_count(conn, org_id)?;
                }
                if let Err(AppError::Conflict { detail, .. }) =
                    usage.ensure_room_for(1, &org.subscription_tier)
                {
                    created.push((
                        candidate.index,
                        failed(email, ProblemCode::SeatLimitReached, detail),
                    ));
                    continue;
                }
                let issued = issue(
                    conn,
                    &access,
                    &org,
                    &candidate.email,
                    candidate.role,
                    candidate.access_expires_at,
                    ttl,
                    &accept_base,
                    &public_url,
                    &inviter_name,
                )?;
                usage.pending_invitations += 1;
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::InvitationCreated {
                            email: email.to_owned(),
                            role: candidate.role,
                            access_expires_at: candidate.access_expires_at,
                        },
                    )
                    .target("invitation", issued.id),
                    &client,
                )?;
                created.push((
                    candidate.index,
                    InvitationResult {
                        email: email.to_owned(),
                        outcome: InvitationOutcome::Invited,
                        invitation: Some(InvitationResponse::new(&issued)),
                        code: None,
                        message: None,
                    },
                ));
            }
            if created
                .iter()
                .any(|(_, r)| matches!(r.outcome, InvitationOutcome::Invited))
            {
                onboarding::complete_step(conn, &access, SkippableStep::InviteTeam)?;
            }
            Ok(created)
        })
        .await?;
    for (index, result) in created {
        results[index] = Some(result);
    }
    let results: Vec<InvitationResult> = results.into_iter().flatten().collect();
    let invited = results
        .iter()
        .filter(|r| matches!(r.outcome, InvitationOutcome::Invited))
        .count();
    Ok(HttpResponse::Ok().json(CreateInvitationsResponse {
        invited,
        failed: results.len() - invited,
        results,
    }))
}

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct InvitationQuery {
    /// pending, expired, accepted or revoked
    pub status: Option<InvitationStatus>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationList {
    /// Newest first.
    pub items: Vec<InvitationResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The organisation's invitations, newest first (owners and administrators).
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "invitations",
    params(("org_id" = Uuid, Path, description = "Organisation id"), InvitationQuery, PageQuery),
    responses(
        (status = 200, description = "A page of invitations", body = InvitationList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/invitations")]
pub(crate) async fn list_invitations(
    state: web::Data<AppState>,
    access: PersonGrant,
    query: web::Query<InvitationQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let (limit, offset) = (page.limit, page.offset);
    let org_id = access.org_id();
    let status = query.status;
    let (rows, total) = state
        .db
        .tenant(access.tenant(), move |conn| {
            let filtered = || {
                let q = model::for_org(org_id);
                let now = Utc::now();
                match status {
                    None => q,
                    Some(InvitationStatus::Accepted) => {
                        q.filter(invitations::accepted_at.is_not_null())
                    }
                    Some(InvitationStatus::Revoked) => {
                        q.filter(invitations::revoked_at.is_not_null())
                    }
                    Some(InvitationStatus::Expired) => q
                        .filter(invitations::accepted_at.is_null())
                        .filter(invitations::revoked_at.is_null())
                        .filter(invitations::expires_at.le(now)),
                    Some(InvitationStatus::Pending) => q
                        .filter(invitations::accepted_at.is_null())
                        .filter(invitations::revoked_at.is_null())
                        .filter(invitations::expires_at.gt(now)),
                }
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<Invitation> = filtered()
                .order((invitations::created_at.desc(), invitations::id.desc()))
                .limit(limit)
                .offset(offset)
                .select(Invitation::as_select())
                .load(conn)?;
            Ok((rows, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(InvitationList {
        items: rows.iter().map(InvitationResponse::new).collect(),
        total,
        limit,
        offset,
    }))
}

/// Acting on an invitation needs the right to create one of its role: only owners resend or
/// revoke an owner invitation.
fn may_act_on(access: &PersonGrant, invitation: &Invitation) -> Result<(), AppError> {
    if invitation.role() == Role::Owner && !access.holds(Permission::OwnersManage) {
        return Err(AppError::Forbidden {
            code: ProblemCode::OwnersOnly,
            detail: "Only owners can resend or revoke an invitation to become an owner.".into(),
        });
    }
    Ok(())
}

const RESENDS_PER_INVITATION: Limit = Limit {
    name: "invitation-resend",
    max: 3,
    window_secs: 3_600,
};

/// Sends the invitation again with a new link; the old link stops working and the new one is
/// valid for another 24 hours. Not for accepted or revoked invitations. At most 3 an hour.
#[utoipa::path(
    tag = "invitations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("invitation_id" = Uuid, Path, description = "Invitation id"),
    ),
    responses(
        (status = 200, description = "Resent by email (the link is never in an answer)", body = InvitationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/invitations/{invitation_id}/resend")]
pub(crate) async fn resend_invitation(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, invitation_id) = path.into_inner();
    let org_id = access.org_id();
    // Exists in this organisation, and is the caller's to resend, before it counts against
    // anything.
    let checking = access.clone();
    state
        .db
        .tenant(access.tenant(), move |conn| {
            may_act_on(&checking, &model::find(conn, org_id, invitation_id)?)
        })
        .await?;
    ratelimit::check(
        &state.db,
        &[(RESENDS_PER_INVITATION, invitation_id.to_string())],
    )
    .await?;
    let ttl = Duration::hours(state.config.organizations.invitation_ttl_hours.max(1));
    let accept_base = state.link("/invitations/accept?token=");
    let public_url = state.config.http.public_url.clone();
    let response = state
        .db
        .tenant(access.tenant(), move |conn| {
            let current = model::lock(conn, org_id, invitation_id)?;
            may_act_on(&access, &current)?;
            match current.status(Utc::now()) {
                InvitationStatus::Accepted => {
                    return Err(AppError::Conflict {
                        code: ProblemCode::InvitationAlreadyAccepted,
                        detail: "This invitation was already accepted.".into(),
                    });
                }
                InvitationStatus::Revoked => {
                    return Err(AppError::Conflict {
                        code: ProblemCode::InvitationRevoked,
                        detail: "This invitation was revoked; invite the person again instead."
                            .into(),
                    });
                }
                InvitationStatus::Pending | InvitationStatus::Expired => {}
            }
            let org = orgs::find(conn, org_id)?;
            let inviter_name = name_of(conn, access.user_id())?;
            let token = tokens::generate();
            let invitation: Invitation =
                diesel::update(invitations::table.find((org.id, invitation_id)))
                    .set((
                        invitations::token_hash.eq(tokens::hash(&token)),
                        invitations::expires_at.eq(Utc::now() + ttl_of(&org, ttl)),
                        invitations::sent_count.eq(current.sent_count + 1),
                        invitations::last_sent_at.eq(Utc::now()),
                    ))
                    .returning(Invitation::as_returning())
                    .get_result(conn)?;
            let link = format!("{accept_base}{token}");
            queue_email(conn, &org, &invitation, &inviter_name, &link, &public_url)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::InvitationResent(Invitee {
                        email: invitation.email.clone(),
                    }),
                )
                .target("invitation", invitation_id),
                &client,
            )?;
            Ok(InvitationResponse::new(&invitation))
        })
        .await?;
    Ok(HttpResponse::Ok().json(response))
}

/// Revokes an invitation: its link stops working at once. Accepted invitations cannot be
/// revoked (remove the member instead); revoking twice is harmless.
#[utoipa::path(
    tag = "invitations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("invitation_id" = Uuid, Path, description = "Invitation id"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[delete("/invitations/{invitation_id}")]
pub(crate) async fn revoke_invitation(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, invitation_id) = path.into_inner();
    state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let current = model::lock(conn, org_id, invitation_id)?;
            may_act_on(&access, &current)?;
            match current.status(Utc::now()) {
                InvitationStatus::Revoked => return Ok(()),
                InvitationStatus::Accepted => {
                    return Err(AppError::Conflict {
                        code: ProblemCode::InvitationAlreadyAccepted,
                        detail: "This invitation was already accepted; remove the member instead."
                            .into(),
                    });
                }
                InvitationStatus::Pending | InvitationStatus::Expired => {}
            }
            diesel::update(invitations::table.find((org_id.into_uuid(), invitation_id)))
                .set((
                    invitations::revoked_at.eq(Utc::now()),
                    invitations::revoked_by.eq(access.user_id().into_uuid()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::InvitationRevoked(Invitee {
                        email: current.email.clone(),
                    }),
                )
                .target("invitation", invitation_id),
                &client,
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
