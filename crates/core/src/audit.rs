//! Every action the audit log records, with its details, as one typed union.
//!
//! Stored as the `action` text and the `details` JSON of a row; read back through the same
//! type, so an action or a detail this version does not know is an error, not a guess. The API
//! publishes it as a union discriminated by `action`, which the web app's audit text switches on.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::compliance::ComplianceStatus;
use crate::documents::DocumentKind;
use crate::onboarding::SkippableStep;
use crate::reports::ReportKind;
use crate::roles::Role;
use crate::security_policy::RecordedSecurityPolicy;
use crate::sign_in::AuthMethod;

/// What happened, with the details that matter to someone reading the log later.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone)]
#[serde(tag = "action", content = "details")]
pub enum AuditAction {
    #[serde(rename = "organization.created")]
    OrganizationCreated {
        name: String,
        slug: String,
        /// Set when something other than a person created it (`legacy-import`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<JoinedVia>,
    },
    #[serde(rename = "organization.updated")]
    OrganizationUpdated {
        changes: BTreeMap<String, FieldChange>,
    },
    #[serde(rename = "organization.deleted")]
    OrganizationDeleted { purge_after: DateTime<Utc> },
    #[serde(rename = "organization.restored")]
    OrganizationRestored {},
    #[serde(rename = "organization.branding_updated")]
    BrandingUpdated {
        primary_colour: ColourChange,
        accent_colour: ColourChange,
    },
    #[serde(rename = "organization.logo_updated")]
    LogoUpdated {
        /// The logo's storage key.
        key: String,
    },
    #[serde(rename = "organization.logo_removed")]
    LogoRemoved {},
    #[serde(rename = "onboarding.step_skipped")]
    StepSkipped { step: SkippableStep },
    #[serde(rename = "security_policy.updated")]
    SecurityPolicyUpdated {
        before: RecordedSecurityPolicy,
        after: RecordedSecurityPolicy,
    },
    #[serde(rename = "member.added")]
    MemberAdded {
        role: Role,
        via: JoinedVia,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        access_expires_at: Option<DateTime<Utc>>,
        /// Whether accepting the invitation created the account.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_account: Option<bool>,
        /// The user's id in the imported single-user database.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legacy_user_id: Option<i64>,
    },
    #[serde(rename = "member.role_changed")]
    RoleChanged { before: Role, after: Role },
    #[serde(rename = "member.access_changed")]
    AccessChanged {
        /// `null`: the access had no end.
        before: Option<DateTime<Utc>>,
        /// `null`: the access no longer ends.
        after: Option<DateTime<Utc>>,
    },
    #[serde(rename = "member.removed")]
    MemberRemoved(FormerMember),
    #[serde(rename = "member.left")]
    MemberLeft(FormerMember),
    #[serde(rename = "invitation.created")]
    InvitationCreated {
        email: String,
        role: Role,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        access_expires_at: Option<DateTime<Utc>>,
    },
    #[serde(rename = "invitation.resent")]
    InvitationResent(Invitee),
    #[serde(rename = "invitation.revoked")]
    InvitationRevoked(Invitee),
    #[serde(rename = "invitation.accepted")]
    InvitationAccepted(Invitee),
    #[serde(rename = "user.email_verified")]
    EmailVerified {},
    #[serde(rename = "user.password_reset")]
    PasswordReset {},
    /// Recorded in every organisation the person can open: each one's sign-in strength changed.
    #[serde(rename = "user.passkey_added")]
    PasskeyAdded(PasskeyName),
    #[serde(rename = "user.passkey_removed")]
    PasskeyRemoved(PasskeyName),
    /// The person proved who they are again before a sensitive action.
    #[serde(rename = "user.stepped_up")]
    SteppedUp { method: AuthMethod },
    #[serde(rename = "api_client.created")]
    ApiClientCreated { name: String, scopes: Vec<String> },
    #[serde(rename = "api_client.revoked")]
    ApiClientRevoked {},
    #[serde(rename = "document.uploaded")]
    DocumentUploaded {
        name: String,
        kind: DocumentKind,
        size_bytes: i64,
        sha256: String,
    },
    #[serde(rename = "document.viewed")]
    DocumentViewed(DocumentName),
    #[serde(rename = "document.downloaded")]
    DocumentDownloaded(DocumentName),
    #[serde(rename = "document.deleted")]
    DocumentDeleted { name: String, sha256: String },
    #[serde(rename = "compliance_result.created")]
    ComplianceResultCreated {
        document_id: Uuid,
        /// The standard's code (see `GET /api/v1/compliance-standards`).
        standard: String,
        status: ComplianceStatus,
        #[serde(default)]
        score: Option<f64>,
        #[serde(default)]
        review_due_on: Option<NaiveDate>,
    },
    #[serde(rename = "compliance_result.updated")]
    ComplianceResultUpdated {
        document_id: Uuid,
        standard: String,
        changes: BTreeMap<String, FieldChange>,
    },
    #[serde(rename = "report.requested")]
    ReportRequested { kind: ReportKind },
    #[serde(rename = "report.downloaded")]
    ReportDownloaded {},
    #[serde(rename = "seed.completed")]
    SeedCompleted(Counts),
    #[serde(rename = "legacy_import.completed")]
    LegacyImportCompleted {
        /// The fingerprint of the imported database.
        source: String,
        /// The file name it was imported from.
        file: String,
        users: usize,
        accounts_created: usize,
        accounts_linked: usize,
        documents: usize,
        bytes: u64,
        compliance_results: usize,
        previously_imported: PreviouslyImported,
    },
    /// A stored row this version cannot read (written by a newer version, or edited in the
    /// database: the chain verification says which). Shown as stored, never written.
    #[serde(rename = "unreadable")]
    Unreadable {
        action: String,
        details: serde_json::Value,
    },
}

impl AuditAction {
    /// The stored `action` text and `details` JSON.
    pub fn to_columns(&self) -> Result<(String, serde_json::Value), serde_json::Error> {
        if let AuditAction::Unreadable { action, details } = self {
            return Ok((action.clone(), details.clone()));
        }
        let mut tagged = serde_json::to_value(self)?;
        let Some(serde_json::Value::String(action)) =
            tagged.get_mut("action").map(serde_json::Value::take)
        else {
            return Err(serde::ser::Error::custom(
                "an audit action without its name",
            ));
        };
        let details = tagged
            .get_mut("details")
            .map_or_else(|| serde_json::json!({}), serde_json::Value::take);
        Ok((action, details))
    }

    /// Reads a stored row back; an action or detail this version does not know is an error
    /// (see `read` for the audit log's way of showing such a row).
    pub fn from_columns(
        action: &str,
        details: &serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        use serde::de::Error;
        if action == "unreadable" {
            return Err(Error::custom("`unreadable` is never stored"));
        }
        let event: Self =
            serde_json::from_value(serde_json::json!({ "action": action, "details": details }))?;
        // Unknown fields would otherwise be dropped without a word.
        let (_, known) = event.to_columns()?;
        if !same_json(details, &known) {
            return Err(Error::custom("details this version does not know"));
        }
        Ok(event)
    }

    /// Reads a stored row for the audit log: a row this version cannot read stays visible, as
    /// stored and marked `unreadable`, instead of hiding every other event behind an error.
    pub fn read(action: &str, details: serde_json::Value) -> Self {
        match Self::from_columns(action, &details) {
            Ok(event) => event,
            Err(error) => {
                tracing::error!(action, %error, "an audit event this version cannot read");
                AuditAction::Unreadable {
                    action: action.to_owned(),
                    details,
                }
            }
        }
    }
}

/// Equal as stored JSON: a `null` field equals an absent one, and numbers compare by value.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).all(|key| {
            same_json(
                x.get(key).unwrap_or(&Value::Null),
                y.get(key).unwrap_or(&Value::Null),
            )
        }),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// How someone became a member.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum JoinedVia {
    /// Signed up and created the organisation.
    Signup,
    /// Created another organisation while signed in.
    Create,
    Invitation,
    /// `vigil seed`.
    Seed,
    /// `vigil import-legacy`.
    LegacyImport,
}

/// Changed fields: each with its value before and after.
pub type Changes = BTreeMap<String, FieldChange>;

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum FieldChange {
    Values {
        before: serde_json::Value,
        after: serde_json::Value,
    },
    /// Free text that may hold health information: only that it changed.
    Redacted { changed: bool },
}

impl FieldChange {
    /// The change of `name` when `before` and `after` differ.
    pub fn note<T: Serialize + PartialEq>(changes: &mut Changes, name: &str, before: T, after: T) {
        if before != after {
            changes.insert(
                name.to_owned(),
                FieldChange::Values {
                    before: serde_json::json!(before),
                    after: serde_json::json!(after),
                },
            );
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct ColourChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Who left or was removed.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct FormerMember {
    pub role: Role,
    pub email: String,
}

/// The address an invitation went to.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub email: String,
}

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct PasskeyName {
    /// The name the person gave it.
    pub name: String,
}

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct DocumentName {
    pub name: String,
}

/// What `vigil seed` wrote.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub users: usize,
    pub invitations: usize,
    pub documents: usize,
    pub compliance_results: usize,
}

/// What an earlier import of the same database had written already.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct PreviouslyImported {
    pub users: usize,
    pub documents: usize,
    pub compliance_results: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_written_before_the_type_existed_read_back() {
        // Explicit nulls where the type now leaves the field out, and integers as floats.
        let added = AuditAction::from_columns(
            "member.added",
            &serde_json::json!({
                "role": "member", "via": "invitation", "access_expires_at": null, "new_account": true,
            }),
        );
        assert!(
            matches!(
                added,
                Ok(AuditAction::MemberAdded {
                    new_account: Some(true),
                    ..
                })
            ),
            "{added:?}"
        );
        let scored = AuditAction::from_columns(
            "compliance_result.created",
            &serde_json::json!({
                "document_id": Uuid::nil(), "standard": "nsqhs-3", "status": "compliant", "score": 80,
            }),
        );
        assert!(scored.is_ok(), "{scored:?}");
        let restored = AuditAction::from_columns("organization.restored", &serde_json::json!({}));
        assert!(matches!(restored, Ok(AuditAction::OrganizationRestored {})));
    }

    #[test]
    fn unknown_actions_and_details_are_errors() {
        assert!(AuditAction::from_columns("member.teleported", &serde_json::json!({})).is_err());
        assert!(
            AuditAction::from_columns("member.role_changed", &serde_json::json!({ "before": "x" }))
                .is_err()
        );
        // A field this version does not know is not silently dropped.
        let forged = serde_json::json!({ "forged": true });
        assert!(AuditAction::from_columns("user.email_verified", &forged).is_err());
    }

    #[test]
    fn unreadable_rows_are_shown_as_stored_and_never_written_as_such() {
        let stored = serde_json::json!({ "forged": true });
        let read = AuditAction::read("member.role_changed", stored.clone());
        assert!(
            matches!(&read, AuditAction::Unreadable { action, .. } if action == "member.role_changed")
        );
        assert_eq!(
            read.to_columns().unwrap(),
            ("member.role_changed".to_owned(), stored)
        );
        assert!(AuditAction::from_columns("unreadable", &serde_json::json!({})).is_err());
    }

    #[test]
    fn columns_round_trip() {
        let action = AuditAction::MemberAdded {
            role: Role::Admin,
            via: JoinedVia::LegacyImport,
            access_expires_at: None,
            new_account: None,
            legacy_user_id: Some(7),
        };
        let (name, details) = action.to_columns().unwrap();
        assert_eq!(name, "member.added");
        assert_eq!(
            details,
            serde_json::json!({ "role": "admin", "via": "legacy-import", "legacy_user_id": 7 })
        );
        assert!(matches!(
            AuditAction::from_columns(&name, &details),
            Ok(AuditAction::MemberAdded {
                legacy_user_id: Some(7),
                ..
            })
        ));
    }
}
