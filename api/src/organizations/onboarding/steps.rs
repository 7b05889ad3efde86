//! The onboarding steps by name; what completes or skips them is in `service`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

pub use vigil_core::onboarding::StepStatus;
