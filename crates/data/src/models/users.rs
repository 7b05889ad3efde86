//! Global user accounts: one email, one account, many memberships.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use vigil_core::ids::UserId;
use vigil_core::time_zone::TimeZone;

use super::lower;
use crate::schema::users;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    pub time_zone: TimeZone,
    pub password_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub mfa_enabled_at: Option<DateTime<Utc>>,
    pub passkey_count: i32,
}

impl User {
    pub fn user_id(&self) -> UserId {
        self.id
    }

    /// A second factor beyond the password: TOTP or at least one passkey.
    pub fn has_second_factor(&self) -> bool {
        self.mfa_enabled_at.is_some() || self.passkey_count > 0
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email_verified_at: Option<DateTime<Utc>>,
}

/// The account with this address (already normalised to lower case).
pub fn find_by_email(conn: &mut PgConnection, normalized: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(lower(users::email).eq(normalized))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, id: UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}
