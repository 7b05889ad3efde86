//! The onboarding steps, and where an organisation is with each one it completes or skips
//! itself.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::text_enum! {
    /// A step's state, as stored in the organisation's row and as sent.
    pub enum StepStatus {
        Pending = "pending",
        Completed = "completed",
        Skipped = "skipped",
    }
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    Account,
    VerifyEmail,
    OrganizationDetails,
    Branding,
    InviteTeam,
}

/// The steps an organisation completes or skips itself.
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SkippableStep {
    OrganizationDetails,
    Branding,
    InviteTeam,
}
