//! The five onboarding steps: 1 account, 2 email verified, 3 organisation details,
//! 4 branding, 5 invite the team. Steps 3–5 are completed by their own endpoints or skipped.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (one tenant transaction
//! each, with its audit record; [`complete_step`] runs inside the transaction of the feature
//! that did the step's work) → `queries`; `rules` derives where an organisation is from its
//! row. The service fails with [`OnboardingError`].

mod dto;
mod error;
mod queries;
pub(crate) mod routes;
mod rules;
mod service;
mod steps;

pub use dto::{OnboardingState, OnboardingStepState};
pub use error::OnboardingError;
pub(crate) use routes::{get_onboarding, skip_onboarding_step};
pub use rules::state_of;
pub use service::complete_step;
pub use steps::{OnboardingStep, SkippableStep, StepStatus};
