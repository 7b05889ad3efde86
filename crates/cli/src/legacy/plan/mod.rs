//! The import plan: which rows of the legacy database are imported now (those an earlier run
//! did not import), into which organisation, who owns it and with which roles people join.
//! [`build`] also has the files of the documents to import checked, and refuses, with what to
//! do instead, arguments that do not fit what an earlier run did.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::check::{
    BadRow, Checked, ComplianceResult, Document, FileInfo, User, add_problem, document_name,
};
use vigil::domain::{Email, OrgName};
use vigil::ids::{OrgId, UserId};
use vigil::organizations::roles::Role;

/// What Vigil already holds for this import, read by `apply::lookup`.
#[derive(Debug, Clone, Default)]
pub struct VigilState {
    /// Vigil accounts by normalised address, for the legacy users and the owner.
    pub accounts: HashMap<String, UserId>,
    /// The organisation this source was imported into before, if any.
    pub previous: Option<PreviousImport>,
}

/// An earlier import of the same source.
#[derive(Debug, Clone, Default)]
pub struct PreviousImport {
    pub org_id: Uuid,
    pub name: String,
    pub deleted: bool,
    /// The `--owner-email` account is an owner of that organisation.
    pub owner_is_owner: bool,
    /// (legacy table, legacy id) → Vigil id.
    pub mapped: HashMap<(String, i64), Uuid>,
    /// Mapped users whose account still exists.
    pub live_users: HashSet<Uuid>,
    /// Mapped documents still in the organisation.
    pub live_documents: HashSet<Uuid>,
}

impl PreviousImport {
    fn get(&self, table: &str, id: i64) -> Option<Uuid> {
        self.mapped.get(&(table.to_owned(), id)).copied()
    }
}

/// The organisation the rows go to.
#[derive(Debug, Clone)]
pub enum Target {
    New { org_id: OrgId, name: OrgName },
    Existing { org_id: OrgId, name: String },
}

impl Target {
    pub fn org_id(&self) -> OrgId {
        match self {
            Target::New { org_id, .. } | Target::Existing { org_id, .. } => *org_id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Target::New { name, .. } => name.as_str(),
            Target::Existing { name, .. } => name,
        }
    }
}

/// Who owns the organisation.
#[derive(Debug, Clone)]
pub struct Owner {
    pub email: Email,
    /// The legacy user with that address, if any (they are imported as the owner).
    pub legacy_id: Option<i64>,
    /// Their Vigil account, when one exists already.
    pub account: Option<UserId>,
}

#[derive(Debug, Clone)]
pub struct PlannedUser {
    pub user: User,
    pub role: Role,
    /// The Vigil account with the same address (linked, not duplicated); `None`: a new account.
    pub account: Option<UserId>,
}

/// Who uploaded a document, in Vigil terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploader {
    Nobody,
    /// A legacy user imported by this run.
    Legacy(i64),
    /// A legacy user imported by an earlier run.
    Account(Uuid),
}

#[derive(Debug, Clone)]
pub struct PlannedDocument {
    pub document: Document,
    pub id: Uuid,
    pub name: String,
    pub file: FileInfo,
    pub uploader: Uploader,
}

#[derive(Debug, Clone)]
pub struct PlannedResult {
    pub result: ComplianceResult,
    pub id: Uuid,
    /// The Vigil document: imported now, or by an earlier run.
    pub document_id: Uuid,
}

/// Rows imported by earlier runs (and left alone now).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlreadyImported {
    pub users: usize,
    pub documents: usize,
    pub results: usize,
}

/// Everything one run will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub target: Target,
    pub owner: Owner,
    pub users: Vec<PlannedUser>,
    pub documents: Vec<PlannedDocument>,
    pub results: Vec<PlannedResult>,
    pub already: AlreadyImported,
    /// Rows left out, and why (not errors).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.documents.is_empty() && self.results.is_empty()
    }

    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.file.size).sum()
    }
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The arguments do not fit the source or Vigil (a message for the person running it).
    Refused(String),
    BadRows(Vec<BadRow>),
}

/// Decides what to import: rows not imported before, who owns what, and checks the files of
/// the documents about to be imported (`inspect`).
pub fn build(
    checked: &Checked,
    state: &VigilState,
    org_name: &OrgName,
    owner_email: &Email,
    file_label: &str,
    inspect: impl Fn(&Document) -> Result<FileInfo, String>,
) -> Result<Plan, PlanError> {
    let rows = &checked.rows;
    let owner_key = owner_email.normalized();
    let owner = Owner {
        email: owner_email.clone(),
        legacy_id: rows
            .users
            .iter()
            .find(|u| u.email.normalized() == owner_key)
            .map(|u| u.legacy_id),
        account: state.accounts.get(&owner_key).copied(),
    };
    let empty = PreviousImport::default();
    // Bad rows are reported first: a refusal may only be a consequence of one.
    let mut refusal = None;
    let (target, previous) = match &state.previous {
        None => {
            if owner.legacy_id.is_none() && owner.account.is_none() {
                refusal = Some(format!(
                    "{} is neither a user in {file_label} nor a Vigil account: pass the address of one of them as --owner-email",
                    owner_email.as_str()
                ));
            }
            (
                Target::New {
                    org_id: OrgId::new(),
                    name: org_name.clone(),
                },
                &empty,
            )
        }
        Some(previous) => {
            let id = previous.org_id;
            refusal = if previous.name.trim().to_lowercase() != org_name.as_str().to_lowercase() {
                Some(format!(
                    "{file_label} was already imported into the organisation \"{}\" ({id}); to import rows added since, run again with --organization \"{}\"",
                    previous.name, previous.name
                ))
            } else if previous.deleted {
                Some(format!(
                    "{file_label} was imported into \"{}\" ({id}), which is deleted: restore it first (an owner can, until it is purged)",
                    previous.name
                ))
            } else if !previous.owner_is_owner {
                Some(format!(
                    "{} is not an owner of \"{}\" ({id}), where {file_label} was imported before: pass the address of one of its owners as --owner-email",
                    owner_email.as_str(),
                    previous.name
                ))
            } else {
                None
            };
            (
                Target::Existing {
                    org_id: OrgId::from_uuid(id),
                    name: previous.name.clone(),
                },
                previous,
            )
        }
    };

    let mut already = AlreadyImported::default();
    let mut notes = Vec::new();
    let mut users = Vec::new();
    for user in &rows.users {
        if previous.get("users", user.legacy_id).is_some() {
            already.users += 1;
            continue;
        }
        let role = if Some(user.legacy_id) == owner.legacy_id {
            Role::Owner
        } else if user.admin {
            Role::Admin
        } else {
            Role::Member
        };
        users.push(PlannedUser {
            user: user.clone(),
            role,
            account: state.accounts.get(&user.email.normalized()).copied(),
        });
    }

    let mut bad = checked.bad.clone();
    let mut documents = Vec::new();
    let mut new_documents: HashMap<i64, Uuid> = HashMap::new();
    for document in &rows.documents {
        if previous.get("documents", document.legacy_id).is_some() {
            already.documents += 1;
            continue;
        }
        let uploader = match document.user_id {
            None => Uploader::Nobody,
            Some(legacy) => match previous.get("users", legacy) {
                None => Uploader::Legacy(legacy),
                Some(id) if previous.live_users.contains(&id) => Uploader::Account(id),
                Some(_) => Uploader::Nobody,
            },
        };
        match inspect(document) {
            Ok(file) => {
                let id = Uuid::new_v4();
                new_documents.insert(document.legacy_id, id);
                documents.push(PlannedDocument {
                    name: document_name(document, file.kind),
                    document: document.clone(),
                    id,
                    file,
                    uploader,
                });
            }
            Err(problem) => add_problem(&mut bad, "documents", document.legacy_id, problem),
        }
    }
    for (legacy_id, file_path) in &checked.bad_document_files {
        if previous.get("documents", *legacy_id).is_some() {
            continue;
        }
        let stub = Document {
            legacy_id: *legacy_id,
            user_id: None,
            title: String::new(),
            file_path: file_path.clone(),
            uploaded_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        };
        if let Err(problem) = inspect(&stub) {
            add_problem(&mut bad, "documents", *legacy_id, problem);
        }
    }
    if !bad.is_empty() {
        return Err(PlanError::BadRows(bad));
    }
    if let Some(message) = refusal {
        return Err(PlanError::Refused(message));
    }

    let mut results = Vec::new();
    for result in &rows.results {
        if previous
            .get("compliance_results", result.legacy_id)
            .is_some()
        {
            already.results += 1;
            continue;
        }
        let document_id = match new_documents.get(&result.document_id) {
            Some(id) => *id,
            None => match previous.get("documents", result.document_id) {
                Some(id) if previous.live_documents.contains(&id) => id,
                _ => {
                    notes.push(format!(
                        "compliance_results id={} is left out: its document (documents id={}) was imported before and has since been deleted in Vigil",
                        result.legacy_id, result.document_id
                    ));
                    continue;
                }
            },
        };
        results.push(PlannedResult {
            result: result.clone(),
            id: Uuid::new_v4(),
            document_id,
        });
    }

    Ok(Plan {
        target,
        owner,
        users,
        documents,
        results,
        already,
        notes,
    })
}

#[cfg(test)]
mod tests;
