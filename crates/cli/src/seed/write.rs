//! One organisation's planned data written out: its files to storage, then its rows and audit
//! trail in one tenant transaction.

use bytes::Bytes;
use chrono::{Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use futures_util::{StreamExt, TryStreamExt, stream};

use super::{OrgPlan, SeedError, SeedResult, Written};
use crate::legacy::apply::{document_key, result_key};
use vigil::audit::events::{Counts, JoinedVia};
use vigil::audit::{self, Actor, AuditAction, AuditEvent};
use vigil::db::Db;
use vigil::domain::OrgName;
use vigil::error::AppError;
use vigil::http::client::ClientContext;
use vigil::identity::users::NewUser;
use vigil::ids::UserId;
use vigil::organizations::model as org_model;
use vigil::storage::Storage;
use vigil_data::TenantContext;
use vigil_data::schema::{compliance_results, documents, invitations, organizations, users};

/// Rows per INSERT statement.
const BATCH: usize = 1_000;
/// Audit events for the first documents and results only: the chain is appended row by row.
const AUDITED_DOCUMENTS: usize = 20;

fn command_line() -> ClientContext {
    ClientContext {
        ip: None,
        user_agent: Some("vigil seed".into()),
        request_id: None,
    }
}

/// The raw JSON kept beside a result row, as the API writes it.
fn raw_result(result: &SeedResult) -> anyhow::Result<Bytes> {
    Ok(Bytes::from(serde_json::to_vec_pretty(
        &serde_json::json!({
            "id": result.id,
            "document_id": result.document_id,
            "standard": result.standard,
            "status": result.status,
            "score": result.score,
            "findings": result.findings,
            "created_at": result.created_at,
            "created_by_user": result.created_by,
            "created_by_client": null,
        }),
    )?))
}

pub(super) async fn write_org(
    db: &Db,
    storage: &Storage,
    plan: OrgPlan,
    password_hash: String,
) -> Result<Written, SeedError> {
    if let Some(error) = &plan.error {
        return Err(SeedError::Failed(anyhow::anyhow!("{}: {error}", plan.name)));
    }
    let org_id = plan.org_id;
    storage
        .create_org_folders(org_id)
        .await
        .map_err(anyhow::Error::new)?;
    let files = plan
        .documents
        .iter()
        .map(|d| (document_key(org_id, d.id), d.bytes.clone()))
        .chain(
            plan.results
                .iter()
                .map(|r| Ok::<_, anyhow::Error>((result_key(org_id, r.id), raw_result(r)?)))
                .collect::<anyhow::Result<Vec<_>>>()?,
        )
        .collect::<Vec<_>>();
    stream::iter(files)
        .map(|(key, bytes)| async move { storage.put(&key, bytes).await })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .map_err(|e| {
            SeedError::Failed(anyhow::Error::new(e).context(format!(
                "writing the files of {} ({org_id}); files already written are removed by Vigil's orphan sweeper",
                plan.name
            )))
        })?;
    let bytes = plan.documents.iter().map(|d| d.bytes.len() as u64).sum();
    let written = db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            write_rows(conn, &plan, &password_hash)
        })
        .await?;
    Ok(Written { bytes, ..written })
}

/// Every row of one organisation, in its tenant transaction.
fn write_rows(
    conn: &mut PgConnection,
    plan: &OrgPlan,
    password_hash: &str,
) -> Result<Written, AppError> {
    let org_id = plan.org_id;
    let org = org_id.into_uuid();
    let name = OrgName::parse(&plan.name).map_err(AppError::unexpected)?;
    let slug = org_model::insert(conn, org_id, &name)?;
    diesel::update(organizations::table.find(org))
        .set((
            organizations::abn.eq(&plan.abn),
            organizations::address_line1.eq(&plan.address.line1),
            organizations::suburb.eq(plan.address.suburb),
            organizations::state.eq(plan.address.state),
            organizations::postcode.eq(plan.address.postcode),
            organizations::time_zone.eq(plan.address.time_zone),
            organizations::contact_email.eq(&plan.contact_email),
            organizations::subscription_tier.eq(plan.tier),
            organizations::onboarding_details.eq("completed"),
            organizations::onboarding_branding.eq("skipped"),
            organizations::onboarding_team.eq("completed"),
        ))
        .execute(conn)?;

    let verified = Some(Utc::now());
    for chunk in plan.users.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|u| {
                (
                    NewUser {
                        id: UserId::from_uuid(u.id),
                        email: &u.email,
                        password_hash,
                        first_name: u.first,
                        last_name: u.last,
                        email_verified_at: verified,
                    },
                    users::job_title.eq(u.job_title),
                    users::time_zone.eq(plan.address.time_zone),
                )
            })
            .collect();
        diesel::insert_into(users::table)
            .values(rows)
            .execute(conn)?;
        vigil::organizations::members::add_many(
            conn,
            org_id,
            &chunk
                .iter()
                .map(|u| (UserId::from_uuid(u.id), u.role))
                .collect::<Vec<_>>(),
        )?;
    }
    let owner = plan.users.first().map(|u| u.id);
    for chunk in plan.invitations.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|i| {
                (
                    invitations::org_id.eq(org),
                    invitations::id.eq(i.id),
                    invitations::email.eq(&i.email),
                    invitations::role.eq(i.role.as_str()),
                    invitations::token_hash.eq(&i.token_hash),
                    invitations::invited_by.eq(owner),
                    invitations::expires_at.eq(i.created_at + Duration::hours(24)),
                    invitations::last_sent_at.eq(i.created_at),
                    invitations::created_at.eq(i.created_at),
                )
            })
            .collect();
        diesel::insert_into(invitations::table)
            .values(rows)
            .execute(conn)?;
    }
    for chunk in plan.documents.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    documents::org_id.eq(org),
                    documents::id.eq(d.id),
                    documents::name.eq(&d.name),
                    documents::kind.eq(d.kind.as_str()),
                    documents::content_type.eq(d.kind.content_type()),
                    documents::size_bytes.eq(i64::try_from(d.bytes.len()).unwrap_or(i64::MAX)),
                    documents::sha256.eq(&d.sha256),
                    documents::storage_key.eq(document_key(org_id, d.id).as_str().to_owned()),
                    documents::uploaded_by_user.eq(Some(d.uploaded_by)),
                    documents::created_at.eq(d.created_at),
                )
            })
            .collect();
        diesel::insert_into(documents::table)
            .values(rows)
            .execute(conn)?;
    }
    for chunk in plan.results.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    compliance_results::org_id.eq(org),
                    compliance_results::id.eq(r.id),
                    compliance_results::document_id.eq(r.document_id),
                    compliance_results::standard.eq(r.standard),
                    compliance_results::status.eq(r.status),
                    compliance_results::score.eq(r.score),
                    compliance_results::findings.eq(&r.findings),
                    compliance_results::storage_key
                        .eq(result_key(org_id, r.id).as_str().to_owned()),
                    compliance_results::created_by_user.eq(Some(r.created_by)),
                    compliance_results::created_at.eq(r.created_at),
                )
            })
            .collect();
        diesel::insert_into(compliance_results::table)
            .values(rows)
            .execute(conn)?;
    }

    let events = audit_events(plan, &slug);
    audit::record_many(conn, &events, &command_line())?;
    Ok(Written {
        org_id,
        users: plan.users.len(),
        invitations: plan.invitations.len(),
        documents: plan.documents.len(),
        results: plan.results.len(),
        audit_events: events.len(),
        bytes: 0,
    })
}

/// The trail a real organisation would have: created, members added, invitations sent, the
/// first documents uploaded and checked, then a note that the data is seeded.
fn audit_events(plan: &OrgPlan, slug: &str) -> Vec<AuditEvent> {
    let org_id = plan.org_id;
    let owner = plan
        .users
        .first()
        .map_or(Actor::System, |u| Actor::User(UserId::from_uuid(u.id)));
    let mut events = vec![
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::OrganizationCreated {
                name: plan.name.clone(),
                slug: slug.to_owned(),
                via: None,
            },
        )
        .target("organization", org_id),
    ];
    events.extend(plan.users.iter().map(|u| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::MemberAdded {
                role: u.role,
                via: JoinedVia::Seed,
                access_expires_at: None,
                new_account: None,
                legacy_user_id: None,
            },
        )
        .target("user", u.id)
    }));
    events.extend(plan.invitations.iter().map(|i| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::InvitationCreated {
                email: i.email.clone(),
                role: i.role,
                access_expires_at: None,
            },
        )
        .target("invitation", i.id)
    }));
    events.extend(plan.documents.iter().take(AUDITED_DOCUMENTS).map(|d| {
        AuditEvent::by(
            org_id,
            Actor::User(UserId::from_uuid(d.uploaded_by)),
            AuditAction::DocumentUploaded {
                name: d.name.clone(),
                kind: d.kind,
                size_bytes: i64::try_from(d.bytes.len()).unwrap_or(i64::MAX),
                sha256: d.sha256.clone(),
            },
        )
        .target("document", d.id)
    }));
    events.extend(plan.results.iter().take(AUDITED_DOCUMENTS).map(|r| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::ComplianceResultCreated {
                document_id: r.document_id,
                standard: r.standard.to_owned(),
                status: r.status,
                score: r.score,
                review_due_on: None,
            },
        )
        .target("compliance_result", r.id)
    }));
    events.push(
        AuditEvent::by(
            org_id,
            Actor::System,
            AuditAction::SeedCompleted(Counts {
                users: plan.users.len(),
                invitations: plan.invitations.len(),
                documents: plan.documents.len(),
                compliance_results: plan.results.len(),
            }),
        )
        .target("organization", org_id),
    );
    events
}
