//! Where an organisation is in its onboarding, derived from its row.

use crate::organizations::model::Organization;
use crate::organizations::onboarding::dto::{OnboardingState, OnboardingStepState};
use crate::organizations::onboarding::steps::{OnboardingStep, StepStatus};

/// The five steps with their states, and the first one still pending.
pub fn state_of(org: &Organization) -> OnboardingState {
    state_from([
        (OnboardingStep::OrganizationDetails, org.onboarding_details),
        (OnboardingStep::Branding, org.onboarding_branding),
        (OnboardingStep::InviteTeam, org.onboarding_team),
    ])
}

/// From the states of steps 3 to 5, the ones the organisation completes or skips itself.
fn state_from(own_steps: [(OnboardingStep, StepStatus); 3]) -> OnboardingState {
    // Nobody reaches an organisation without an account and a verified email.
    let done_first = [
        (OnboardingStep::Account, StepStatus::Completed),
        (OnboardingStep::VerifyEmail, StepStatus::Completed),
    ];
    let steps: Vec<OnboardingStepState> = (1..)
        .zip(done_first.into_iter().chain(own_steps))
        .map(|(number, (step, status))| OnboardingStepState {
            number,
            step,
            status,
        })
        .collect();
    let current_step = steps
        .iter()
        .find(|s| s.status == StepStatus::Pending)
        .map(|s| s.step);
    OnboardingState {
        completed: current_step.is_none(),
        current_step,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(
        details: StepStatus,
        branding: StepStatus,
        team: StepStatus,
    ) -> [(OnboardingStep, StepStatus); 3] {
        [
            (OnboardingStep::OrganizationDetails, details),
            (OnboardingStep::Branding, branding),
            (OnboardingStep::InviteTeam, team),
        ]
    }

    #[test]
    fn a_new_organisation_is_at_step_three() {
        use StepStatus::Pending;
        let state = state_from(own(Pending, Pending, Pending));
        let numbered: Vec<_> = state.steps.iter().map(|s| (s.number, s.step)).collect();
        assert_eq!(
            numbered,
            [
                (1, OnboardingStep::Account),
                (2, OnboardingStep::VerifyEmail),
                (3, OnboardingStep::OrganizationDetails),
                (4, OnboardingStep::Branding),
                (5, OnboardingStep::InviteTeam),
            ]
        );
        assert_eq!(state.steps[0].status, StepStatus::Completed);
        assert_eq!(state.steps[1].status, StepStatus::Completed);
        assert_eq!(
            state.current_step,
            Some(OnboardingStep::OrganizationDetails)
        );
        assert!(!state.completed);
    }

    #[test]
    fn the_current_step_is_the_first_pending_one() {
        use StepStatus::{Completed, Pending, Skipped};
        let state = state_from(own(Skipped, Pending, Completed));
        assert_eq!(state.current_step, Some(OnboardingStep::Branding));
        assert!(!state.completed);
    }

    #[test]
    fn skipped_steps_count_as_done() {
        use StepStatus::{Completed, Skipped};
        let state = state_from(own(Completed, Skipped, Skipped));
        assert_eq!(state.current_step, None);
        assert!(state.completed);
    }
}
