//! The organisation's today, which decides when a review is overdue.

use chrono::{NaiveDate, Utc};
use diesel::pg::PgConnection;

use crate::ids::OrgId;
use crate::organizations::model::FindError;

/// Today's date where the organisation is (its time zone), which decides when a review is
/// overdue: due yesterday in Perth is overdue from midnight in Perth, not in UTC.
pub(crate) fn today_for(conn: &mut PgConnection, org_id: OrgId) -> Result<NaiveDate, FindError> {
    let org = crate::organizations::model::find(conn, org_id)?;
    Ok(Utc::now().with_timezone(&org.time_zone.tz()).date_naive())
}
