//! Roles and what each may do: the one permission table (DESIGN §4).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clients::scopes::Scope;
use crate::error::AppError;
use crate::http::auth::OrgAccess;

#[derive(
    Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Member, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|role| role.as_str() == raw)
    }
}

/// Everything a member can ask to do inside an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ViewOrganization,
    UpdateOrganization,
    DeleteOrganization,
    ManageOnboarding,
    ManageBranding,
    ViewMembers,
    /// Change roles of, or remove, members who are not owners.
    ManageMembers,
    /// Grant or take away the owner role, remove owners.
    ManageOwners,
    ViewDashboard,
    ViewAuditLog,
    ManageInvitations,
    ManageSecurity,
    ManageApiClients,
    ReadDocuments,
    WriteDocuments,
    ReadComplianceResults,
    WriteComplianceResults,
    ReadReports,
    CreateReports,
}

/// The scope an API client needs for an action; `None` for actions only people may take.
pub fn required_scope(action: Action) -> Option<Scope> {
    use Action::*;
    match action {
        ReadDocuments => Some(Scope::DocumentsRead),
        WriteDocuments => Some(Scope::DocumentsWrite),
        ReadComplianceResults => Some(Scope::ComplianceResultsRead),
        WriteComplianceResults => Some(Scope::ComplianceResultsWrite),
        ReadReports => Some(Scope::ReportsRead),
        CreateReports => Some(Scope::ReportsWrite),
        _ => None,
    }
}

/// The permission table: the one place that says which role may do what.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewOrganization | ViewMembers => true,
        UpdateOrganization | ManageOnboarding | ManageBranding | ManageMembers | ViewDashboard
        | ViewAuditLog | ManageInvitations | ManageSecurity | ManageApiClients => {
            matches!(role, Owner | Admin)
        }
        ReadDocuments | ReadComplianceResults | ReadReports => true,
        WriteDocuments | WriteComplianceResults | CreateReports => {
            matches!(role, Owner | Admin | Member)
        }
        DeleteOrganization | ManageOwners => role == Owner,
    }
}

/// Proof that the permission table allowed `action` to this member. Functions that change
/// data take one, so a handler cannot forget the check.
#[derive(Debug, Clone)]
pub struct Granted {
    pub access: OrgAccess,
    pub action: Action,
}

impl OrgAccess {
    pub fn allow(&self, action: Action) -> Result<Granted, AppError> {
        if allows(self.role, action) {
            Ok(Granted {
                access: self.clone(),
                action,
            })
        } else {
            Err(AppError::Forbidden {
                code: "permission-denied",
                detail: format!(
                    "Your role ({}) does not allow this. Ask an owner or administrator of the organisation.",
                    self.role.as_str()
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_table() {
        use Action::*;
        let table = [
            (ViewOrganization, [true, true, true, true]),
            (ViewMembers, [true, true, true, true]),
            (UpdateOrganization, [true, true, false, false]),
            (ManageOnboarding, [true, true, false, false]),
            (ManageBranding, [true, true, false, false]),
            (ManageMembers, [true, true, false, false]),
            (ViewDashboard, [true, true, false, false]),
            (ViewAuditLog, [true, true, false, false]),
            (ManageInvitations, [true, true, false, false]),
            (ManageSecurity, [true, true, false, false]),
            (ManageApiClients, [true, true, false, false]),
            (ReadDocuments, [true, true, true, true]),
            (ReadComplianceResults, [true, true, true, true]),
            (ReadReports, [true, true, true, true]),
            (WriteDocuments, [true, true, true, false]),
            (WriteComplianceResults, [true, true, true, false]),
            (CreateReports, [true, true, true, false]),
            (DeleteOrganization, [true, false, false, false]),
            (ManageOwners, [true, false, false, false]),
        ];
        for (action, expected) in table {
            for (role, allowed) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(allows(role, action), allowed, "{role:?} {action:?}");
            }
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
