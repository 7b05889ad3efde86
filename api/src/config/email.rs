//! Email delivery settings: console or SMTP, sender and TLS.

use clap::{Args, ValueEnum};

use super::Secret;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailDriver {
    /// Log each message, links included (development only).
    Console,
    /// SMTP with STARTTLS or TLS (AWS SES, SendGrid SMTP, any relay).
    Smtp,
    /// SendGrid's HTTP API.
    Sendgrid,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a local mail catcher.
    None,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Email")]
pub struct EmailConfig {
    /// How email is sent.
    #[arg(
        long = "email-driver",
        env = "VIGIL_EMAIL_DRIVER",
        value_enum,
        default_value = "console"
    )]
    pub driver: EmailDriver,

    /// Sender of every message.
    #[arg(
        long = "email-from",
        env = "VIGIL_EMAIL_FROM",
        default_value = "Vigil <no-reply@vigil.localhost>"
    )]
    pub from: String,

    #[arg(
        long = "smtp-host",
        env = "VIGIL_SMTP_HOST",
        default_value = "127.0.0.1"
    )]
    pub smtp_host: String,

    #[arg(long = "smtp-port", env = "VIGIL_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    #[arg(long = "smtp-username", env = "VIGIL_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    #[arg(long = "smtp-password", env = "VIGIL_SMTP_PASSWORD")]
    pub smtp_password: Option<Secret>,

    /// Transport security of the SMTP connection.
    #[arg(
        long = "smtp-tls",
        env = "VIGIL_SMTP_TLS",
        value_enum,
        default_value = "starttls"
    )]
    pub smtp_tls: SmtpTls,

    #[arg(long = "sendgrid-api-key", env = "VIGIL_SENDGRID_API_KEY")]
    pub sendgrid_api_key: Option<Secret>,

    #[arg(
        long = "sendgrid-api-url",
        env = "VIGIL_SENDGRID_API_URL",
        default_value = "https://api.sendgrid.com/v3/mail/send"
    )]
    pub sendgrid_api_url: String,
}
