//! Organisations: their profile, members, security policy and dashboard.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::onboarding::StepStatus;
use vigil_core::problem_code::ProblemCode;
use vigil_core::roles::Role;

use super::AuditEvent;

/// `OrganizationResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub abn: Option<String>,
    pub address: Address,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub time_zone: String,
    pub logo_url: Option<String>,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
    pub branding_warnings: Vec<BrandingWarning>,
    pub subscription_tier: String,
    /// `None`: the server's default lifetime of an invitation link.
    pub invitation_ttl_hours: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub suburb: Option<String>,
    pub state: Option<String>,
    pub postcode: Option<String>,
    pub country: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct BrandingWarning {
    pub field: String,
    pub code: ProblemCode,
    pub message: String,
    pub contrast: f64,
}

/// `DeletionScheduled`: the answer to deleting an organisation.
#[derive(Deserialize, Debug, Clone)]
pub struct DeletionScheduled {
    /// When the data and files go unless the organisation is restored first.
    pub purge_after: DateTime<Utc>,
}

/// `MemberResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
    pub access_expired: bool,
}

/// `SecurityPolicyBody`.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SecurityPolicy {
    pub require_mfa: bool,
    pub session_idle_minutes: Option<i32>,
    pub allowed_email_domains: Vec<String>,
}

/// `Dashboard`: the organisation at a glance, for owners and admins.
#[derive(Deserialize, Debug, Clone)]
pub struct Dashboard {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub subscription_tier: String,
    pub members: MemberCounts,
    pub seats: SeatUsage,
    pub onboarding: Onboarding,
    pub security: SecuritySummary,
    pub compliance: ComplianceSummary,
    pub recent_activity: Vec<AuditEvent>,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct MemberCounts {
    pub total: i64,
    pub owners: i64,
    pub admins: i64,
    pub members: i64,
    pub viewers: i64,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SeatUsage {
    pub members: i64,
    pub pending_invitations: i64,
    /// `None` when the tier is unlimited.
    pub limit: Option<i64>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    Account,
    VerifyEmail,
    OrganizationDetails,
    Branding,
    InviteTeam,
}

/// `OnboardingState` (also the dashboard's `onboarding`).
#[derive(Deserialize, Debug, Clone)]
pub struct Onboarding {
    pub completed: bool,
    /// The first step still pending; `None` when onboarding is done.
    pub current_step: Option<OnboardingStep>,
    pub steps: Vec<OnboardingStepState>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct OnboardingStepState {
    pub number: i32,
    pub step: OnboardingStep,
    pub status: StepStatus,
}

#[derive(Deserialize, Debug, Clone)]
pub struct SecuritySummary {
    pub members_without_mfa: i64,
    pub locked_accounts: i64,
    pub locked_members: Vec<LockedMember>,
    pub mfa_required: bool,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LockScope {
    Address,
    Account,
}

/// A member whose sign-in is locked right now.
#[derive(Deserialize, Debug, Clone)]
pub struct LockedMember {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub locked_until: DateTime<Utc>,
    pub scope: LockScope,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ComplianceSummary {
    pub documents: i64,
    pub documents_without_results: i64,
    pub results: i64,
    pub results_by_status: StatusCounts,
    pub overdue_reviews: i64,
    pub reviews_due_soon: i64,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct StatusCounts {
    pub compliant: i64,
    pub partially_compliant: i64,
    pub non_compliant: i64,
    pub not_assessed: i64,
}
