//! What each role and each API-client scope may do inside an organisation: the permission table.
//! Permissions follow the data (documents, the audit log, owners), not the endpoints; the
//! operation table of the HTTP layer (`vigil::authz::operations`) says which permission each
//! endpoint needs.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::roles::Role;
use crate::scopes::Scope;

/// Something a member (or an API client) may be allowed to do in an organisation.
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// The organisation's profile, settings and onboarding state.
    #[serde(rename = "organization.read")]
    OrganizationRead,
    #[serde(rename = "organization.update")]
    OrganizationUpdate,
    /// Delete the organisation (it can be restored during the grace period).
    #[serde(rename = "organization.delete")]
    OrganizationDelete,
    /// Restore a deleted organisation; the only thing possible while it awaits purge.
    #[serde(rename = "organization.restore")]
    OrganizationRestore,
    #[serde(rename = "onboarding.manage")]
    OnboardingManage,
    #[serde(rename = "branding.manage")]
    BrandingManage,
    #[serde(rename = "members.read")]
    MembersRead,
    /// Change the role or access end of, or remove, members who are not owners.
    #[serde(rename = "members.manage")]
    MembersManage,
    /// Grant or take away the owner role, remove owners, invite owners (and resend or revoke
    /// those invitations).
    #[serde(rename = "owners.manage")]
    OwnersManage,
    /// Leave the organisation (remove one's own membership).
    #[serde(rename = "membership.leave")]
    MembershipLeave,
    #[serde(rename = "dashboard.read")]
    DashboardRead,
    /// The audit log, and reports built from it.
    #[serde(rename = "audit_log.read")]
    AuditLogRead,
    /// Invite members who are not owners; list invitations; resend or revoke them.
    #[serde(rename = "invitations.manage")]
    InvitationsManage,
    #[serde(rename = "security_policy.manage")]
    SecurityPolicyManage,
    #[serde(rename = "api_clients.manage")]
    ApiClientsManage,
    #[serde(rename = "documents.read")]
    DocumentsRead,
    /// Upload documents, and delete the ones the caller uploaded.
    #[serde(rename = "documents.write")]
    DocumentsWrite,
    /// Delete documents anyone uploaded.
    #[serde(rename = "documents.delete_any")]
    DocumentsDeleteAny,
    #[serde(rename = "compliance_results.read")]
    ComplianceResultsRead,
    #[serde(rename = "compliance_results.write")]
    ComplianceResultsWrite,
    /// Reports of every kind except the audit log (which also needs `audit_log.read`).
    #[serde(rename = "reports.read")]
    ReportsRead,
    #[serde(rename = "reports.create")]
    ReportsCreate,
}

use Permission::{
    ApiClientsManage, AuditLogRead, BrandingManage, ComplianceResultsRead, ComplianceResultsWrite,
    DashboardRead, DocumentsDeleteAny, DocumentsRead, DocumentsWrite, InvitationsManage,
    MembersManage, MembersRead, MembershipLeave, OnboardingManage, OrganizationDelete,
    OrganizationRead, OrganizationRestore, OrganizationUpdate, OwnersManage, ReportsCreate,
    ReportsRead, SecurityPolicyManage,
};
use Role::{Admin, Member, Owner, Viewer};

const EVERYONE: &[Role] = &[Owner, Admin, Member, Viewer];
const CONTRIBUTORS: &[Role] = &[Owner, Admin, Member];
const ADMINISTRATORS: &[Role] = &[Owner, Admin];
const OWNERS: &[Role] = &[Owner];

impl Permission {
    pub const ALL: [Permission; 22] = [
        OrganizationRead,
        OrganizationUpdate,
        OrganizationDelete,
        OrganizationRestore,
        OnboardingManage,
        BrandingManage,
        MembersRead,
        MembersManage,
        OwnersManage,
        MembershipLeave,
        DashboardRead,
        AuditLogRead,
        InvitationsManage,
        SecurityPolicyManage,
        ApiClientsManage,
        DocumentsRead,
        DocumentsWrite,
        DocumentsDeleteAny,
        ComplianceResultsRead,
        ComplianceResultsWrite,
        ReportsRead,
        ReportsCreate,
    ];

    /// The roles holding this permission: the one place that says which role may do what.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            OrganizationRead
            | MembersRead
            | MembershipLeave
            | DocumentsRead
            | ComplianceResultsRead
            | ReportsRead => EVERYONE,
            DocumentsWrite | ComplianceResultsWrite | ReportsCreate => CONTRIBUTORS,
            OrganizationUpdate | OnboardingManage | BrandingManage | MembersManage
            | DashboardRead | AuditLogRead | InvitationsManage | SecurityPolicyManage
            | ApiClientsManage | DocumentsDeleteAny => ADMINISTRATORS,
            OrganizationDelete | OrganizationRestore | OwnersManage => OWNERS,
        }
    }

    /// The scope that grants this permission to an API client; `None`: people only.
    pub const fn scope(self) -> Option<Scope> {
        match self {
            DocumentsRead => Some(Scope::DocumentsRead),
            DocumentsWrite => Some(Scope::DocumentsWrite),
            ComplianceResultsRead => Some(Scope::ComplianceResultsRead),
            ComplianceResultsWrite => Some(Scope::ComplianceResultsWrite),
            ReportsRead => Some(Scope::ReportsRead),
            ReportsCreate => Some(Scope::ReportsWrite),
            _ => None,
        }
    }

    pub fn granted_to(self, role: Role) -> bool {
        self.roles().contains(&role)
    }

    /// Whether it may be used while the organisation is deleted and awaiting purge.
    pub const fn usable_while_deleted(self) -> bool {
        matches!(self, OrganizationRestore)
    }

    /// The stable name, as in the API (`documents.read`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationRead => "organization.read",
            OrganizationUpdate => "organization.update",
            OrganizationDelete => "organization.delete",
            OrganizationRestore => "organization.restore",
            OnboardingManage => "onboarding.manage",
            BrandingManage => "branding.manage",
            MembersRead => "members.read",
            MembersManage => "members.manage",
            OwnersManage => "owners.manage",
            MembershipLeave => "membership.leave",
            DashboardRead => "dashboard.read",
            AuditLogRead => "audit_log.read",
            InvitationsManage => "invitations.manage",
            SecurityPolicyManage => "security_policy.manage",
            ApiClientsManage => "api_clients.manage",
            DocumentsRead => "documents.read",
            DocumentsWrite => "documents.write",
            DocumentsDeleteAny => "documents.delete_any",
            ComplianceResultsRead => "compliance_results.read",
            ComplianceResultsWrite => "compliance_results.write",
            ReportsRead => "reports.read",
            ReportsCreate => "reports.create",
        }
    }

    /// Every permission a role holds, in table order (the web app reads these).
    pub fn of_role(role: Role) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| p.granted_to(role))
            .collect()
    }

    /// Every permission a set of scopes grants.
    pub fn of_scopes(scopes: &[Scope]) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| p.scope().is_some_and(|s| scopes.contains(&s)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as clinics were promised it; a change here is a change of the product.
    #[test]
    fn the_permission_table() {
        let table: [(Permission, [bool; 4]); 22] = [
            (OrganizationRead, [true, true, true, true]),
            (OrganizationUpdate, [true, true, false, false]),
            (OrganizationDelete, [true, false, false, false]),
            (OrganizationRestore, [true, false, false, false]),
            (OnboardingManage, [true, true, false, false]),
            (BrandingManage, [true, true, false, false]),
            (MembersRead, [true, true, true, true]),
            (MembersManage, [true, true, false, false]),
            (OwnersManage, [true, false, false, false]),
            (MembershipLeave, [true, true, true, true]),
            (DashboardRead, [true, true, false, false]),
            (AuditLogRead, [true, true, false, false]),
            (InvitationsManage, [true, true, false, false]),
            (SecurityPolicyManage, [true, true, false, false]),
            (ApiClientsManage, [true, true, false, false]),
            (DocumentsRead, [true, true, true, true]),
            (DocumentsWrite, [true, true, true, false]),
            (DocumentsDeleteAny, [true, true, false, false]),
            (ComplianceResultsRead, [true, true, true, true]),
            (ComplianceResultsWrite, [true, true, true, false]),
            (ReportsRead, [true, true, true, true]),
            (ReportsCreate, [true, true, true, false]),
        ];
        for (permission, expected) in table {
            for (role, allowed) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(
                    permission.granted_to(role),
                    allowed,
                    "{role:?} {permission:?}"
                );
            }
        }
        assert_eq!(
            table.map(|(p, _)| p),
            Permission::ALL,
            "every permission is in the table, once"
        );
    }

    #[test]
    fn names_match_the_serialised_form() {
        for permission in Permission::ALL {
            assert_eq!(
                serde_json::to_value(permission).unwrap(),
                serde_json::json!(permission.as_str())
            );
        }
    }

    #[test]
    fn scopes_grant_only_data_permissions() {
        // The audit log, members, owners and settings are never reachable with a token.
        for permission in [
            AuditLogRead,
            MembersManage,
            OwnersManage,
            DocumentsDeleteAny,
        ] {
            assert_eq!(permission.scope(), None, "{permission:?}");
        }
        assert_eq!(
            Permission::of_scopes(&[Scope::ReportsRead]),
            [ReportsRead],
            "reports:read does not include the audit log"
        );
    }
}
