//! Roles and what each may do: the one permission table (DESIGN §4).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
}

/// The permission table.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewOrganization => true,
        UpdateOrganization | ManageOnboarding => matches!(role, Owner | Admin),
        DeleteOrganization => role == Owner,
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
    fn only_owners_delete_and_only_owners_and_admins_update() {
        for role in Role::ALL {
            assert!(allows(role, Action::ViewOrganization));
            assert_eq!(
                allows(role, Action::UpdateOrganization),
                matches!(role, Role::Owner | Role::Admin)
            );
            assert_eq!(
                allows(role, Action::DeleteOrganization),
                role == Role::Owner
            );
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
