//! Request ids: accept a sane incoming `X-Request-Id` or make one, echo it, and make it
//! available to logs (a tracing span) and to error bodies (a task-local).

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request being handled on this task, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Incoming ids are kept only when short and plain, so they cannot forge log lines.
fn accept(value: &HeaderValue) -> Option<String> {
    let value = value.to_str().ok()?;
    let ok = !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| value.to_owned())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&HEADER)
        .and_then(accept)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));

    let method = req.method().clone();
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    let started = Instant::now();
    let result = CURRENT
        .scope(id.clone(), next.call(req))
        .instrument(span.clone())
        .await;

    let _entered = span.enter();
    match result {
        Ok(mut res) => {
            // The route pattern, never the raw path: paths can carry tokens.
            let route = res
                .request()
                .match_pattern()
                .unwrap_or_else(|| "unmatched".to_owned());
            let status = res.status().as_u16();
            let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
            if res.status().is_server_error() {
                tracing::warn!(%route, status, latency_ms, "request failed");
            } else if latency_ms >= SLOW_REQUEST_MS {
                tracing::warn!(%route, status, latency_ms, "slow request");
            } else {
                tracing::info!(%route, status, latency_ms, "request completed");
            }
            if let Ok(value) = HeaderValue::from_str(&id) {
                res.headers_mut().insert(HEADER, value);
            }
            Ok(res)
        }
        Err(error) => {
            tracing::warn!(error = %error, "request errored before a response");
            Err(error)
        }
    }
}

/// Answers slower than this are logged as warnings: a healthy read takes a few milliseconds.
const SLOW_REQUEST_MS: f64 = 1000.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_kept_and_others_replaced() {
        assert_eq!(
            accept(&HeaderValue::from_static("abc-123_x.y")),
            Some("abc-123_x.y".into())
        );
        assert_eq!(accept(&HeaderValue::from_static("has space")), None);
        assert_eq!(accept(&HeaderValue::from_static("")), None);
        let long = "a".repeat(129);
        assert_eq!(accept(&HeaderValue::from_str(&long).unwrap()), None);
    }
}
