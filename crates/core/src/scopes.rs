//! What an API client may do: OAuth scopes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    #[serde(rename = "documents:read")]
    DocumentsRead,
    #[serde(rename = "documents:write")]
    DocumentsWrite,
    #[serde(rename = "compliance-results:read")]
    ComplianceResultsRead,
    #[serde(rename = "compliance-results:write")]
    ComplianceResultsWrite,
    #[serde(rename = "reports:read")]
    ReportsRead,
    #[serde(rename = "reports:write")]
    ReportsWrite,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::DocumentsRead,
        Scope::DocumentsWrite,
        Scope::ComplianceResultsRead,
        Scope::ComplianceResultsWrite,
        Scope::ReportsRead,
        Scope::ReportsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::DocumentsRead => "documents:read",
            Scope::DocumentsWrite => "documents:write",
            Scope::ComplianceResultsRead => "compliance-results:read",
            Scope::ComplianceResultsWrite => "compliance-results:write",
            Scope::ReportsRead => "reports:read",
            Scope::ReportsWrite => "reports:write",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Scope::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// Parses a space-separated scope string (OAuth), refusing unknown scopes.
pub fn parse_list(raw: &str) -> Result<Vec<Scope>, String> {
    let mut scopes = Vec::new();
    for part in raw.split_whitespace() {
        let scope = Scope::parse(part).ok_or_else(|| format!("unknown scope \"{part}\""))?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    Ok(scopes)
}

pub fn join(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_round_trip_and_refuse_unknowns() {
        let scopes = parse_list("documents:read  compliance-results:write documents:read").unwrap();
        assert_eq!(
            scopes,
            [Scope::DocumentsRead, Scope::ComplianceResultsWrite]
        );
        assert_eq!(join(&scopes), "documents:read compliance-results:write");
        assert!(
            parse_list("documents:read admin")
                .unwrap_err()
                .contains("admin")
        );
        assert_eq!(parse_list("").unwrap(), []);
    }
}
