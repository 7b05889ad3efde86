//! Passkeys (WebAuthn): the relying party built from configuration, the ceremonies kept between
//! a challenge and its answer, and the stored credentials. The account feature registers and
//! removes them; sign-in uses them as the second factor or on their own.

pub mod ceremonies;
pub mod credentials;

use url::{Host, Url};
use vigil_core::problem_code::ProblemCode;
use webauthn_rs::prelude::{Webauthn, WebauthnBuilder, WebauthnError};

use crate::config::HttpConfig;
use crate::error::AppError;

/// The relying party: the domain passkeys are bound to (`rp_id`, by default the public URL's
/// host, or `localhost` when that is an IP address, which WebAuthn does not allow) and the
/// allowed origins (the public URL and the extra origins on that domain). `None` when no
/// origin is on the domain: passkeys are then unavailable, and the server says so.
pub fn relying_party(http: &HttpConfig, rp_id: Option<&str>) -> anyhow::Result<Option<Webauthn>> {
    let public = Url::parse(&http.public_url)?;
    let rp_id = match (rp_id, public.host()) {
        (Some(id), _) => id.trim().to_ascii_lowercase(),
        (None, Some(Host::Domain(domain))) => domain.to_ascii_lowercase(),
        (None, _) => "localhost".to_owned(),
    };
    let on_domain = |url: &Url| {
        matches!(url.host(), Some(Host::Domain(d))
            if d.eq_ignore_ascii_case(&rp_id) || d.to_ascii_lowercase().ends_with(&format!(".{rp_id}")))
    };
    let mut origins = std::iter::once(http.public_url.as_str())
        .chain(http.extra_origins.iter().map(String::as_str))
        .filter_map(|origin| Url::parse(origin.trim()).ok())
        .filter(on_domain);
    let Some(first) = origins.next() else {
        tracing::warn!(
            rp_id,
            "passkeys are unavailable: neither the public URL nor an extra origin is on the relying-party domain"
        );
        return Ok(None);
    };
    let mut builder = WebauthnBuilder::new(&rp_id, &first)
        .map_err(|e| anyhow::anyhow!("passkey relying party {rp_id:?} for {first}: {e}"))?
        .rp_name("Vigil");
    for origin in origins {
        builder = builder.append_allowed_origin(&origin);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| anyhow::anyhow!("passkey relying party {rp_id:?}: {e}"))
}

/// Passkeys asked for on a server whose origins are not on the relying-party domain.
#[derive(Debug, thiserror::Error)]
#[error(
    "Passkeys are not available on this server (its address is not on the passkey domain, VIGIL_WEBAUTHN_RP_ID). Ask your administrator."
)]
pub struct PasskeysUnavailable;

impl From<PasskeysUnavailable> for AppError {
    fn from(error: PasskeysUnavailable) -> Self {
        AppError::ServiceUnavailable {
            code: ProblemCode::PasskeysUnavailable,
            detail: error.to_string(),
        }
    }
}

/// A passkey answer the library refused (wrong origin, wrong challenge, no user verification,
/// a counter that went back): logged with its reason, answered with one message.
pub fn refused(error: &WebauthnError) {
    tracing::info!(%error, "passkey answer refused");
}
