//! The organisation's security policy: MFA required of members, a stricter session idle timeout,
//! and the email domains invitations may go to.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::audit::{self, AuditEvent};
use crate::authz::PersonGrant;
use crate::domain::Email;
use crate::domain::Fields;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::security_policies;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityPolicy {
    pub require_mfa: bool,
    pub session_idle_minutes: Option<i32>,
    /// Lower-case; empty means any domain.
    pub allowed_email_domains: Vec<String>,
}

impl SecurityPolicy {
    /// Whether invitations may go to this address (its domain or a subdomain of an allowed one).
    pub fn allows_email_domain(&self, email: &Email) -> bool {
        let domain = email.domain().to_lowercase();
        self.allowed_email_domains.is_empty()
            || self
                .allowed_email_domains
                .iter()
                .any(|allowed| domain == *allowed || domain.ends_with(&format!(".{allowed}")))
    }
}

/// The policy in force (the defaults when none was saved). Tenant transaction.
pub fn policy(conn: &mut PgConnection, org_id: OrgId) -> Result<SecurityPolicy, AppError> {
    let row: Option<(bool, Option<i32>, Vec<String>)> = security_policies::table
        .find(org_id.into_uuid())
        .select((
            security_policies::require_mfa,
            security_policies::session_idle_minutes,
            security_policies::allowed_email_domains,
        ))
        .first(conn)
        .optional()?;
    Ok(row
        .map(
            |(require_mfa, session_idle_minutes, allowed_email_domains)| SecurityPolicy {
                require_mfa,
                session_idle_minutes,
                allowed_email_domains,
            },
        )
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_exactly_or_as_subdomains() {
        let policy = SecurityPolicy {
            allowed_email_domains: vec!["harbourview.com.au".into()],
            ..SecurityPolicy::default()
        };
        let email = |s: &str| Email::parse(s).unwrap();
        assert!(policy.allows_email_domain(&email("a@harbourview.com.au")));
        assert!(policy.allows_email_domain(&email("a@Mail.HarbourView.com.au")));
        assert!(!policy.allows_email_domain(&email("a@evilharbourview.com.au")));
        assert!(!policy.allows_email_domain(&email("a@gmail.com")));
        assert!(SecurityPolicy::default().allows_email_domain(&email("a@gmail.com")));
    }
}

// --- Endpoints ----------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct SecurityPolicyBody {
    /// Members must turn on two-step verification before they can use the organisation.
    pub require_mfa: bool,
    /// Sign members out of the organisation after this many minutes without activity (5 to
    /// 1440); `null` keeps the server default.
    pub session_idle_minutes: Option<i32>,
    /// Invitations may only go to these domains (and their subdomains); empty allows any.
    pub allowed_email_domains: Vec<String>,
}

impl From<SecurityPolicy> for SecurityPolicyBody {
    fn from(p: SecurityPolicy) -> Self {
        Self {
            require_mfa: p.require_mfa,
            session_idle_minutes: p.session_idle_minutes,
            allowed_email_domains: p.allowed_email_domains,
        }
    }
}

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
pub async fn get_security_policy(
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
pub async fn update_security_policy(
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
                &AuditEvent::new(org_id, Some(access.user_id()), "security_policy.updated")
                    .target("organization", org_id)
                    .details(serde_json::json!({
                        "before": SecurityPolicyBody::from(before),
                        "after": SecurityPolicyBody::from(new.clone()),
                    })),
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
