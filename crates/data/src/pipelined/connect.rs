//! How the pipelined connections reach PostgreSQL: the libpq URL the pool uses, read into
//! tokio-postgres's settings, with TLS by rustls as libpq's `sslmode` asks for it.
//!
//! - `disable`: no TLS. `prefer` (libpq's default): TLS when the server offers it.
//! - `prefer`, `require`: encrypted; the certificate is checked against `sslrootcert` when one
//!   is named, as libpq does, and otherwise not at all.
//! - `verify-ca`: the certificate must chain to `sslrootcert` (or the system's roots).
//! - `verify-full`: that, and it must name the host.
//!
//! As with libpq, `PGSSLMODE` and `PGSSLROOTCERT` apply when the URL names no `sslmode` or
//! `sslrootcert` (the container image sets them, docs/deploy-azure.md §3.5).

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres::config::SslMode;

/// libpq settings with no counterpart here: refused rather than silently dropped.
const UNSUPPORTED_KEYS: [&str; 5] = ["sslcert", "sslkey", "sslpassword", "sslcrl", "sslcrldir"];

/// Why a database URL cannot be used for pipelined connections.
#[derive(Debug, thiserror::Error)]
pub enum ConnectConfigError {
    #[error("the database URL is not a valid URL")]
    Url(#[source] url::ParseError),
    #[error("the database URL's `{0}` is not supported")]
    Unsupported(String),
    #[error(
        "the database URL's sslmode `{0}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
    )]
    SslMode(String),
    #[error("the database URL is not accepted by the PostgreSQL client")]
    Client(#[source] tokio_postgres::Error),
    #[error("the certificates of sslrootcert cannot be read")]
    RootCert(#[source] rustls::pki_types::pem::Error),
    #[error("TLS cannot be set up")]
    Tls(#[source] rustls::Error),
}

/// Everything needed to open a pipelined connection.
#[derive(Clone)]
pub(crate) struct ConnectConfig {
    pub(crate) postgres: tokio_postgres::Config,
    pub(crate) tls: tokio_postgres_rustls::MakeRustlsConnect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verify {
    Nothing,
    Chain,
    ChainAndHost,
}

impl ConnectConfig {
    /// Reads `url` (a libpq URL, as the pool's); connections carry `statement_timeout_ms` and
    /// give up connecting after `connect_timeout`.
    pub(crate) fn from_url(
        url: &str,
        statement_timeout_ms: u64,
        connect_timeout: Duration,
    ) -> Result<Self, ConnectConfigError> {
        Self::from_url_and_env(url, statement_timeout_ms, connect_timeout, |name| {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        })
    }

    fn from_url_and_env(
        url: &str,
        statement_timeout_ms: u64,
        connect_timeout: Duration,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConnectConfigError> {
        let mut parsed = url::Url::parse(url).map_err(ConnectConfigError::Url)?;
        let mut sslmode = None;
        let mut root_cert = None;
        // The query as libpq reads it: percent-decoded, a `+` being a plus (not form
        // encoding); the pairs kept are passed on exactly as written.
        let query = parsed.query().unwrap_or_default().to_owned();
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |raw: &str| percent_decode_str(raw).decode_utf8_lossy().into_owned();
            match decode(key).as_str() {
                "sslmode" => sslmode = Some(decode(value)),
                "sslrootcert" => root_cert = Some(decode(value)),
                key if UNSUPPORTED_KEYS.contains(&key) => {
                    return Err(ConnectConfigError::Unsupported(key.to_owned()));
                }
                _ => kept.push(pair),
            }
        }
        let sslmode = sslmode.or_else(|| env("PGSSLMODE"));
        let root_cert = root_cert.or_else(|| env("PGSSLROOTCERT"));
        parsed.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
        let mut postgres = tokio_postgres::Config::from_str(parsed.as_str())
            .map_err(ConnectConfigError::Client)?;
        let (mode, verify) = match sslmode.as_deref().unwrap_or("prefer") {
            "disable" => (SslMode::Disable, Verify::Nothing),
            // libpq's `allow` tries without TLS first; TLS when offered is the safer reading.
            "allow" | "prefer" => (SslMode::Prefer, chain_if(root_cert.is_some())),
            "require" => (SslMode::Require, chain_if(root_cert.is_some())),
            "verify-ca" => (SslMode::Require, Verify::Chain),
            "verify-full" => (SslMode::Require, Verify::ChainAndHost),
            other => return Err(ConnectConfigError::SslMode(other.to_owned())),
        };
        // Constant for every statement on the connection, so set once for its session (after
        // any options of the URL's own).
        let timeout = format!("-c statement_timeout={statement_timeout_ms}");
        let options = match postgres.get_options() {
            Some(own) => format!("{own} {timeout}"),
            None => timeout,
        };
        postgres
            .ssl_mode(mode)
            .application_name("vigil")
            .connect_timeout(connect_timeout)
            .options(options);
        let tls = tls_config(verify, root_cert.as_deref())?;
        Ok(Self {
            postgres,
            tls: tokio_postgres_rustls::MakeRustlsConnect::new(tls),
        })
    }
}

fn chain_if(root_cert: bool) -> Verify {
    if root_cert {
        Verify::Chain
    } else {
        Verify::Nothing
    }
}

fn tls_config(
    verify: Verify,
    root_cert: Option<&str>,
) -> Result<rustls::ClientConfig, ConnectConfigError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = match (verify, root_cert) {
        (Verify::Nothing, _) => Arc::new(Unverified(algorithms)),
        (_, None | Some("system")) => Arc::new(
            rustls_platform_verifier::Verifier::new(provider.clone())
                .map_err(ConnectConfigError::Tls)?,
        ),
        (_, Some(path)) => {
            let mut roots = RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(path).map_err(ConnectConfigError::RootCert)? {
                roots
                    .add(cert.map_err(ConnectConfigError::RootCert)?)
                    .map_err(ConnectConfigError::Tls)?;
            }
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| ConnectConfigError::Tls(rustls::Error::General(e.to_string())))?
        }
    };
    let verifier = if verify == Verify::Chain {
        Arc::new(ChainOnly(verifier))
    } else {
        verifier
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(ConnectConfigError::Tls)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// `prefer` and `require` without a root certificate: encrypted, the server unauthenticated
/// (libpq's meaning). The handshake's signatures are still checked.
#[derive(Debug)]
struct Unverified(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `verify-ca`: the chain is checked, the name in the certificate is not.
#[derive(Debug)]
struct ChainOnly(Arc<dyn ServerCertVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(url: &str) -> Result<ConnectConfig, ConnectConfigError> {
        ConnectConfig::from_url_and_env(url, 15_000, Duration::from_secs(5), |_| None)
    }

    #[test]
    fn libpqs_environment_applies_where_the_url_is_silent() {
        let env = |name: &str| match name {
            "PGSSLMODE" => Some("disable".to_owned()),
            "PGSSLROOTCERT" => Some("/nonexistent/root.crt".to_owned()),
            _ => None,
        };
        let mode = |url: &str| {
            ConnectConfig::from_url_and_env(url, 1, Duration::from_secs(1), env)
                .map(|c| c.postgres.get_ssl_mode())
        };
        // `disable` from the environment: no certificate is read.
        assert_eq!(mode("postgres://u@h/d").ok(), Some(SslMode::Disable));
        // The URL's mode wins, and the environment's root certificate is then needed.
        assert!(matches!(
            mode("postgres://u@h/d?sslmode=verify-full"),
            Err(ConnectConfigError::RootCert(_))
        ));
    }

    #[test]
    fn libpq_sslmodes_become_the_clients() {
        let mode = |url: &str| read(url).map(|c| c.postgres.get_ssl_mode());
        assert_eq!(
            mode("postgres://u:p@127.0.0.1:5432/d?sslmode=disable").ok(),
            Some(SslMode::Disable)
        );
        assert_eq!(mode("postgres://u@h/d").ok(), Some(SslMode::Prefer));
        for strict in ["require", "verify-ca", "verify-full"] {
            assert_eq!(
                mode(&format!("postgres://u@h/d?sslmode={strict}")).ok(),
                Some(SslMode::Require),
                "{strict}"
            );
        }
        assert!(matches!(
            mode("postgres://u@h/d?sslmode=sometimes"),
            Err(ConnectConfigError::SslMode(m)) if m == "sometimes"
        ));
    }

    #[test]
    fn the_rest_of_the_url_is_kept_and_the_session_settings_added() {
        let config = read(
            "postgres://vigil_app:secret@127.0.0.1:6543/vigil?sslmode=disable&connect_timeout=3",
        )
        .map(|c| c.postgres);
        let Ok(config) = config else {
            panic!("not read");
        };
        assert_eq!(config.get_user(), Some("vigil_app"));
        assert_eq!(config.get_password(), Some(&b"secret"[..]));
        assert_eq!(config.get_dbname(), Some("vigil"));
        assert_eq!(config.get_ports(), &[6543]);
        assert_eq!(config.get_application_name(), Some("vigil"));
        assert_eq!(config.get_options(), Some("-c statement_timeout=15000"));
    }

    #[test]
    fn the_urls_own_options_are_kept() {
        let config = read("postgres://u@h/d?options=-c%20search_path%3Dpublic&application_name=a+b&sslmode=disable")
            .map(|c| c.postgres);
        let Ok(config) = config else {
            panic!("not read");
        };
        assert_eq!(
            config.get_options(),
            Some("-c search_path=public -c statement_timeout=15000")
        );
        // Ours replaces the URL's name; a `+` would have stayed a plus (libpq's reading).
        assert_eq!(config.get_application_name(), Some("vigil"));
        assert_eq!(config.get_ssl_mode(), SslMode::Disable);
    }

    #[test]
    fn client_certificates_are_refused_not_ignored() {
        assert!(matches!(
            read("postgres://u@h/d?sslmode=verify-full&sslcert=/c.pem&sslkey=/k.pem"),
            Err(ConnectConfigError::Unsupported(key)) if key == "sslcert"
        ));
    }

    #[test]
    fn a_missing_root_certificate_file_is_an_error() {
        assert!(matches!(
            read("postgres://u@h/d?sslmode=verify-ca&sslrootcert=/nonexistent/root.crt"),
            Err(ConnectConfigError::RootCert(_))
        ));
    }
}
