//! The catalogue endpoint: a constant list, so nothing to look up and nothing that can fail.

use actix_web::{HttpResponse, get};

use crate::authz::Grant;
use crate::compliance::standards::catalogue::CATALOGUE;
use crate::compliance::standards::dto::StandardList;
use crate::http::problem::responses;

/// The standards results can be recorded against, with their plain-English names. Results may
/// also carry other codes (an engine's own); those have no `standard_name`.
#[utoipa::path(
    tag = "compliance",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The catalogue", body = StandardList),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/compliance-standards")]
pub(crate) async fn list_compliance_standards(_granted: Grant) -> HttpResponse {
    HttpResponse::Ok().json(StandardList {
        items: CATALOGUE.to_vec(),
    })
}
