//! What Vigil already holds for an import: the accounts of the addresses involved and what
//! an earlier run of the same source wrote.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use uuid::Uuid;

use crate::legacy::plan::{PreviousImport, VigilState};
use vigil::db::Db;
use vigil::domain::Email;
use vigil::error::AppError;
use vigil::identity::users as accounts;
use vigil::ids::{OrgId, UserId};
use vigil::organizations::roles::Role;
use vigil_data::TenantContext;
use vigil_data::schema::{documents, legacy_imports, memberships, organizations, users};

/// What Vigil holds for this source: the accounts of these addresses, and the organisation
/// and rows of an earlier import. Reads only.
pub async fn lookup(
    db: &Db,
    fingerprint: &str,
    emails: Vec<Email>,
    owner: &Email,
) -> Result<VigilState, AppError> {
    let owner_key = owner.normalized();
    let accounts: HashMap<String, UserId> = db
        .global(move |conn| {
            let mut found = HashMap::new();
            for email in emails {
                let key = email.normalized();
                if let Some(user) = accounts::find_by_email(conn, &key)? {
                    found.insert(key, user.user_id());
                }
            }
            Ok(found)
        })
        .await?;

    // The cross-tenant lookup of the source's organisation (policy `source_holder_read`).
    let source = fingerprint.to_owned();
    let org: Option<Uuid> = db
        .legacy_source_holder(source.clone(), move |conn| {
            Ok(legacy_imports::table
                .filter(legacy_imports::legacy_table.eq("source"))
                .filter(legacy_imports::source.eq(&source))
                .select(legacy_imports::org_id)
                .first(conn)
                .optional()?)
        })
        .await?;
    let Some(org) = org else {
        return Ok(VigilState {
            accounts,
            previous: None,
        });
    };

    let org_id = OrgId::from_uuid(org);
    let source = fingerprint.to_owned();
    let owner_account = accounts.get(&owner_key).copied();
    let previous = db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            let (name, deleted_at): (String, Option<chrono::DateTime<chrono::Utc>>) =
                organizations::table
                    .find(org)
                    .select((organizations::name, organizations::deleted_at))
                    .first(conn)?;
            let owner_is_owner = match owner_account {
                None => false,
                Some(user) => memberships::table
                    .filter(memberships::org_id.eq(org))
                    .filter(memberships::user_id.eq(user))
                    .select(memberships::role)
                    .first::<String>(conn)
                    .optional()?
                    .is_some_and(|role| role == Role::Owner.as_str()),
            };
            let rows: Vec<(String, i64, Uuid)> = legacy_imports::table
                .filter(legacy_imports::org_id.eq(org))
                .filter(legacy_imports::source.eq(&source))
                .filter(legacy_imports::legacy_table.ne("source"))
                .select((
                    legacy_imports::legacy_table,
                    legacy_imports::legacy_id,
                    legacy_imports::new_id,
                ))
                .load(conn)?;
            let mapped_users: Vec<Uuid> = rows
                .iter()
                .filter(|(table, _, _)| table == "users")
                .map(|(_, _, id)| *id)
                .collect();
            let live_users: HashSet<Uuid> = users::table
                .filter(users::id.eq_any(mapped_users))
                .select(users::id)
                .load(conn)?
                .into_iter()
                .collect();
            let mapped_documents: Vec<Uuid> = rows
                .iter()
                .filter(|(table, _, _)| table == "documents")
                .map(|(_, _, id)| *id)
                .collect();
            let live_documents: HashSet<Uuid> = documents::table
                .filter(documents::org_id.eq(org))
                .filter(documents::id.eq_any(mapped_documents))
                .select(documents::id)
                .load(conn)?
                .into_iter()
                .collect();
            Ok(PreviousImport {
                org_id: org,
                name,
                deleted: deleted_at.is_some(),
                owner_is_owner,
                mapped: rows
                    .into_iter()
                    .map(|(table, legacy, id)| ((table, legacy), id))
                    .collect(),
                live_users,
                live_documents,
            })
        })
        .await?;
    Ok(VigilState {
        accounts,
        previous: Some(previous),
    })
}
