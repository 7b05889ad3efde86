//! Walking an OpenAPI document's operations, and the names of its security schemes: the
//! guard's index, the access description, the 405 route index and the permission reference
//! read the same list. It knows utoipa, not the routes.

use actix_web::http::Method;
use utoipa::openapi::path::{Operation as OpenApiOperation, PathItem};

/// Name of the session cookie scheme in the document.
pub const SESSION_COOKIE: &str = "session_cookie";
/// Name of the CSRF header scheme (required with the cookie on unsafe methods).
pub const CSRF_HEADER: &str = "csrf_token";
/// Name of the bearer (API client JWT) scheme.
pub const BEARER: &str = "bearer";

fn methods_of(item: &PathItem) -> [(Method, Option<&OpenApiOperation>); 7] {
    [
        (Method::GET, item.get.as_ref()),
        (Method::PUT, item.put.as_ref()),
        (Method::POST, item.post.as_ref()),
        (Method::DELETE, item.delete.as_ref()),
        (Method::PATCH, item.patch.as_ref()),
        (Method::HEAD, item.head.as_ref()),
        (Method::OPTIONS, item.options.as_ref()),
    ]
}

fn methods_of_mut(item: &mut PathItem) -> [(Method, Option<&mut OpenApiOperation>); 7] {
    [
        (Method::GET, item.get.as_mut()),
        (Method::PUT, item.put.as_mut()),
        (Method::POST, item.post.as_mut()),
        (Method::DELETE, item.delete.as_mut()),
        (Method::PATCH, item.patch.as_mut()),
        (Method::HEAD, item.head.as_mut()),
        (Method::OPTIONS, item.options.as_mut()),
    ]
}

/// Every operation of a document, with its path and method.
pub fn document_operations(
    doc: &utoipa::openapi::OpenApi,
) -> Vec<(&str, Method, &OpenApiOperation)> {
    doc.paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            methods_of(item)
                .into_iter()
                .filter_map(move |(method, op)| op.map(|op| (path.as_str(), method, op)))
        })
        .collect()
}

/// Calls `f` with every operation of a document, mutably.
pub fn for_each_operation(
    doc: &mut utoipa::openapi::OpenApi,
    mut f: impl FnMut(&str, &Method, &mut OpenApiOperation),
) {
    for (path, item) in &mut doc.paths.paths {
        for (method, op) in methods_of_mut(item) {
            if let Some(op) = op {
                f(path, &method, op);
            }
        }
    }
}
