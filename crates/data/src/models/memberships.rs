//! What every reader of memberships shares: when a membership still gives access.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::memberships;

/// The filter for a membership whose access has not ended at `now`.
pub type AccessNotEnded = diesel::dsl::Or<
    diesel::dsl::IsNull<memberships::access_expires_at>,
    diesel::dsl::Gt<memberships::access_expires_at, DateTime<Utc>>,
>;

/// Memberships without an end date, or whose end is still after `now`.
pub fn access_not_ended(now: DateTime<Utc>) -> AccessNotEnded {
    memberships::access_expires_at
        .is_null()
        .or(memberships::access_expires_at.gt(now))
}
