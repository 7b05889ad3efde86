//! The organisation switcher: a person's organisations, and the one their session opens.
//! Routes → service → queries, with its own [`SwitchError`].

mod error;
mod queries;
pub(crate) mod routes;
mod service;

pub use error::SwitchError;
pub use routes::SwitchOrganizationRequest;
pub(crate) use routes::{list_my_organizations, switch_organization};
