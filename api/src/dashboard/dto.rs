//! What the dashboard answers.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::audit_log::AuditEventResponse;
use crate::compliance::ComplianceSummary;
use crate::identity::lockout::LockedMember;
use crate::organizations::onboarding::OnboardingState;
use crate::organizations::policy::PasskeyRequirement;
use crate::organizations::seats::SeatUsage;
use vigil_core::roles::Role;

#[derive(Serialize, ToSchema)]
pub struct MemberCounts {
    pub total: i64,
    pub owners: i64,
    pub admins: i64,
    pub members: i64,
    pub viewers: i64,
}

impl MemberCounts {
    /// From the active members counted per role (roles nobody holds are absent).
    pub(super) fn from_roles(by_role: &[(Role, i64)]) -> Self {
        let count = |role: Role| {
            by_role
                .iter()
                .find(|(r, _)| *r == role)
                .map_or(0, |(_, n)| *n)
        };
        Self {
            total: by_role.iter().map(|(_, n)| n).sum(),
            owners: count(Role::Owner),
            admins: count(Role::Admin),
            members: count(Role::Member),
            viewers: count(Role::Viewer),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SecuritySummary {
    /// Active members who have not turned on two-step verification.
    pub members_without_mfa: i64,
    /// Active members whose sign-in is locked right now (from one IP or everywhere).
    pub locked_accounts: i64,
    /// Who they are, and until when (the locks expire by themselves).
    pub locked_members: Vec<LockedMember>,
    /// Whether the organisation requires two-step verification.
    pub mfa_required: bool,
    /// Who must sign in with a passkey.
    pub passkeys_required: PasskeyRequirement,
    /// Active members of each role by the strongest second factor they have.
    pub mfa_methods: Vec<RoleMfaMethods>,
}

/// How many active members of a role sign in with what.
#[derive(Serialize, ToSchema)]
pub struct RoleMfaMethods {
    pub role: Role,
    /// With a passkey (phishing-resistant).
    pub passkey: i64,
    /// With an authenticator app (TOTP) and no passkey.
    pub totp: i64,
    /// With the password alone.
    pub none: i64,
}

impl RoleMfaMethods {
    /// One row per role, from (role, has a passkey, has TOTP) per member.
    pub fn tally(members: &[(Role, bool, bool)]) -> Vec<Self> {
        Role::ALL
            .into_iter()
            .map(|role| {
                let of_role = members.iter().filter(|(r, _, _)| *r == role);
                let mut row = Self {
                    role,
                    passkey: 0,
                    totp: 0,
                    none: 0,
                };
                for (_, passkey, totp) in of_role {
                    match (passkey, totp) {
                        (true, _) => row.passkey += 1,
                        (false, true) => row.totp += 1,
                        (false, false) => row.none += 1,
                    }
                }
                row
            })
            .collect()
    }
}

#[derive(Serialize, ToSchema)]
pub struct Dashboard {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub subscription_tier: String,
    pub members: MemberCounts,
    pub seats: SeatUsage,
    pub onboarding: OnboardingState,
    pub security: SecuritySummary,
    /// Documents and results: what is recorded and what is overdue.
    pub compliance: ComplianceSummary,
    /// The ten most recent audit events.
    pub recent_activity: Vec<AuditEventResponse>,
}
