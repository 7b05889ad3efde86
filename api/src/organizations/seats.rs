//! Seats per subscription tier: members plus pending invitations may not exceed the limit.

use serde::Serialize;
use utoipa::ToSchema;

use diesel::QueryResult;
use diesel::pg::PgConnection;

use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;

/// Seats included in a tier; `None` is unlimited.
pub fn limit(tier: &str) -> Option<i64> {
    match tier {
        "free" => Some(5),
        "standard" => Some(50),
        _ => None,
    }
}

fn tier_name(tier: &str) -> &str {
    match tier {
        "free" => "Free",
        "standard" => "Standard",
        "enterprise" => "Enterprise",
        other => other,
    }
}

#[derive(Serialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct SeatUsage {
    pub members: i64,
    pub pending_invitations: i64,
    /// Absent when the tier is unlimited.
    pub limit: Option<i64>,
}

impl SeatUsage {
    pub fn used(&self) -> i64 {
        self.members + self.pending_invitations
    }

    /// Fails with a clear problem when `adding` more seats would pass the limit.
    pub fn ensure_room_for(&self, adding: i64, tier: &str) -> Result<(), AppError> {
        match self.limit {
            Some(limit) if self.used() + adding > limit => Err(AppError::Conflict {
                code: ProblemCode::SeatLimitReached,
                detail: format!(
                    "The {} plan includes {limit} seats and {} are in use ({} members, {} pending invitations), so {adding} more cannot be added. Remove a member or revoke an invitation, or upgrade the plan.",
                    tier_name(tier),
                    self.used(),
                    self.members,
                    self.pending_invitations,
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// Seats in use: active members plus invitations still pending.
pub fn seat_usage(conn: &mut PgConnection, org_id: OrgId, tier: &str) -> QueryResult<SeatUsage> {
    Ok(SeatUsage {
        members: super::members::active_member_count(conn, org_id)?,
        pending_invitations: vigil_data::models::invitations::pending_count(conn, org_id)?,
        limit: limit(tier),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_members_and_pending_invitations() {
        let usage = SeatUsage {
            members: 3,
            pending_invitations: 1,
            limit: limit("free"),
        };
        assert!(usage.ensure_room_for(1, "free").is_ok());
        let error = usage.ensure_room_for(2, "free").unwrap_err().to_string();
        assert!(error.contains("Free plan includes 5 seats"), "{error}");
        assert!(error.contains("3 members, 1 pending"), "{error}");
        let unlimited = SeatUsage {
            members: 10_000,
            pending_invitations: 0,
            limit: limit("enterprise"),
        };
        assert!(unlimited.ensure_room_for(500, "enterprise").is_ok());
        assert_eq!(limit("standard"), Some(50));
    }
}
