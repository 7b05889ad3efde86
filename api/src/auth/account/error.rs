//! What the account operations fail with, and its one conversion to the HTTP problem.

use crate::state::EncryptionUnavailable;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::identity::passkeys::PasskeysUnavailable;
use crate::identity::passkeys::ceremonies::CeremonyError;
use crate::identity::passkeys::credentials::CredentialError;
use crate::identity::user_tokens::LinkError;
use crate::ratelimit::RateLimitError;
use webauthn_rs::prelude::WebauthnError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Re-authentication failed; `field` is the request field that held the password.
    #[error("The current password is incorrect.")]
    WrongPassword { field: &'static str },

    /// The new password breaks a rule (the message says which).
    #[error("{0}")]
    WeakPassword(String),

    #[error("The new password must be different from the current one.")]
    SamePassword,

    /// The new address is not an email address (the message says why).
    #[error("{0}")]
    InvalidEmail(String),

    #[error("That is already your address.")]
    SameEmail,

    /// Another account took the new address between the request and its confirmation.
    #[error("That address now belongs to another account, so it cannot be used.")]
    EmailTaken,

    #[error("No such session (it may already have ended).")]
    SessionNotFound,

    /// A TOTP enrolment was started while two-step verification is on.
    #[error("Two-step verification is already on. Turn it off first to set up a new app.")]
    MfaSetupWhileEnabled,

    /// An enrolment was confirmed while two-step verification is on.
    #[error("Two-step verification is already on.")]
    MfaAlreadyEnabled,

    #[error("Start the setup first: it gives you the secret to add to your app.")]
    MfaNotStarted,

    #[error("Two-step verification is not on.")]
    MfaNotEnabled,

    /// A wrong, malformed or replayed TOTP code, or an unknown or used recovery code.
    #[error("That code is not valid. Enter the current 6-digit code from your app.")]
    InvalidCode,

    /// A passkey name that is empty or longer than 60 characters.
    #[error("Give the passkey a name of 1 to 60 characters.")]
    PasskeyName,

    /// The registration token is unknown, expired, used, or another person's.
    #[error("This passkey registration has expired. Start again.")]
    RegistrationExpired,

    /// The new passkey's answer was refused (another site's origin, no user verification,
    /// a different challenge); the reason is logged.
    #[error(
        "The passkey could not be registered. Try again, and confirm with your fingerprint, face or PIN when asked."
    )]
    PasskeyRefused,

    /// This authenticator's credential is registered already.
    #[error("This passkey is registered already.")]
    PasskeyExists,

    #[error("No such passkey.")]
    PasskeyNotFound,

    /// Removing the last passkey while an organisation (named) requires one of this person.
    #[error("{0} requires a passkey for your role: add another passkey before removing this one.")]
    PasskeyRequiredBy(String),

    /// A step-up without the passkey answer a person with passkeys must give.
    #[error("Confirm with one of your passkeys.")]
    PasskeyRequired,

    /// The step-up's passkey challenge is unknown, expired, used, or another person's.
    #[error("This confirmation has expired. Start again.")]
    StepUpExpired,

    #[error(transparent)]
    PasskeysUnavailable(#[from] PasskeysUnavailable),

    /// A registration challenge could not be made.
    #[error("passkey challenge: {0}")]
    Webauthn(#[from] WebauthnError),

    #[error(transparent)]
    Ceremony(#[from] CeremonyError),

    #[error(transparent)]
    Credential(#[from] CredentialError),

    /// Too many re-authentication attempts.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// The emailed link is not valid, has expired or was used; `user_tokens` words the problem
    /// for each kind of link.
    #[error(transparent)]
    Link(#[from] LinkError),

    #[error("email change without address")]
    EmailChangeWithoutAddress,

    #[error("token without user")]
    TokenWithoutUser,

    #[error("otpauth URI: {0}")]
    OtpauthUri(String),

    /// The password could not be hashed or checked.
    #[error(transparent)]
    Hash(#[from] crate::identity::password::HashError),

    /// The second factor could not be checked or set up.
    #[error(transparent)]
    Mfa(#[from] crate::identity::mfa::MfaError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The TOTP secret could not be sealed or opened.
    #[error(transparent)]
    Crypto(#[from] crate::crypto::CryptoError),

    /// No encryption key on this server.
    #[error(transparent)]
    Encryption(#[from] EncryptionUnavailable),
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> Self {
        let message = error.to_string();
        match error {
            AccountError::WrongPassword { field } => {
                AppError::invalid_field_as(ProblemCode::WrongPassword, field, message)
            }
            AccountError::WeakPassword(_) | AccountError::SamePassword => {
                AppError::invalid_field("new_password", message)
            }
            AccountError::InvalidEmail(_) | AccountError::SameEmail => {
                AppError::invalid_field("new_email", message)
            }
            AccountError::InvalidCode => {
                AppError::invalid_field_as(ProblemCode::MfaCodeInvalid, "code", message)
            }
            AccountError::EmailTaken => AppError::Conflict {
                code: ProblemCode::EmailTaken,
                detail: message,
            },
            AccountError::SessionNotFound => AppError::NotFound {
                code: ProblemCode::SessionNotFound,
                detail: message,
            },
            AccountError::MfaSetupWhileEnabled | AccountError::MfaAlreadyEnabled => {
                AppError::Conflict {
                    code: ProblemCode::MfaAlreadyEnabled,
                    detail: message,
                }
            }
            AccountError::MfaNotStarted => AppError::Conflict {
                code: ProblemCode::MfaNotStarted,
                detail: message,
            },
            AccountError::MfaNotEnabled => AppError::Conflict {
                code: ProblemCode::MfaNotEnabled,
                detail: message,
            },
            AccountError::PasskeyName => AppError::invalid_field("name", message),
            AccountError::RegistrationExpired => AppError::invalid_field_as(
                ProblemCode::PasskeyCeremonyExpired,
                "registration_token",
                message,
            ),
            AccountError::PasskeyRefused => {
                AppError::invalid_field_as(ProblemCode::PasskeyRefused, "credential", message)
            }
            AccountError::PasskeyExists => AppError::Conflict {
                code: ProblemCode::PasskeyExists,
                detail: message,
            },
            AccountError::PasskeyRequiredBy(_) => AppError::Conflict {
                code: ProblemCode::PasskeyRequiredByOrganisation,
                detail: message,
            },
            AccountError::PasskeyNotFound => AppError::NotFound {
                code: ProblemCode::PasskeyNotFound,
                detail: message,
            },
            AccountError::PasskeyRequired => {
                AppError::invalid_field_as(ProblemCode::PasskeyRefused, "passkey", message)
            }
            AccountError::StepUpExpired => AppError::invalid_field_as(
                ProblemCode::PasskeyCeremonyExpired,
                "ceremony_token",
                message,
            ),
            AccountError::PasskeysUnavailable(e) => AppError::from(e),
            AccountError::Ceremony(e) => AppError::from(e),
            AccountError::Credential(e) => AppError::from(e),
            AccountError::RateLimited(e) => AppError::from(e),
            AccountError::EmailChangeWithoutAddress
            | AccountError::Webauthn(_)
            | AccountError::TokenWithoutUser
            | AccountError::OtpauthUri(_) => AppError::unexpected(message),
            AccountError::Hash(e) => AppError::from(e),
            AccountError::Mfa(e) => AppError::from(e),
            AccountError::Database(error) => error.into(),
            AccountError::Pool(error) => error.into(),
            AccountError::Crypto(error) => error.into(),
            AccountError::Link(error) => error.into(),
            AccountError::Encryption(e) => AppError::from(e),
        }
    }
}

/// A field error with its own problem code instead of `validation-failed`.
#[cfg(test)]
mod tests {
    use super::*;

    fn field_error(field: &str, message: &str, code: ProblemCode) -> AppError {
        AppError::Validation {
            code,
            detail: format!("{field}: {message}"),
            errors: [(field.to_owned(), vec![message.to_owned()])].into(),
        }
    }

    fn conflict(code: ProblemCode, detail: &str) -> AppError {
        AppError::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// Everything the problem response is made of (a backtrace, if captured, is not).
    fn shown(error: &AppError) -> String {
        match error {
            AppError::Unexpected(inner) => format!("Unexpected({inner:#})"),
            other => format!("{other:?}"),
        }
    }

    /// Each variant answers what the handlers answered before the service had its own error.
    #[test]
    fn every_variant_becomes_the_problem_the_handlers_answered() {
        let cases = [
            (
                AccountError::WrongPassword {
                    field: "current_password",
                },
                field_error(
                    "current_password",
                    "The current password is incorrect.",
                    ProblemCode::WrongPassword,
                ),
            ),
            (
                AccountError::WrongPassword { field: "password" },
                field_error(
                    "password",
                    "The current password is incorrect.",
                    ProblemCode::WrongPassword,
                ),
            ),
            (
                AccountError::WeakPassword("Too short.".into()),
                field_error("new_password", "Too short.", ProblemCode::ValidationFailed),
            ),
            (
                AccountError::SamePassword,
                field_error(
                    "new_password",
                    "The new password must be different from the current one.",
                    ProblemCode::ValidationFailed,
                ),
            ),
            (
                AccountError::InvalidEmail("Email is required.".into()),
                field_error(
                    "new_email",
                    "Email is required.",
                    ProblemCode::ValidationFailed,
                ),
            ),
            (
                AccountError::SameEmail,
                field_error(
                    "new_email",
                    "That is already your address.",
                    ProblemCode::ValidationFailed,
                ),
            ),
            (
                AccountError::InvalidCode,
                field_error(
                    "code",
                    "That code is not valid. Enter the current 6-digit code from your app.",
                    ProblemCode::MfaCodeInvalid,
                ),
            ),
            (
                AccountError::EmailTaken,
                conflict(
                    ProblemCode::EmailTaken,
                    "That address now belongs to another account, so it cannot be used.",
                ),
            ),
            (
                AccountError::SessionNotFound,
                AppError::NotFound {
                    code: ProblemCode::SessionNotFound,
                    detail: "No such session (it may already have ended).".into(),
                },
            ),
            (
                AccountError::MfaSetupWhileEnabled,
                conflict(
                    ProblemCode::MfaAlreadyEnabled,
                    "Two-step verification is already on. Turn it off first to set up a new app.",
                ),
            ),
            (
                AccountError::MfaAlreadyEnabled,
                conflict(
                    ProblemCode::MfaAlreadyEnabled,
                    "Two-step verification is already on.",
                ),
            ),
            (
                AccountError::MfaNotStarted,
                conflict(
                    ProblemCode::MfaNotStarted,
                    "Start the setup first: it gives you the secret to add to your app.",
                ),
            ),
            (
                AccountError::MfaNotEnabled,
                conflict(
                    ProblemCode::MfaNotEnabled,
                    "Two-step verification is not on.",
                ),
            ),
            (
                AccountError::RateLimited(RateLimitError::Limited {
                    retry_after_secs: 42,
                }),
                AppError::TooManyRequests {
                    retry_after_secs: 42,
                },
            ),
            (
                AccountError::EmailChangeWithoutAddress,
                AppError::unexpected("email change without address"),
            ),
            (
                AccountError::TokenWithoutUser,
                AppError::unexpected("token without user"),
            ),
            (
                AccountError::OtpauthUri("bad".into()),
                AppError::unexpected("otpauth URI: bad"),
            ),
            (
                AccountError::Database(diesel::result::Error::NotFound),
                AppError::from(diesel::result::Error::NotFound),
            ),
        ];
        for (error, expected) in cases {
            let name = format!("{error:?}");
            assert_eq!(shown(&AppError::from(error)), shown(&expected), "{name}");
        }
    }

    #[test]
    fn only_the_rate_limit_and_refused_links_get_their_own_variants() {
        let limited = AccountError::from(RateLimitError::Limited {
            retry_after_secs: 7,
        });
        assert!(matches!(
            limited,
            AccountError::RateLimited(RateLimitError::Limited {
                retry_after_secs: 7
            })
        ));
        let refused: AppError = AccountError::from(LinkError::Expired(
            crate::identity::user_tokens::Purpose::Unlock,
        ))
        .into();
        assert!(matches!(
            refused,
            AppError::Gone {
                code: ProblemCode::UnlockTokenExpired,
                ..
            }
        ));
    }
}
