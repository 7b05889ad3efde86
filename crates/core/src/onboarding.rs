//! Where an organisation is with each onboarding step it completes or skips itself.

crate::text_enum! {
    /// A step's state, as stored in the organisation's row and as sent.
    pub enum StepStatus {
        Pending = "pending",
        Completed = "completed",
        Skipped = "skipped",
    }
}
