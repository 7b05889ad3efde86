//! The signed-in person's security settings: sessions, password, email address, two-step
//! verification (TOTP and passkeys), and the links from security emails (unlock, "this
//! wasn't me").
//!
//! Layers: `routes` (HTTP: extract, call the service, answer) → `service` (the rules, one
//! transaction per change, audit events and emails) → `queries` (diesel). The service fails
//! with [`AccountError`], turned into the problem response once, at each handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{
    ChangeEmailRequest, ChangePasswordRequest, EmailChanged, LinkTokenRequest, MfaStatus,
    OrganizationRequirement, PasskeyInfo, PasskeyRegistered, PasskeyRegistrationOptions,
    PasswordConfirmation, RecoveryCodes, RegisterPasskeyRequest, RenamePasskeyRequest,
    SecondFactorConfirmation, SecurityOverview, SessionInfo, SessionsRevoked, StepUpOptions,
    StepUpProof, StepUpRequest, SteppedUp, TotpCode, TotpEnabled, TotpSetup,
};
pub use error::AccountError;
pub(crate) use routes::passkeys::{
    list_my_passkeys, register_passkey, remove_passkey, rename_passkey, start_passkey_registration,
};
pub(crate) use routes::step_up::{start_step_up, step_up};
pub use routes::{
    change_email, change_password, confirm_email_change, confirm_totp_enrolment, disable_totp,
    get_security_overview, list_my_sessions, not_me, regenerate_recovery_codes, revoke_my_session,
    revoke_other_sessions, start_totp_enrolment, unlock_account,
};
