//! The profile's own statement.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;

use crate::ids::UserId;
use vigil_data::schema::users;

/// The columns a profile change sets; `None` leaves a column as it is.
#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
pub(super) struct ProfileChanges {
    pub(super) first_name: Option<String>,
    pub(super) last_name: Option<String>,
    pub(super) job_title: Option<Option<String>>,
    pub(super) phone: Option<Option<String>>,
    pub(super) time_zone: Option<String>,
}

impl ProfileChanges {
    fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.job_title.is_none()
            && self.phone.is_none()
            && self.time_zone.is_none()
    }
}

/// Applies the changes (nothing to do when there are none).
pub(super) fn update(
    conn: &mut PgConnection,
    user_id: UserId,
    changes: &ProfileChanges,
) -> QueryResult<()> {
    if !changes.is_empty() {
        diesel::update(users::table.find(user_id))
            .set((changes, users::updated_at.eq(Utc::now())))
            .execute(conn)?;
    }
    Ok(())
}
