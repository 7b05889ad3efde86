//! The invitation link's rules: the token is the credential (looked up across organisations,
//! never used up by a preview); an expired, revoked or used link says which; an address with
//! an account accepts only when signed in as it; a new account is verified by the link itself;
//! and the account, membership, acceptance, audit events, email and session are made in one
//! transaction, in which concurrent accepts of one invitation are serialised.

use chrono::Utc;
use diesel::pg::PgConnection;

use crate::audit::events::{Invitee, JoinedVia};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::domain::{Email, Fields, PersonName};
use crate::email::OutgoingEmail;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::identity::password::{Password, PasswordContext};
use crate::identity::session_response::SessionResponse;
use crate::identity::sessions::{self, IssuedSession, NewSession, Session};
use crate::identity::users::{self, NewUser};
use crate::ids::{OrgId, UserId};
use crate::invitations::accept::dto::{
    AcceptInvitationRequest, InvitationOrganization, InvitationPreview,
};
use crate::invitations::accept::error::AcceptError;
use crate::invitations::accept::queries;
use crate::invitations::email::{branding_of, role_text};
use crate::invitations::model::{self, Invitation, InvitationStatus};
use crate::organizations::model::{self as orgs, Organization};
use crate::outbox::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_data::{TenantContext, enter_tenant, enter_user};

const PREVIEWS_PER_IP: Limit = Limit {
    name: "invitation-preview:ip",
    max: 60,
    window_secs: 60,
};

/// Distinct, clear answers for links that can no longer be used.
fn check_usable(invitation: &Invitation) -> Result<(), AcceptError> {
    match invitation.status(Utc::now()) {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Expired => Err(AcceptError::Expired),
        InvitationStatus::Revoked => Err(AcceptError::Revoked),
        InvitationStatus::Accepted => Err(AcceptError::Used),
    }
}

/// What the holder of a link may see.
struct Found {
    invitation: Invitation,
    org: Organization,
    inviter_name: Option<String>,
    account_exists: bool,
}

/// Looks the invitation up by its token, across organisations (the token is the credential).
async fn find_by_token(state: &AppState, token: &str) -> Result<Found, AcceptError> {
    if !tokens::looks_valid(token) {
        return Err(AcceptError::InvalidLink);
    }
    let token_hash = tokens::hash(token);
    let lookup = token_hash.clone();
    state
        .db
        .data()
        .invitation_holder(token_hash, move |conn| {
            let invitation =
                queries::by_token_hash(conn, &lookup)?.ok_or(AcceptError::InvalidLink)?;
            let org = queries::live_organization(conn, invitation.org_id)?
                .ok_or(AcceptError::InvalidLink)?;
            let inviter_name = match invitation.invited_by {
                Some(id) => queries::display_name(conn, id)?,
                None => None,
            };
            let account_exists =
                users::find_by_email(conn, &invitation.email.to_lowercase())?.is_some();
            Ok(Found {
                invitation,
                org,
                inviter_name,
                account_exists,
            })
        })
        .await
}

/// What an invitation link is for, without using it up (mail scanners follow links).
pub(super) async fn preview(
    state: &AppState,
    client: &ClientContext,
    token: &str,
) -> Result<InvitationPreview, AcceptError> {
    ratelimit::check(&state.db, &[(PREVIEWS_PER_IP, client.ip_key())]).await?;
    let found = find_by_token(state, token).await?;
    check_usable(&found.invitation)?;
    Ok(InvitationPreview {
        organization: InvitationOrganization {
            id: found.org.id.into(),
            name: found.org.name.clone(),
            logo_url: crate::organizations::branding::logo_url(&found.org),
            primary_colour: found.org.primary_colour.clone(),
        },
        inviter_name: found.inviter_name,
        email: found.invitation.email.clone(),
        role: found.invitation.role(),
        expires_at: found.invitation.expires_at,
        access_expires_at: found.invitation.access_expires_at,
    })
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

/// How the person holds a session in the organisation they joined.
enum Joined {
    /// A new account: a new session, whose token goes into the cookie.
    NewSession(IssuedSession),
    /// Already signed in: the same session, now in the organisation.
    Switched(Session),
}

/// The accepted invitation: the session to answer with, and a new session's cookie token.
pub(super) struct Accepted {
    pub(super) session: SessionResponse,
    pub(super) new_session_token: Option<String>,
}

/// Accepts an invitation: as a new, verified account (names and a password) or as the
/// signed-in owner of the invited address. Accepting twice, or twice at once, makes one
/// membership.
pub(super) async fn accept(
    state: &AppState,
    client: ClientContext,
    signed_in: Option<Authenticated>,
    body: AcceptInvitationRequest,
) -> Result<Accepted, AcceptError> {
    let found = find_by_token(state, body.token.trim()).await?;
    check_usable(&found.invitation)?;
    let invited =
        Email::parse(&found.invitation.email).map_err(|_| AcceptError::StoredEmailInvalid)?;
    let acceptor = acceptor(state, &found, &invited, signed_in.as_ref(), &body).await?;

    let org_id = found.org.id;
    let invitation_id = found.invitation.id;
    let policy = state.session_policy;
    let team_link = state.link(&format!("/organizations/{org_id}/members"));
    let public_url = state.config.http.public_url.clone();
    let session_to_switch = signed_in.map(|auth| auth.into_inner().session);
    let (user_id, joined) = state
        .db
        .data()
        .global(move |conn| {
            let (user_id, new_account) = match acceptor {
                Acceptor::Existing(user_id) => (user_id, false),
                Acceptor::New {
                    first_name,
                    last_name,
                    password_hash,
                } => {
                    let user_id = UserId::new();
                    let inserted = queries::insert_user(
                        conn,
                        &NewUser {
                            id: user_id,
                            email: invited.as_str(),
                            password_hash: &password_hash,
                            first_name: first_name.as_str(),
                            last_name: last_name.as_str(),
                            // Possession of the emailed link proves the address.
                            email_verified_at: Some(Utc::now()),
                        },
                    )?;
                    if !inserted {
                        return Err(AcceptError::AccountJustCreated);
                    }
                    (user_id, true)
                }
            };
            enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
            // Serialises concurrent accepts of the same invitation.
            let invitation =
                model::lock(conn, org_id, invitation_id)?.ok_or(AcceptError::InvitationGone)?;
            check_usable(&invitation)?;
            let role = invitation.role();
            if !queries::add_membership(conn, org_id, user_id, role, invitation.access_expires_at)?
            {
                return Err(AcceptError::AlreadyMember);
            }
            queries::mark_accepted(conn, org_id, invitation_id, user_id)?;
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
                        role,
                        via: JoinedVia::Invitation,
                        access_expires_at: invitation.access_expires_at,
                        new_account: Some(new_account),
                        legacy_user_id: None,
                    },
                )
                .target("user", user_id),
                &client,
            )?;
            notify_inviter(conn, org_id, &invitation, user_id, &team_link, &public_url)?;

            enter_user(conn, user_id)?;
            let joined = match session_to_switch {
                Some(mut session) => {
                    queries::switch_session(conn, session.id, org_id)?;
                    session.current_organization_id = Some(org_id);
                    Joined::Switched(session)
                }
                None => Joined::NewSession(sessions::create(
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
            Ok((user_id, joined))
        })
        .await?;

    let (user, access) = state
        .db
        .data()
        .global(move |conn| {
            let user = users::find(conn, user_id)?.ok_or(AcceptError::AcceptorVanished)?;
            Ok::<_, AcceptError>((user, users::member_access(conn, user_id)?))
        })
        .await?;
    let (session, new_session_token) = match joined {
        Joined::NewSession(issued) => (issued.session, Some(issued.token)),
        Joined::Switched(session) => (session, None),
    };
    Ok(Accepted {
        session: SessionResponse::of(&user, &session, &access, &state.session_policy),
        new_session_token,
    })
}

/// Who accepts: the signed-in owner of an address that has an account (anyone else is told to
/// sign in as it), or, for an address without one, a new account from the names and password
/// in the request (no one may be signed in).
async fn acceptor(
    state: &AppState,
    found: &Found,
    invited: &Email,
    signed_in: Option<&Authenticated>,
    body: &AcceptInvitationRequest,
) -> Result<Acceptor, AcceptError> {
    let wrong_account = |auth: &Authenticated| AcceptError::WrongAccount {
        signed_in: auth.user.email.clone(),
        invited: invited.as_str().to_owned(),
    };
    if found.account_exists {
        let Some(auth) = signed_in else {
            return Err(AcceptError::SignInRequired(invited.as_str().to_owned()));
        };
        if auth.user.email.to_lowercase() != invited.normalized() {
            return Err(wrong_account(auth));
        }
        return Ok(Acceptor::Existing(auth.user_id()));
    }
    if let Some(auth) = signed_in {
        return Err(wrong_account(auth));
    }
    let first_raw = body.first_name.as_deref().unwrap_or("");
    let last_raw = body.last_name.as_deref().unwrap_or("");
    let mut fields = Fields::new();
    let first = fields.take("first_name", PersonName::parse(first_raw, "First name"));
    let last = fields.take("last_name", PersonName::parse(last_raw, "Last name"));
    let context = PasswordContext::new()
        .with(invited.as_str())
        .with(first_raw)
        .with(last_raw)
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
    Ok(Acceptor::New {
        first_name,
        last_name,
        password_hash: state.hasher.hash(&password).await?,
    })
}

/// Emails the inviter (if they still have an account) that their invitation was accepted.
fn notify_inviter(
    conn: &mut PgConnection,
    org_id: OrgId,
    invitation: &Invitation,
    invitee: UserId,
    team_link: &str,
    public_url: &str,
) -> Result<(), AcceptError> {
    let Some(inviter_id) = invitation.invited_by else {
        return Ok(());
    };
    let Some(inviter) = users::find(conn, inviter_id)? else {
        return Ok(());
    };
    let Some(invitee) = users::find(conn, invitee)? else {
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
    outbox::enqueue(conn, &Job::SendEmail(message))?;
    Ok(())
}
