//! Signup's own statements.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;

use crate::identity::users::NewUser;
use crate::ids::UserId;
use vigil_data::schema::users;

/// Inserts the account unless the address is taken; answers whether it was inserted.
pub(super) fn insert_user(conn: &mut PgConnection, user: &NewUser<'_>) -> QueryResult<bool> {
    let inserted = diesel::insert_into(users::table)
        .values(user)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// Marks the address verified (once: a second use keeps the first time).
pub(super) fn mark_verified(conn: &mut PgConnection, user_id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .filter(users::email_verified_at.is_null())
        .set(users::email_verified_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}
