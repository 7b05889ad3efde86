//! The route table: every documented route, mounted by `startup` and read by `openapi`.

/// Every documented route. The OpenAPI document is collected from here.
pub fn all(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // Scopes match by prefix in order, and a matched scope never falls through to the next:
    // every feature's organisation routes share the one `/api/v1/organizations/{org_id}`
    // scope, which comes before `/api/v1`.
    cfg.configure(crate::health::routes)
        .configure(crate::organizations::routes)
        .service(
            utoipa_actix_web::scope("/api/v1/organizations/{org_id}")
                .configure(crate::organizations::org_routes)
                .configure(crate::dashboard::org_routes)
                .configure(crate::invitations::org_routes)
                .configure(crate::clients::org_routes)
                .configure(crate::documents::org_routes)
                .configure(crate::compliance::org_routes)
                .configure(crate::reports::org_routes)
                .configure(crate::audit_log::org_routes),
        )
        .configure(crate::invitations::routes)
        .configure(crate::clients::routes)
        .configure(crate::auth::routes);
}
