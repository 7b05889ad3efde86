//! The standards Vigil knows by name. Results keep the code (`NSQHS-3`) as sent, so an engine
//! may post a standard missing here; it is then shown by its code alone.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::authz::Grant;
use crate::http::problem::responses;

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

const NSQHS: &str = "National Safety and Quality Health Service (NSQHS) Standards";
const ACQS: &str = "Strengthened Aged Care Quality Standards";
const RACGP: &str = "RACGP Standards for general practices";
const NDIS: &str = "NDIS Practice Standards";

const fn standard(code: &'static str, framework: &'static str, name: &'static str) -> Standard {
    Standard {
        code,
        framework,
        name,
    }
}

/// Every standard of the catalogue, grouped by framework, in the frameworks' own order.
pub const CATALOGUE: &[Standard] = &[
    standard("NSQHS-1", NSQHS, "NSQHS Standard 1 — Clinical Governance"),
    standard(
        "NSQHS-2",
        NSQHS,
        "NSQHS Standard 2 — Partnering with Consumers",
    ),
    standard(
        "NSQHS-3",
        NSQHS,
        "NSQHS Standard 3 — Preventing and Controlling Infections",
    ),
    standard("NSQHS-4", NSQHS, "NSQHS Standard 4 — Medication Safety"),
    standard("NSQHS-5", NSQHS, "NSQHS Standard 5 — Comprehensive Care"),
    standard(
        "NSQHS-6",
        NSQHS,
        "NSQHS Standard 6 — Communicating for Safety",
    ),
    standard("NSQHS-7", NSQHS, "NSQHS Standard 7 — Blood Management"),
    standard(
        "NSQHS-8",
        NSQHS,
        "NSQHS Standard 8 — Recognising and Responding to Acute Deterioration",
    ),
    standard(
        "ACQS-1",
        ACQS,
        "Aged Care Quality Standard 1 — The Individual",
    ),
    standard(
        "ACQS-2",
        ACQS,
        "Aged Care Quality Standard 2 — The Organisation",
    ),
    standard(
        "ACQS-3",
        ACQS,
        "Aged Care Quality Standard 3 — Care and Services",
    ),
    standard(
        "ACQS-4",
        ACQS,
        "Aged Care Quality Standard 4 — The Environment",
    ),
    standard(
        "ACQS-5",
        ACQS,
        "Aged Care Quality Standard 5 — Clinical Care",
    ),
    standard(
        "ACQS-6",
        ACQS,
        "Aged Care Quality Standard 6 — Food and Nutrition",
    ),
    standard(
        "ACQS-7",
        ACQS,
        "Aged Care Quality Standard 7 — The Residential Community",
    ),
    standard(
        "RACGP-5",
        RACGP,
        "RACGP Standards for general practices — 5th edition",
    ),
    standard(
        "NDIS-PS-1",
        NDIS,
        "NDIS Practice Standards Core Module 1 — Rights and Responsibilities",
    ),
    standard(
        "NDIS-PS-2",
        NDIS,
        "NDIS Practice Standards Core Module 2 — Governance and Operational Management",
    ),
    standard(
        "NDIS-PS-3",
        NDIS,
        "NDIS Practice Standards Core Module 3 — Provision of Supports",
    ),
    standard(
        "NDIS-PS-4",
        NDIS,
        "NDIS Practice Standards Core Module 4 — Support Provision Environment",
    ),
];

/// The plain-English name of a standard's code, when the catalogue has it.
pub fn name_of(code: &str) -> Option<&'static str> {
    CATALOGUE.iter().find(|s| s.code == code).map(|s| s.name)
}

#[derive(Serialize, ToSchema)]
pub struct StandardList {
    pub items: Vec<Standard>,
}

/// The standards results can be recorded against, with their plain-English names. Results may
/// also carry other codes (an engine's own); those have no `standard_name`.
#[utoipa::path(
    tag = "compliance",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The catalogue", body = StandardList),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/compliance-standards")]
pub(crate) async fn list_compliance_standards(_granted: Grant) -> HttpResponse {
    HttpResponse::Ok().json(StandardList {
        items: CATALOGUE.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_valid_result_codes() {
        let mut seen = std::collections::HashSet::new();
        for s in CATALOGUE {
            assert!(seen.insert(s.code), "{} twice", s.code);
            assert!(
                s.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c)),
                "{}",
                s.code
            );
            assert!(s.name.contains(" — "), "{}", s.name);
        }
        assert_eq!(
            name_of("NSQHS-3"),
            Some("NSQHS Standard 3 — Preventing and Controlling Infections")
        );
        assert_eq!(name_of("ENGINE-X"), None);
    }
}
