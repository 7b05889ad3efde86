//! A person's stored passkeys: the library's credential as JSON beside its id, name and use.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Jsonb, Uuid as SqlUuid};
use uuid::Uuid;
use webauthn_rs::prelude::{
    AuthenticationResult, Passkey, PasskeyAuthentication, PublicKeyCredential, Webauthn,
};

use crate::error::AppError;
use crate::ids::UserId;
use vigil_data::schema::{passkeys, users};

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// A stored credential the library cannot read (written by another version).
    #[error("stored passkey: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<CredentialError> for AppError {
    fn from(error: CredentialError) -> Self {
        match error {
            CredentialError::Database(e) => AppError::from(e),
            other @ CredentialError::Json(_) => AppError::Unexpected(other.into()),
        }
    }
}

/// A passkey as listed: no key material.
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = passkeys)]
pub struct PasskeyRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A passkey with its credential, to check an answer against.
pub struct StoredPasskey {
    pub id: Uuid,
    pub user_id: UserId,
    pub passkey: Passkey,
}

pub fn list(conn: &mut PgConnection, user_id: UserId) -> QueryResult<Vec<PasskeyRow>> {
    passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .order((passkeys::created_at, passkeys::id))
        .select(PasskeyRow::as_select())
        .load(conn)
}

/// The person's credentials, for the browser to choose from and the library to check.
pub fn of_user(conn: &mut PgConnection, user_id: UserId) -> Result<Vec<Passkey>, CredentialError> {
    passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .order((passkeys::created_at, passkeys::id))
        .select(passkeys::credential)
        .load::<serde_json::Value>(conn)?
        .into_iter()
        .map(|json| Ok(serde_json::from_value(json)?))
        .collect()
}

/// Stores a new passkey; `None` when its credential id is registered already (to anyone).
pub fn insert(
    conn: &mut PgConnection,
    id: Uuid,
    user_id: UserId,
    name: &str,
    passkey: &Passkey,
) -> Result<Option<PasskeyRow>, CredentialError> {
    Ok(diesel::insert_into(passkeys::table)
        .values((
            passkeys::id.eq(id),
            passkeys::user_id.eq(user_id),
            passkeys::credential_id.eq(passkey.cred_id().as_slice()),
            passkeys::name.eq(name),
            passkeys::credential.eq(serde_json::to_value(passkey)?),
        ))
        .on_conflict(passkeys::credential_id)
        .do_nothing()
        .returning(PasskeyRow::as_returning())
        .get_result(conn)
        .optional()?)
}

/// The passkey with this credential id whose person has this WebAuthn user handle.
pub fn find_for_handle(
    conn: &mut PgConnection,
    handle: Uuid,
    credential_id: &[u8],
) -> Result<Option<StoredPasskey>, CredentialError> {
    let row: Option<(Uuid, Uuid, serde_json::Value)> = passkeys::table
        .inner_join(users::table.on(users::id.eq(passkeys::user_id)))
        .filter(users::webauthn_handle.eq(handle))
        .filter(passkeys::credential_id.eq(credential_id))
        .select((passkeys::id, passkeys::user_id, passkeys::credential))
        .first(conn)
        .optional()?;
    row.map(|(id, user_id, json)| {
        Ok(StoredPasskey {
            id,
            user_id: UserId::from_uuid(user_id),
            passkey: serde_json::from_value(json)?,
        })
    })
    .transpose()
}

/// The passkey of `user_id` with this credential id.
pub fn find_of_user(
    conn: &mut PgConnection,
    user_id: UserId,
    credential_id: &[u8],
) -> Result<Option<StoredPasskey>, CredentialError> {
    let row: Option<(Uuid, serde_json::Value)> = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .filter(passkeys::credential_id.eq(credential_id))
        .select((passkeys::id, passkeys::credential))
        .first(conn)
        .optional()?;
    row.map(|(id, json)| {
        Ok(StoredPasskey {
            id,
            user_id,
            passkey: serde_json::from_value(json)?,
        })
    })
    .transpose()
}

/// Records a use: the new signature counter (and flags) and the time. `false` when a parallel
/// use already stored a counter at least as high: the same count twice means a copied key.
pub fn record_use(
    conn: &mut PgConnection,
    mut stored: StoredPasskey,
    result: &AuthenticationResult,
) -> Result<bool, CredentialError> {
    stored.passkey.update_credential(result);
    let counter = i64::from(result.counter());
    let updated = vigil_data::prepared(
        "UPDATE passkeys SET credential = $2, last_used_at = now()
         WHERE id = $1 AND ($3 = 0 OR (credential #>> '{cred,counter}')::bigint < $3)",
    )
    .bind::<SqlUuid, _>(stored.id)
    .bind::<Jsonb, _>(serde_json::to_value(&stored.passkey)?)
    .bind::<BigInt, _>(counter)
    .execute(conn)?;
    Ok(updated == 1)
}

/// Checks `answer` to a challenge issued for one person's passkeys: `true` when it is right and
/// one of theirs (its use is then recorded), `false` when refused (also a counter gone back).
pub fn check_answer(
    conn: &mut PgConnection,
    webauthn: &Webauthn,
    user_id: UserId,
    challenge: &PasskeyAuthentication,
    answer: &PublicKeyCredential,
) -> Result<bool, CredentialError> {
    let result = match webauthn.finish_passkey_authentication(answer, challenge) {
        Ok(result) => result,
        Err(error) => {
            super::refused(&error);
            return Ok(false);
        }
    };
    match find_of_user(conn, user_id, result.cred_id())? {
        Some(stored) => record_use(conn, stored, &result),
        None => Ok(false),
    }
}

pub fn rename(
    conn: &mut PgConnection,
    user_id: UserId,
    id: Uuid,
    name: &str,
) -> QueryResult<Option<PasskeyRow>> {
    diesel::update(
        passkeys::table
            .filter(passkeys::user_id.eq(user_id))
            .filter(passkeys::id.eq(id)),
    )
    .set(passkeys::name.eq(name))
    .returning(PasskeyRow::as_returning())
    .get_result(conn)
    .optional()
}

/// Removes one of the person's passkeys; answers its name (`None` when there is no such one).
pub fn delete(conn: &mut PgConnection, user_id: UserId, id: Uuid) -> QueryResult<Option<String>> {
    diesel::delete(
        passkeys::table
            .filter(passkeys::user_id.eq(user_id))
            .filter(passkeys::id.eq(id)),
    )
    .returning(passkeys::name)
    .get_result(conn)
    .optional()
}

/// The person's WebAuthn user handle (the same for all their passkeys).
pub fn handle_of(conn: &mut PgConnection, user_id: UserId) -> QueryResult<Uuid> {
    users::table
        .find(user_id)
        .select(users::webauthn_handle)
        .first(conn)
}
