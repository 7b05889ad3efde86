//! What the branding endpoints read and answer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::json::nullable;
use vigil_core::problem_code::ProblemCode;

#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct BrandingWarning {
    /// primary_colour or accent_colour
    pub field: &'static str,
    /// Stable code: low-contrast-text or low-contrast-accent
    pub code: ProblemCode,
    pub message: String,
    /// The measured contrast ratio (x:1).
    pub contrast: f64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBrandingRequest {
    /// `#RRGGBB`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "#1C5D99")]
    pub primary_colour: Option<Option<String>>,
    /// `#RRGGBB`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "#F2A541")]
    pub accent_colour: Option<Option<String>>,
}
