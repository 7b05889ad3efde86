//! What the onboarding endpoints answer.

use serde::Serialize;
use utoipa::ToSchema;

use crate::organizations::onboarding::steps::{OnboardingStep, StepStatus};

#[derive(Serialize, ToSchema, Debug)]
pub struct OnboardingStepState {
    /// 1 to 5.
    pub number: u8,
    pub step: OnboardingStep,
    pub status: StepStatus,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct OnboardingState {
    pub steps: Vec<OnboardingStepState>,
    /// The first step still pending; absent when onboarding is done.
    pub current_step: Option<OnboardingStep>,
    pub completed: bool,
}
