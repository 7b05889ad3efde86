//! Branding: the logo (in blob storage, re-encoded, content-addressed) and brand colours with
//! WCAG contrast warnings.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (one tenant transaction
//! each, with its audit record and onboarding step 4; the logo blob is stored first and removed
//! again when the row is not updated) → `queries`; `colours` and `logo` are the pure rules.
//! The service fails with [`BrandingError`].

mod colours;
mod dto;
mod error;
mod logo;
mod queries;
pub(crate) mod routes;
mod service;

pub use colours::warnings;
pub use dto::{BrandingWarning, UpdateBrandingRequest};
pub use error::BrandingError;
pub use logo::logo_url;
pub(crate) use routes::{delete_logo, get_logo, update_branding, upload_logo};
