//! The onboarding steps by name (core vocabulary: the audit log records them too); what
//! completes or skips them is in `service`.

pub use vigil_core::onboarding::{OnboardingStep, SkippableStep, StepStatus};
