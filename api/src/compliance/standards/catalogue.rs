//! The catalogue: every standard Vigil knows by name, in its frameworks' own order.

use crate::compliance::standards::dto::Standard;

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
pub(super) const CATALOGUE: &[Standard] = &[
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
pub(crate) fn name_of(code: &str) -> Option<&'static str> {
    CATALOGUE.iter().find(|s| s.code == code).map(|s| s.name)
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
