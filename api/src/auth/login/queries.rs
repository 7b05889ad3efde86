//! Sign-in's own statements. Lookups other features share stay in their modules (`users`,
//! `lockout`, `activity`, `devices`, `mfa`, `sessions`).

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Uuid as SqlUuid};

use crate::ids::UserId;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Consecutive wrong second-factor codes since the last complete sign-in.
pub(super) fn second_factor_failures(conn: &mut PgConnection, user_id: UserId) -> QueryResult<i64> {
    let count: Count = vigil_data::prepared(
        "SELECT count(*) AS n FROM login_attempts
         WHERE user_id = $1 AND outcome = 'mfa_failed'
           AND created_at > COALESCE((SELECT max(created_at) FROM login_attempts
                                      WHERE user_id = $1 AND outcome = 'success'), '-infinity')",
    )
    .bind::<SqlUuid, _>(user_id)
    .get_result(conn)?;
    Ok(count.n)
}
