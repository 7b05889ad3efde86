//! The signed-in person's own profile: names, job title, phone and time zone.
//!
//! Layers: `routes` → `service` (every field checked at once; absent fields unchanged, empty
//! optional ones cleared) → `queries`. The service fails with [`ProfileError`], turned into the
//! problem response once, at the handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::UpdateProfileRequest;
pub use error::ProfileError;
pub use routes::update_me;
