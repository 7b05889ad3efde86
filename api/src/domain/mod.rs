//! Domain types: parsed once at the edge, valid everywhere after ("parse, don't validate").

mod email;
mod names;
mod organization;
mod profile;

pub use email::Email;
pub use names::{OrgName, PersonName};
pub use organization::{Abn, AuState, Colour, Postcode};
pub use profile::{JobTitle, Phone, TimeZone};

use std::collections::BTreeMap;

/// Field name → human-readable messages.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Input that breaks its rules, with every field's messages (`validation-failed` at the HTTP
/// boundary, which names each field).
#[derive(Debug, thiserror::Error)]
pub enum Invalid {
    #[error("invalid fields: {0:?}")]
    Fields(FieldErrors),
    /// A value was missing although no field recorded why: a bug, not the caller's input.
    #[error("a field failed without a message")]
    Unexplained,
}

/// Collects every field's error, so one response names all of them.
#[derive(Default)]
pub struct Fields {
    errors: FieldErrors,
}

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value, or records the message under `field`.
    pub fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    /// Fails with every recorded message, or returns `value` when there were none.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Invalid> {
        if !self.errors.is_empty() {
            return Err(Invalid::Fields(self.errors));
        }
        value.ok_or(Invalid::Unexplained)
    }
}

/// `Some((a, b, ...))` when every option is `Some`: pairs with [`Fields::finish`].
#[macro_export]
macro_rules! all_some {
    ($($value:expr),+ $(,)?) => {
        (|| Some(($($value?,)+)))()
    };
}

/// Trims, refuses control characters, and bounds the length in characters.
fn bounded_text(raw: &str, what: &str, min: usize, max: usize) -> Result<String, String> {
    let value = raw.trim();
    let length = value.chars().count();
    if value.chars().any(char::is_control) {
        return Err(format!("{what} cannot contain control characters."));
    }
    if length < min {
        return Err(if min == 1 {
            format!("{what} is required.")
        } else {
            format!("{what} must be at least {min} characters.")
        });
    }
    if length > max {
        return Err(format!("{what} must be at most {max} characters."));
    }
    Ok(value.to_owned())
}
