//! The password reset's own statements.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;

use crate::ids::UserId;
use vigil_data::schema::users;

/// Sets the new password hash. The link proved the person reads this mailbox, so an
/// unverified address becomes verified too.
pub(super) fn set_password(
    conn: &mut PgConnection,
    user_id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let user = users::table.find(user_id);
    diesel::update(user)
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(user)
        .filter(users::email_verified_at.is_null())
        .set(users::email_verified_at.eq(now))
        .execute(conn)?;
    Ok(())
}
