//! Who may call each operation of the API: the one place every endpoint declares its access.
//! The guard ([`super::guard`]) enforces it, the OpenAPI document's `security` and
//! `docs/permissions.md` are generated from it, and the role sweep test checks every operation
//! against it. An operation missing here stops the server from starting.

use std::collections::HashMap;

use actix_web::http::Method;

use super::permissions::Permission::{
    self, ApiClientsManage, AuditLogRead, BrandingManage, ComplianceResultsRead,
    ComplianceResultsWrite, DashboardRead, DocumentsDeleteAny, DocumentsRead, DocumentsWrite,
    InvitationsManage, MembersManage, MembersRead, MembershipLeave, OnboardingManage,
    OrganizationDelete, OrganizationRead, OrganizationRestore, OrganizationUpdate, OwnersManage,
    ReportsCreate, ReportsRead, SecurityPolicyManage,
};

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone; any credential the operation needs is in its body (tokens from emails, passwords).
    Public,
    /// An API client authenticating with its id and secret (OAuth 2.0 client credentials).
    ClientCredentials,
    /// A signed-in person (session cookie); unsafe methods also need the CSRF token.
    Session,
    /// A member of the organisation in the path holding the permission, or an API client of
    /// that organisation whose token has the permission's scope.
    Organization(Permission),
}

/// A further permission the data of a request can call for, beyond the operation's own.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub needs: Permission,
    pub when: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// The OpenAPI `operationId` (the handler's name).
    pub id: &'static str,
    pub access: Access,
    pub rules: &'static [Rule],
    /// Sensitive: a person needs a recent proof of who they are, made with the strongest
    /// method they have (see `authz::step_up`). API clients are not asked.
    pub step_up: bool,
}

const fn op(id: &'static str, access: Access) -> Operation {
    Operation {
        id,
        access,
        rules: &[],
        step_up: false,
    }
}

impl Operation {
    const fn sensitive(self) -> Self {
        Self {
            step_up: true,
            ..self
        }
    }
}

const fn org(id: &'static str, permission: Permission) -> Operation {
    op(id, Access::Organization(permission))
}

const fn org_with(id: &'static str, permission: Permission, rules: &'static [Rule]) -> Operation {
    Operation {
        id,
        access: Access::Organization(permission),
        rules,
        step_up: false,
    }
}

const OWNER_ROLE: &[Rule] = &[Rule {
    needs: OwnersManage,
    when: "the invitation is for the owner role",
}];
const AUDIT_LOG_REPORTS: &[Rule] = &[Rule {
    needs: AuditLogRead,
    when: "the report is of kind `audit_log` (others' audit-log reports are not listed and answer 404)",
}];

const AUDIT_LOG_DOWNLOADS: &[Rule] = &[Rule {
    needs: AuditLogRead,
    when: "the report is of kind `audit_log` (others' audit-log reports are not listed and answer 404); a person downloading one also needs a recent proof of who they are (step-up)",
}];

/// Every operation of the API and who may call it.
pub const OPERATIONS: &[Operation] = &[
    // Health and keys
    op("get_liveness", Access::Public),
    op("get_readiness", Access::Public),
    op("get_jwks", Access::Public),
    // Signing up and signing in
    op("get_captcha_challenge", Access::Public),
    op("signup", Access::Public),
    op("verify_email", Access::Public),
    op("resend_verification", Access::Public),
    op("forgot_password", Access::Public),
    op("reset_password", Access::Public),
    op("login", Access::Public),
    op("login_mfa", Access::Public),
    op("start_passkey_sign_in", Access::Public),
    op("passkey_sign_in", Access::Public),
    op("unlock_account", Access::Public),
    op("not_me", Access::Public),
    op("confirm_email_change", Access::Public),
    op("preview_invitation", Access::Public),
    op("accept_invitation", Access::Public),
    op("get_logo", Access::Public),
    op("issue_token", Access::ClientCredentials),
    // The signed-in person
    op("get_session", Access::Session),
    op("logout", Access::Session),
    op("switch_organization", Access::Session),
    op("update_me", Access::Session),
    op("get_my_activity", Access::Session),
    op("list_my_sessions", Access::Session),
    op("revoke_my_session", Access::Session),
    op("revoke_other_sessions", Access::Session),
    op("change_password", Access::Session).sensitive(),
    op("change_email", Access::Session).sensitive(),
    op("start_totp_enrolment", Access::Session).sensitive(),
    op("confirm_totp_enrolment", Access::Session).sensitive(),
    op("disable_totp", Access::Session).sensitive(),
    op("list_my_passkeys", Access::Session),
    op("start_passkey_registration", Access::Session).sensitive(),
    op("register_passkey", Access::Session).sensitive(),
    op("rename_passkey", Access::Session),
    op("remove_passkey", Access::Session).sensitive(),
    op("start_step_up", Access::Session),
    op("step_up", Access::Session),
    op("regenerate_recovery_codes", Access::Session).sensitive(),
    op("get_security_overview", Access::Session),
    op("list_my_organizations", Access::Session),
    op("create_organization", Access::Session),
    // The organisation
    org("get_organization", OrganizationRead),
    org("update_organization", OrganizationUpdate),
    org("delete_organization", OrganizationDelete).sensitive(),
    org("restore_organization", OrganizationRestore),
    org("get_onboarding", OrganizationRead),
    org("skip_onboarding_step", OnboardingManage),
    org("update_branding", BrandingManage),
    org("upload_logo", BrandingManage),
    org("delete_logo", BrandingManage),
    org("get_security_policy", SecurityPolicyManage),
    org("update_security_policy", SecurityPolicyManage).sensitive(),
    org("get_dashboard", DashboardRead),
    org("list_audit_events", AuditLogRead),
    org("verify_audit_chain", AuditLogRead),
    // Members and invitations
    org("list_members", MembersRead),
    org_with(
        "update_member",
        MembersManage,
        &[Rule {
            needs: OwnersManage,
            when: "the member is an owner or is made one",
        }],
    )
    .sensitive(),
    org_with(
        "remove_member",
        MembersManage,
        &[Rule {
            needs: OwnersManage,
            when: "the member is an owner",
        }],
    )
    .sensitive(),
    org("leave_organization", MembershipLeave),
    org("list_invitations", InvitationsManage),
    org_with("create_invitations", InvitationsManage, OWNER_ROLE),
    org_with("resend_invitation", InvitationsManage, OWNER_ROLE),
    org_with("revoke_invitation", InvitationsManage, OWNER_ROLE),
    org("list_api_clients", ApiClientsManage),
    org("create_api_client", ApiClientsManage).sensitive(),
    org("revoke_api_client", ApiClientsManage).sensitive(),
    // Documents, results and reports
    org("list_documents", DocumentsRead),
    org("get_document", DocumentsRead),
    org("download_document", DocumentsRead),
    org("upload_document", DocumentsWrite),
    org_with(
        "delete_document",
        DocumentsWrite,
        &[Rule {
            needs: DocumentsDeleteAny,
            when: "someone else uploaded the document",
        }],
    ),
    org("list_compliance_results", ComplianceResultsRead),
    org("get_compliance_result", ComplianceResultsRead),
    org("list_document_compliance_results", ComplianceResultsRead),
    org("create_compliance_result", ComplianceResultsWrite),
    org("update_compliance_result", ComplianceResultsWrite),
    org("list_compliance_standards", ComplianceResultsRead),
    org_with("list_reports", ReportsRead, AUDIT_LOG_REPORTS),
    org_with("get_report", ReportsRead, AUDIT_LOG_REPORTS),
    org_with("download_report", ReportsRead, AUDIT_LOG_DOWNLOADS),
    org_with("create_report", ReportsCreate, AUDIT_LOG_REPORTS),
];

/// The declared operation of an `operationId`.
pub fn find(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|operation| operation.id == id)
}

/// An operation as served on one route.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub operation: &'static Operation,
    /// Which `/`-separated segment of the path is `{org_id}`, when the route has one.
    pub org_id_segment: Option<usize>,
}

impl Route {
    /// The `{org_id}` segment of a path this route matched.
    pub fn org_id_in<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.split('/').nth(self.org_id_segment?)
    }
}

/// Route (method and pattern, as actix matched it) → operation, built from the OpenAPI document
/// so the guard finds an operation from the route that matched, never by comparing URLs.
#[derive(Debug, Default)]
pub struct OperationIndex {
    by_route: HashMap<(Method, String), Route>,
}

impl OperationIndex {
    /// Fails when an operation of the document is not declared here, or a declaration names no
    /// operation: both mean the table and the routes disagree.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> anyhow::Result<Self> {
        let mut by_route = HashMap::new();
        let mut seen = Vec::new();
        for (path, method, operation) in crate::http::openapi_walk::document_operations(doc) {
            let id = operation.operation_id.as_deref().unwrap_or_default();
            let declared = find(id).ok_or_else(|| {
                anyhow::anyhow!(
                    "{method} {path} ({id}) declares no access: add it to authz::operations::OPERATIONS"
                )
            })?;
            seen.push(id.to_owned());
            let org_id_segment = path.split('/').position(|segment| segment == "{org_id}");
            by_route.insert(
                (method, path.to_owned()),
                Route {
                    operation: declared,
                    org_id_segment,
                },
            );
        }
        if let Some(stale) = OPERATIONS.iter().find(|o| !seen.iter().any(|s| s == o.id)) {
            anyhow::bail!(
                "authz::operations::OPERATIONS declares {}, which no route serves",
                stale.id
            );
        }
        Ok(Self { by_route })
    }

    /// Whether any method of this route pattern is an operation.
    pub fn knows(&self, pattern: &str) -> bool {
        self.by_route.keys().any(|(_, known)| known == pattern)
    }

    pub fn find(&self, method: &Method, pattern: &str) -> Option<Route> {
        self.by_route
            .get(&(method.clone(), pattern.to_owned()))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_declares_its_access_once() {
        let index = OperationIndex::from_openapi(&crate::openapi::document());
        assert!(index.is_ok(), "{:?}", index.err());
        for (i, operation) in OPERATIONS.iter().enumerate() {
            assert!(
                OPERATIONS[..i].iter().all(|o| o.id != operation.id),
                "{} is declared twice",
                operation.id
            );
        }
    }

    #[test]
    fn an_endpoint_without_declared_access_stops_the_server() {
        use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
        let mut doc = crate::openapi::document();
        doc.paths.paths.insert(
            "/api/v1/organizations/{org_id}/shortcut".into(),
            PathItem::new(
                HttpMethod::Post,
                OperationBuilder::new().operation_id(Some("grant_everything")),
            ),
        );
        let error = OperationIndex::from_openapi(&doc).unwrap_err().to_string();
        assert!(error.contains("grant_everything"), "{error}");
        assert!(error.contains("declares no access"), "{error}");
    }

    #[test]
    fn the_guard_finds_operations_by_route() {
        let index = OperationIndex::from_openapi(&crate::openapi::document()).unwrap();
        let route = index
            .find(
                &Method::DELETE,
                "/api/v1/organizations/{org_id}/documents/{document_id}",
            )
            .unwrap();
        assert_eq!(route.operation.access, Access::Organization(DocumentsWrite));
        assert_eq!(
            route.org_id_in("/api/v1/organizations/0b6f/documents/77"),
            Some("0b6f")
        );
        assert!(
            index
                .find(
                    &Method::PUT,
                    "/api/v1/organizations/{org_id}/documents/{document_id}"
                )
                .is_none()
        );
    }
}
