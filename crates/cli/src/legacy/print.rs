//! The plan as the person running the import reads it before anything is written.

use std::collections::HashMap;
use std::io::Write;

use super::check::{self, human_bytes};
use super::plan::{Plan, Target, Uploader};
use super::{ImportError, say, sqlite};

/// The plan, for people: counts, then one line per row.
pub(super) fn print_plan(
    out: &mut (dyn Write + Send),
    plan: &Plan,
    rows: &check::Rows,
    file_label: &str,
    source: &sqlite::SourceId,
) -> Result<(), ImportError> {
    say(
        out,
        format!(
            "Legacy import of {file_label}: {} user(s), {} document(s), {} compliance result(s); source {} (from the {}).",
            rows.users.len(),
            rows.documents.len(),
            rows.results.len(),
            &source.fingerprint[..12],
            source.derived_from,
        ),
    )?;
    match &plan.target {
        Target::New { name, .. } => say(
            out,
            format!("Organisation: \"{}\" will be created.", name.as_str()),
        )?,
        Target::Existing { org_id, name } => say(
            out,
            format!(
                "Organisation: \"{name}\" ({org_id}), imported before: {} user(s), {} document(s) and {} compliance result(s) are there already and are left alone.",
                plan.already.users, plan.already.documents, plan.already.results
            ),
        )?,
    }
    let owner_note = match (plan.owner.legacy_id, plan.owner.account) {
        (Some(id), Some(_)) => format!("users id={id}, existing Vigil account"),
        (Some(id), None) => format!("users id={id}, new Vigil account"),
        (None, _) => "existing Vigil account, not in the SQLite database".to_owned(),
    };
    say(
        out,
        format!("Owner: {} ({owner_note}).", plan.owner.email.as_str()),
    )?;

    say(out, format!("Users to import: {}", plan.users.len()))?;
    for planned in &plan.users {
        let user = &planned.user;
        let account = if planned.account.is_some() {
            "existing Vigil account, linked"
        } else {
            "new account, sets a password through \"Forgot password\""
        };
        say(
            out,
            format!(
                "  users id={} {} ({} {}) -> {} ({account})",
                user.legacy_id,
                user.email.as_str(),
                user.first_name.as_str(),
                user.last_name.as_str(),
                planned.role.as_str(),
            ),
        )?;
    }
    say(
        out,
        format!(
            "Documents to import: {} ({})",
            plan.documents.len(),
            human_bytes(plan.bytes())
        ),
    )?;
    for planned in &plan.documents {
        let uploader = match planned.uploader {
            Uploader::Nobody => String::new(),
            Uploader::Legacy(id) => format!(", uploaded by users id={id}"),
            Uploader::Account(id) => format!(", uploaded by account {id}"),
        };
        say(
            out,
            format!(
                "  documents id={} \"{}\" {}, {}{uploader}",
                planned.document.legacy_id,
                planned.name,
                planned.file.kind.as_str(),
                human_bytes(planned.file.size),
            ),
        )?;
    }
    say(
        out,
        format!("Compliance results to import: {}", plan.results.len()),
    )?;
    let legacy_document: HashMap<uuid::Uuid, i64> = plan
        .documents
        .iter()
        .map(|d| (d.id, d.document.legacy_id))
        .collect();
    for planned in &plan.results {
        let result = &planned.result;
        let document = legacy_document.get(&planned.document_id).map_or_else(
            || format!("document {} (imported before)", planned.document_id),
            |id| format!("documents id={id}"),
        );
        let score = result
            .score
            .map(|s| format!(", score {s}"))
            .unwrap_or_default();
        say(
            out,
            format!(
                "  compliance_results id={} {} {}{score}, {} finding(s), for {document}",
                result.legacy_id,
                result.standard,
                result.status.as_str(),
                result.findings.len(),
            ),
        )?;
    }
    for note in &plan.notes {
        say(out, format!("Note: {note}"))?;
    }
    if let Target::New { .. } = plan.target {
        let seats = plan.users.len() + usize::from(plan.owner.legacy_id.is_none());
        if let Some(limit) = vigil::organizations::seats::limit("free")
            && i64::try_from(seats).unwrap_or(i64::MAX) > limit
        {
            say(
                out,
                format!(
                    "Note: {seats} members exceed the {limit} seats of the Free plan new organisations start on; invitations will be refused until the plan is upgraded."
                ),
            )?;
        }
    }
    Ok(())
}
