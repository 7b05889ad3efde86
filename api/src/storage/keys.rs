//! The storage key layout: `organizations/{org_id}/{area}/{name}`, built in one place.

use object_store::path::Path;

use crate::ids::OrgId;

/// The folders every organisation has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Documents,
    ComplianceResults,
    Reports,
    Branding,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Documents,
        Area::ComplianceResults,
        Area::Reports,
        Area::Branding,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Area::Documents => "documents",
            Area::ComplianceResults => "compliance-results",
            Area::Reports => "reports",
            Area::Branding => "branding",
        }
    }
}

/// The last segment of a key: only `[A-Za-z0-9._-]`, no leading dot run that could mean `..`,
/// at most [`BlobName::MAX_LEN`] bytes, never empty. Callers normally pass generated ids;
/// anything else is sanitised, never trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobName(String);

impl BlobName {
    pub const MAX_LEN: usize = 200;

    pub fn sanitize(raw: &str) -> Self {
        let mut name: String = raw
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        // A name made only of dots ("." or "..") would address a parent folder on disk.
        if name.chars().all(|c| c == '.') {
            name = name.replace('.', "_");
        }
        name.truncate(Self::MAX_LEN);
        if name.is_empty() {
            name.push('_');
        }
        Self(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A full storage key. Only constructible from a typed organisation id, an area and a
/// sanitised name (or from a listing of a prefix that was built that way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectKey(Path);

impl ObjectKey {
    pub fn new(org_id: OrgId, area: Area, name: &BlobName) -> Self {
        Self(Path::from_iter([
            "organizations",
            &org_id.to_string(),
            area.as_str(),
            name.as_str(),
        ]))
    }

    pub fn org_prefix(org_id: OrgId) -> Path {
        Path::from_iter(["organizations", &org_id.to_string()])
    }

    pub fn area_prefix(org_id: OrgId, area: Area) -> Path {
        Path::from_iter(["organizations", &org_id.to_string(), area.as_str()])
    }

    /// Parses a key stored earlier (for example in a database row), refusing anything outside
    /// the organisation's area.
    pub fn parse_for(org_id: OrgId, area: Area, stored: &str) -> Option<Self> {
        let path = Path::parse(stored).ok()?;
        let prefix = Self::area_prefix(org_id, area);
        let name = path.filename()?;
        (path.prefix_matches(&prefix)
            && path.parts().count() == prefix.parts().count() + 1
            && BlobName::sanitize(name).as_str() == name)
            .then_some(Self(path))
    }

    pub(super) fn from_trusted_path(path: Path) -> Self {
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

impl std::fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgId {
        OrgId::from_uuid(uuid::Uuid::nil())
    }

    #[test]
    fn keys_follow_the_documented_layout() {
        let key = ObjectKey::new(
            org(),
            Area::ComplianceResults,
            &BlobName::sanitize("r.json"),
        );
        assert_eq!(
            key.as_str(),
            "organizations/00000000-0000-0000-0000-000000000000/compliance-results/r.json"
        );
    }

    #[test]
    fn hostile_names_stay_inside_the_prefix() {
        let hostile = [
            "../../etc/passwd",
            "..",
            ".",
            "/absolute/path",
            "a\0b",
            "C:\\Windows\\system32",
            "%2e%2e%2f",
            "名前.pdf",
            "🙂",
            "",
            &"x".repeat(5000),
        ];
        let prefix = ObjectKey::area_prefix(org(), Area::Documents);
        for raw in hostile {
            let name = BlobName::sanitize(raw);
            let key = ObjectKey::new(org(), Area::Documents, &name);
            assert!(key.path().prefix_matches(&prefix), "{raw:?} escaped: {key}");
            assert_eq!(
                key.path().parts().count(),
                4,
                "{raw:?} added segments: {key}"
            );
            assert!(!name.as_str().is_empty() && name.as_str().len() <= BlobName::MAX_LEN);
            assert!(
                name.as_str()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            );
            assert_ne!(name.as_str(), "..");
            assert_ne!(name.as_str(), ".");
        }
    }

    #[test]
    fn stored_keys_are_only_accepted_inside_their_own_area() {
        let key = ObjectKey::new(org(), Area::Branding, &BlobName::sanitize("logo.png"));
        assert_eq!(
            ObjectKey::parse_for(org(), Area::Branding, key.as_str()),
            Some(key.clone())
        );
        assert_eq!(
            ObjectKey::parse_for(org(), Area::Documents, key.as_str()),
            None
        );
        let other = OrgId::from_uuid(uuid::Uuid::from_u128(1));
        assert_eq!(
            ObjectKey::parse_for(other, Area::Branding, key.as_str()),
            None
        );
        assert_eq!(
            ObjectKey::parse_for(org(), Area::Branding, "organizations/x/branding/../a"),
            None
        );
    }
}
