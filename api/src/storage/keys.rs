//! The storage key layout: `organizations/{org_id}/{area}/{name}` for organisations' files and
//! `backups/{name}` for database dumps, built in one place.

use chrono::Timelike;
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

/// The folder of database dumps, apart from every organisation's files.
const BACKUPS: &str = "backups";

/// The name of a database dump: `vigil-YYYYMMDDTHHMMSSZ.dump`, the UTC time it was taken.
/// Nothing else is accepted, so a name can never leave `backups/` and always sorts by time.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BackupName {
    // Field order matters: names order by the time they were taken.
    taken_at: chrono::DateTime<chrono::Utc>,
    name: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not a backup name: expected vigil-YYYYMMDDTHHMMSSZ.dump (UTC)")]
pub struct InvalidBackupName(pub String);

impl BackupName {
    const PREFIX: &str = "vigil-";
    const SUFFIX: &str = "Z.dump";
    const TIME_FORMAT: &str = "%Y%m%dT%H%M%S";

    /// The name of a dump taken at `at` (to the second).
    pub fn for_time(at: chrono::DateTime<chrono::Utc>) -> Self {
        let name = format!(
            "{}{}{}",
            Self::PREFIX,
            at.format(Self::TIME_FORMAT),
            Self::SUFFIX
        );
        let taken_at = at.with_nanosecond(0).unwrap_or(at);
        Self { taken_at, name }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidBackupName> {
        let invalid = || InvalidBackupName(raw.to_owned());
        let stamp = raw
            .strip_prefix(Self::PREFIX)
            .and_then(|rest| rest.strip_suffix(Self::SUFFIX))
            .filter(|stamp| stamp.len() == 15 && stamp.is_ascii())
            .ok_or_else(invalid)?;
        let at = chrono::NaiveDateTime::parse_from_str(stamp, Self::TIME_FORMAT)
            .map_err(|_| invalid())?
            .and_utc();
        // Only the canonical spelling: one name per second, nothing chrono merely tolerates.
        let name = Self::for_time(at);
        if name.name == raw {
            Ok(name)
        } else {
            Err(invalid())
        }
    }

    /// When the dump was taken (UTC, to the second).
    pub fn taken_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.taken_at
    }

    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl std::fmt::Display for BackupName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// The storage key of a database dump: `backups/{name}`. Only constructible from a
/// [`BackupName`], so it never addresses an organisation's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupKey {
    name: BackupName,
    path: Path,
}

impl BackupKey {
    pub fn new(name: BackupName) -> Self {
        let path = Path::from_iter([BACKUPS, name.as_str()]);
        Self { name, path }
    }

    /// Accepts `vigil-….dump` or `backups/vigil-….dump`.
    pub fn parse(raw: &str) -> Result<Self, InvalidBackupName> {
        let name = raw
            .strip_prefix(BACKUPS)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(raw);
        BackupName::parse(name)
            .map(Self::new)
            .map_err(|_| InvalidBackupName(raw.to_owned()))
    }

    /// The key of a listed object, when it is a dump directly under `backups/`.
    pub(super) fn from_listed(path: &Path) -> Option<Self> {
        let mut parts = path.parts();
        let (folder, name) = (parts.next()?, parts.next()?);
        if parts.next().is_some() || folder.as_ref() != BACKUPS {
            return None;
        }
        BackupName::parse(name.as_ref()).ok().map(Self::new)
    }

    pub fn prefix() -> Path {
        Path::from(BACKUPS)
    }

    pub fn name(&self) -> &BackupName {
        &self.name
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn as_str(&self) -> &str {
        self.path.as_ref()
    }
}

impl std::fmt::Display for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.path.fmt(f)
    }
}

/// The public, content-addressed URL of an organisation's logo stored under `logo_key` (served
/// by the branding routes); `None` for a key outside the organisation's branding folder.
pub fn logo_url_for(org_id: OrgId, logo_key: Option<&str>) -> Option<String> {
    let key = ObjectKey::parse_for(org_id, Area::Branding, logo_key?)?;
    let file = key.path().filename()?;
    Some(format!("/api/v1/logos/{org_id}/{file}"))
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

    #[test]
    fn backup_names_are_the_utc_time_of_the_dump() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T19:05:07Z")
            .unwrap()
            .to_utc();
        let name = BackupName::for_time(at);
        assert_eq!(name.as_str(), "vigil-20261124T190507Z.dump");
        assert_eq!(BackupName::parse(name.as_str()), Ok(name.clone()));
        assert_eq!(name.taken_at(), at);
        assert_eq!(
            BackupKey::new(name.clone()).as_str(),
            "backups/vigil-20261124T190507Z.dump"
        );
        assert_eq!(
            BackupKey::parse("backups/vigil-20261124T190507Z.dump").unwrap(),
            BackupKey::new(name.clone())
        );
        assert_eq!(
            BackupKey::parse("vigil-20261124T190507Z.dump").unwrap(),
            BackupKey::new(name)
        );
    }

    #[test]
    fn anything_but_a_canonical_backup_name_is_refused() {
        for raw in [
            "",
            "vigil-.dump",
            "vigil-20261124T190507.dump",
            "vigil-20261124T190507Z.sql",
            "vigil-20261124190507Z.dump",
            "vigil-20261332T190507Z.dump",
            "vigil-20261124T256000Z.dump",
            "vigil-2026112T4190507Z.dump",
            "vigil-+2026112T190507Z.dump",
            "other-20261124T190507Z.dump",
            "../vigil-20261124T190507Z.dump",
            "vigil-20261124T190507Z.dump/..",
            "backups/../vigil-20261124T190507Z.dump",
            "organizations/x/vigil-20261124T190507Z.dump",
            "vigil-20261124T190507Z.dump.partial",
            "vigil-٢٠٢٦1124T190507Z.dump",
        ] {
            assert!(BackupName::parse(raw).is_err(), "{raw:?} was accepted");
            assert!(
                BackupKey::parse(raw).is_err(),
                "{raw:?} was accepted as a key"
            );
        }
    }

    #[test]
    fn only_dumps_directly_under_backups_are_listed() {
        let ok = Path::from("backups/vigil-20261124T190507Z.dump");
        assert!(BackupKey::from_listed(&ok).is_some());
        for other in [
            "backups/notes.txt",
            "backups/old/vigil-20261124T190507Z.dump",
            "organizations/vigil-20261124T190507Z.dump",
            "vigil-20261124T190507Z.dump",
        ] {
            assert!(
                BackupKey::from_listed(&Path::from(other)).is_none(),
                "{other}"
            );
        }
    }
}
