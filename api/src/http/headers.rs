//! Security headers on every response (handlers may set their own first; these fill the gaps).

use actix_web::middleware::DefaultHeaders;

/// Suits the SPA and Swagger UI: scripts only from this origin, no framing, no plugins.
/// `style-src 'unsafe-inline'` is needed by component libraries that set style attributes.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

pub fn security_headers(behind_tls: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ))
        // Health data: nothing is cached unless a handler says otherwise (logos, SPA assets).
        .add(("Cache-Control", "no-store"));
    if behind_tls {
        headers.add((
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ))
    } else {
        headers
    }
}
