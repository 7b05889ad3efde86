//! The organisation's security policy: MFA required of members, a stricter session idle timeout,
//! and the email domains invitations may go to.

use diesel::prelude::*;

pub use super::policy::{SecurityPolicy, SecurityPolicyBody, policy};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::domain::Fields;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::security_policies;

// --- Endpoints ----------------------------------------------------------------------------------

/// A domain name as people type it: lower-cased, no `@`, at least one dot.
fn parse_domain(raw: &str) -> Result<String, String> {
    let domain = raw.trim().trim_start_matches('@').to_lowercase();
    let valid = domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if valid {
        Ok(domain)
    } else {
        Err(format!(
            "\"{raw}\" is not a domain name like clinic.com.au."
        ))
    }
}

/// The organisation's security policy (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The policy", body = SecurityPolicyBody),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/security-policy")]
pub(crate) async fn get_security_policy(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let current = state
        .db
        .tenant(access.tenant(), move |conn| policy(conn, org_id))
        .await?;
    Ok(HttpResponse::Ok().json(SecurityPolicyBody::from(current)))
}

/// Replaces the organisation's security policy (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    request_body = SecurityPolicyBody,
    responses(
        (status = 200, description = "The policy now in force", body = SecurityPolicyBody),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[put("/security-policy")]
pub(crate) async fn update_security_policy(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<SecurityPolicyBody>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    if body.require_mfa {
        let user_id = access.user_id();
        let enrolled = state
            .db
            .global(move |conn| {
                Ok(crate::identity::users::find(conn, user_id)?
                    .is_some_and(|u| u.mfa_enabled_at.is_some()))
            })
            .await?;
        if !enrolled {
            return Err(AppError::Conflict {
                code: ProblemCode::MfaRequiredForYouFirst,
                detail: "Turn on two-step verification for your own account before requiring it of everyone, or you would lock yourself out.".into(),
            });
        }
    }
    let mut fields = Fields::new();
    if body
        .session_idle_minutes
        .is_some_and(|m| !(5..=1440).contains(&m))
    {
        fields.add(
            "session_idle_minutes",
            "Choose between 5 and 1440 minutes, or null for the default.",
        );
    }
    if body.allowed_email_domains.len() > 20 {
        fields.add("allowed_email_domains", "List at most 20 domains.");
    }
    let mut domains = Vec::new();
    for raw in &body.allowed_email_domains {
        if let Some(domain) = fields.take("allowed_email_domains", parse_domain(raw))
            && !domains.contains(&domain)
        {
            domains.push(domain);
        }
    }
    fields.finish(Some(()))?;
    let new = SecurityPolicy {
        require_mfa: body.require_mfa,
        session_idle_minutes: body.session_idle_minutes,
        allowed_email_domains: domains,
    };
    let saved = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = policy(conn, org_id)?;
            diesel::insert_into(security_policies::table)
                .values((
                    security_policies::org_id.eq(org_id.into_uuid()),
                    security_policies::require_mfa.eq(new.require_mfa),
                    security_policies::session_idle_minutes.eq(new.session_idle_minutes),
                    security_policies::allowed_email_domains.eq(&new.allowed_email_domains),
                    security_policies::updated_by.eq(access.user_id().into_uuid()),
                ))
                .on_conflict(security_policies::org_id)
                .do_update()
                .set((
                    security_policies::require_mfa.eq(new.require_mfa),
                    security_policies::session_idle_minutes.eq(new.session_idle_minutes),
                    security_policies::allowed_email_domains.eq(&new.allowed_email_domains),
                    security_policies::updated_by.eq(access.user_id().into_uuid()),
                    security_policies::updated_at.eq(Utc::now()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::SecurityPolicyUpdated {
                        before: SecurityPolicyBody::from(before),
                        after: SecurityPolicyBody::from(new.clone()),
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            policy(conn, org_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SecurityPolicyBody::from(saved)))
}

#[cfg(test)]
mod domain_tests {
    use super::parse_domain;

    #[test]
    fn domains_are_normalised_and_checked() {
        assert_eq!(
            parse_domain(" @HarbourView.com.au ").unwrap(),
            "harbourview.com.au"
        );
        assert!(parse_domain("localhost").is_err());
        assert!(parse_domain("bad_domain.com").is_err());
        assert!(parse_domain("-x.com").is_err());
    }
}
