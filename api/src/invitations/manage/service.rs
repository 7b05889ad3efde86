//! The invitation management rules: who may invite whom (only owners invite, resend or revoke
//! owners), each address of a batch checked on its own against the policy's domains, the
//! members, the open invitations and the seats, the link only ever in the email, and one
//! audit event per change, each request in one transaction.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use uuid::Uuid;

use crate::audit::events::Invitee;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Permission, PersonGrant};
use crate::domain::Email;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::page::Page;
use crate::invitations::dto::InvitationResponse;
use crate::invitations::email::queue_invitation;
use crate::invitations::manage::dto::{
    CreateInvitationsResponse, InvitationList, InvitationOutcome, InvitationResult, MAX_BATCH,
    NewInvitation,
};
use crate::invitations::manage::error::{InvitationError, Refusal};
use crate::invitations::manage::queries::{self, NewRow};
use crate::invitations::model::{self, Invitation, InvitationStatus};
use crate::organizations::onboarding::{self, SkippableStep};
use crate::organizations::seats;
use crate::organizations::{model as orgs, security};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_core::roles::Role;

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
const RESENDS_PER_INVITATION: Limit = Limit {
    name: "invitation-resend",
    max: 3,
    window_secs: 3_600,
};

/// An address that passed the checks that need no database.
struct Candidate {
    index: usize,
    email: Email,
    role: Role,
    access_expires_at: Option<DateTime<Utc>>,
}

/// Where new links point and how long they last, from the server's configuration.
struct Links {
    ttl: Duration,
    accept_base: String,
    public_url: String,
}

impl Links {
    fn of(state: &AppState) -> Self {
        Self {
            ttl: Duration::hours(state.config.organizations.invitation_ttl_hours.max(1)),
            accept_base: state.link("/invitations/accept?token="),
            public_url: state.config.http.public_url.clone(),
        }
    }

    /// How long a new link of `org` lasts: its own policy (at most 7 days), else the server's.
    fn ttl_for(&self, org: &orgs::Organization) -> Duration {
        org.invitation_ttl_hours.map_or(self.ttl, |hours| {
            Duration::hours(i64::from(
                hours.clamp(1, crate::organizations::profile::MAX_INVITATION_TTL_HOURS),
            ))
        })
    }
}

fn refused(email: &str, refusal: Refusal) -> InvitationResult {
    InvitationResult {
        email: email.to_owned(),
        outcome: InvitationOutcome::Failed,
        invitation: None,
        code: Some(refusal.code()),
        message: Some(refusal.to_string()),
    }
}

/// The checks that need no database, for one requested address.
fn check_request(
    access: &PersonGrant,
    item: &NewInvitation,
    index: usize,
    seen: &mut HashSet<String>,
    now: DateTime<Utc>,
) -> Result<Candidate, Refusal> {
    let email = Email::parse(item.email.trim()).map_err(Refusal::InvalidEmail)?;
    let role = Role::parse(item.role.trim()).ok_or(Refusal::InvalidRole)?;
    if role == Role::Owner && !access.holds(Permission::OwnersManage) {
        return Err(Refusal::OwnersOnly);
    }
    if item.access_expires_at.is_some_and(|at| at <= now) {
        return Err(Refusal::InvalidAccessExpiry);
    }
    if !seen.insert(email.normalized()) {
        return Err(Refusal::DuplicateInRequest);
    }
    Ok(Candidate {
        index,
        email,
        role,
        access_expires_at: item.access_expires_at,
    })
}

/// Invites each requested address on its own: one result per address, in request order.
pub(super) async fn create(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    requested: Vec<NewInvitation>,
) -> Result<CreateInvitationsResponse, InvitationError> {
    if requested.is_empty() || requested.len() > MAX_BATCH {
        return Err(InvitationError::BatchSize);
    }
    ratelimit::check(
        &state.db,
        &[
            (INVITES_PER_ORG, access.org_id().to_string()),
            (INVITES_PER_USER, access.user_id().to_string()),
        ],
    )
    .await?;

    let mut results: Vec<Option<InvitationResult>> = (0..requested.len()).map(|_| None).collect();
    let mut candidates = Vec::new();
    let mut seen = HashSet::new();
    let now = Utc::now();
    for (index, item) in requested.iter().enumerate() {
        match check_request(&access, item, index, &mut seen, now) {
            Ok(candidate) => candidates.push(candidate),
            Err(refusal) => results[index] = Some(refused(item.email.trim(), refusal)),
        }
    }

    let links = Links::of(state);
    let created = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            invite_all(conn, &access, &client, candidates, &links)
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
    Ok(CreateInvitationsResponse {
        invited,
        failed: results.len() - invited,
        results,
    })
}

/// The checks that need the database, and the invitations, for the candidates (one
/// transaction): each answers its request index and result.
fn invite_all(
    conn: &mut PgConnection,
    access: &PersonGrant,
    client: &ClientContext,
    candidates: Vec<Candidate>,
    links: &Links,
) -> Result<Vec<(usize, InvitationResult)>, InvitationError> {
    let org_id = access.org_id();
    let org = orgs::find(conn, org_id)?;
    let policy = security::policy(conn, org_id)?;
    let inviter_name = queries::display_name(conn, access.user_id())?;
    let mut usage = seats::seat_usage(conn, org_id, &org.subscription_tier)?;
    let mut created = Vec::new();
    for candidate in candidates {
        let email = candidate.email.as_str();
        let refusal = if !policy.allows_email_domain(&candidate.email) {
            Some(Refusal::DomainNotAllowed(
                policy.allowed_email_domains.clone(),
            ))
        } else if model::is_member(conn, org_id, email)? {
            Some(Refusal::AlreadyMember)
        } else {
            match model::open_for_email(conn, org_id, email)? {
                Some(open) if open.status(Utc::now()) == InvitationStatus::Pending => {
                    Some(Refusal::AlreadyInvited)
                }
                Some(expired) => {
                    // Replaced by the new one.
                    queries::close_replaced(conn, org_id, expired.id)?;
                    usage.pending_invitations = model::pending_count(conn, org_id)?;
                    None
                }
                None => None,
            }
        };
        let refusal = refusal.or_else(|| match usage.ensure_room_for(1, &org.subscription_tier) {
            Err(AppError::Conflict { detail, .. }) => Some(Refusal::SeatLimitReached(detail)),
            _ => None,
        });
        if let Some(refusal) = refusal {
            created.push((candidate.index, refused(email, refusal)));
            continue;
        }
        let issued = issue(conn, access, &org, &candidate, links, &inviter_name)?;
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
            client,
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
        onboarding::complete_step(conn, access, SkippableStep::InviteTeam)?;
    }
    Ok(created)
}

/// Inserts an invitation with a fresh token and queues its email. The link goes only into the
/// email: never into an answer, so an inviter cannot accept in the invitee's name (see README,
/// "Invitations and identity").
fn issue(
    conn: &mut PgConnection,
    access: &PersonGrant,
    org: &orgs::Organization,
    candidate: &Candidate,
    links: &Links,
    inviter_name: &str,
) -> Result<Invitation, InvitationError> {
    let token = tokens::generate();
    let invitation = queries::insert(
        conn,
        NewRow {
            org_id: access.org_id(),
            email: candidate.email.as_str(),
            role: candidate.role,
            token_hash: tokens::hash(&token),
            invited_by: access.user_id(),
            expires_at: Utc::now() + links.ttl_for(org),
            access_expires_at: candidate.access_expires_at,
        },
    )?;
    let link = format!("{}{token}", links.accept_base);
    queue_invitation(
        conn,
        org,
        &invitation,
        inviter_name,
        &link,
        &links.public_url,
    )?;
    Ok(invitation)
}

/// A page of the organisation's invitations, newest first.
pub(super) async fn list(
    state: &AppState,
    access: &PersonGrant,
    status: Option<InvitationStatus>,
    page: Page,
) -> Result<InvitationList, InvitationError> {
    let (limit, offset) = (page.limit, page.offset);
    let org_id = access.org_id();
    let (rows, total) = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            Ok::<_, InvitationError>(queries::page(conn, org_id, status, limit, offset)?)
        })
        .await?;
    Ok(InvitationList {
        items: rows.iter().map(InvitationResponse::new).collect(),
        total,
        limit,
        offset,
    })
}

/// Acting on an invitation needs the right to create one of its role: only owners resend or
/// revoke an owner invitation.
fn may_act_on(access: &PersonGrant, invitation: &Invitation) -> Result<(), InvitationError> {
    if invitation.role() == Role::Owner && !access.holds(Permission::OwnersManage) {
        return Err(InvitationError::OwnersOnly);
    }
    Ok(())
}

/// The invitation, locked for the rest of the transaction.
fn lock(
    conn: &mut PgConnection,
    access: &PersonGrant,
    id: Uuid,
) -> Result<Invitation, InvitationError> {
    model::lock(conn, access.org_id(), id)?.ok_or(InvitationError::NotFound)
}

/// Sends the invitation again with a new link (the old one stops working).
pub(super) async fn resend(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    invitation_id: Uuid,
) -> Result<InvitationResponse, InvitationError> {
    let org_id = access.org_id();
    // Exists in this organisation, and is the caller's to resend, before it counts against
    // anything.
    let checking = access.clone();
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let found = model::find(conn, org_id, invitation_id)?;
            may_act_on(&checking, &found.ok_or(InvitationError::NotFound)?)
        })
        .await?;
    ratelimit::check(
        &state.db,
        &[(RESENDS_PER_INVITATION, invitation_id.to_string())],
    )
    .await?;
    let links = Links::of(state);
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let current = lock(conn, &access, invitation_id)?;
            may_act_on(&access, &current)?;
            match current.status(Utc::now()) {
                InvitationStatus::Accepted => return Err(InvitationError::ResendAccepted),
                InvitationStatus::Revoked => return Err(InvitationError::ResendRevoked),
                InvitationStatus::Pending | InvitationStatus::Expired => {}
            }
            let org = orgs::find(conn, org_id)?;
            let inviter_name = queries::display_name(conn, access.user_id())?;
            let token = tokens::generate();
            let invitation = queries::renew(
                conn,
                org_id,
                invitation_id,
                tokens::hash(&token),
                Utc::now() + links.ttl_for(&org),
                current.sent_count + 1,
            )?;
            let link = format!("{}{token}", links.accept_base);
            queue_invitation(
                conn,
                &org,
                &invitation,
                &inviter_name,
                &link,
                &links.public_url,
            )?;
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
        .await
}

/// Revokes an invitation: its link stops working at once. Revoking twice is harmless.
pub(super) async fn revoke(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    invitation_id: Uuid,
) -> Result<(), InvitationError> {
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let current = lock(conn, &access, invitation_id)?;
            may_act_on(&access, &current)?;
            match current.status(Utc::now()) {
                InvitationStatus::Revoked => return Ok(()),
                InvitationStatus::Accepted => return Err(InvitationError::RevokeAccepted),
                InvitationStatus::Pending | InvitationStatus::Expired => {}
            }
            queries::revoke(conn, org_id, invitation_id, access.user_id())?;
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
            )?;
            Ok(())
        })
        .await
}
