//! Who is on the other end: client IP (trusting `X-Forwarded-For` only from configured
//! proxies), user agent and request id.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::request_id::RequestId;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Clone, Debug)]
pub struct ClientContext {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl ClientContext {
    /// The IP as a rate-limit subject.
    pub fn ip_key(&self) -> String {
        self.ip
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }

    pub fn ip_string(&self) -> Option<String> {
        self.ip.map(|ip| ip.to_string())
    }
}

/// The client's address: the socket peer, unless the peer is a trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[ipnet::IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|addr| addr.ip());
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    match peer {
        Some(peer) if is_trusted(&peer) => {
            let forwarded: Vec<IpAddr> = req
                .headers()
                .get_all("x-forwarded-for")
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|part| part.trim().parse().ok())
                .collect();
            forwarded
                .iter()
                .rev()
                .find(|ip| !is_trusted(ip))
                .or(forwarded.first())
                .copied()
                .or(Some(peer))
        }
        other => other,
    }
}

impl FromRequest for ClientContext {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let trusted = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.config.http.trusted_proxies.clone())
            .unwrap_or_default();
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(512).collect());
        let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        ready(Ok(Self {
            ip: client_ip(req, &trusted),
            user_agent,
            request_id,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_trusted_only_from_configured_proxies() {
        let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let through_proxy = TestRequest::default()
            .peer_addr("10.1.2.3:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "203.0.113.9, 10.9.9.9"))
            .to_http_request();
        assert_eq!(client_ip(&through_proxy, &proxies), Some(ip("203.0.113.9")));

        // A spoofed left-most entry does not win over the address the proxy saw.
        let spoofed = TestRequest::default()
            .peer_addr("10.1.2.3:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.1.1.1, 198.51.100.7"))
            .to_http_request();
        assert_eq!(client_ip(&spoofed, &proxies), Some(ip("198.51.100.7")));

        let direct = TestRequest::default()
            .peer_addr("198.51.100.20:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.1.1.1"))
            .to_http_request();
        assert_eq!(client_ip(&direct, &proxies), Some(ip("198.51.100.20")));
        assert_eq!(client_ip(&through_proxy, &[]), Some(ip("10.1.2.3")));
    }
}
