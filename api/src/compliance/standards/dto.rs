//! What the standards endpoint answers.

use serde::Serialize;
use utoipa::ToSchema;

/// A standard of the catalogue.
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standard {
    /// The code results carry, e.g. `NSQHS-3`.
    pub code: &'static str,
    /// The framework it belongs to, e.g. "National Safety and Quality Health Service Standards".
    pub framework: &'static str,
    /// Its plain-English name, e.g. "NSQHS Standard 3 — Preventing and Controlling Infections".
    pub name: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct StandardList {
    pub items: Vec<Standard>,
}
