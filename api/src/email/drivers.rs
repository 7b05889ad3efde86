//! Sending rendered email: console (development), SMTP (lettre) or SendGrid's HTTP API.

use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::json;

use super::RenderedEmail;
use crate::config::{EmailConfig, EmailDriver, SmtpTls};

#[derive(Clone)]
enum Driver {
    Console,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Sendgrid {
        client: reqwest::Client,
        url: String,
        api_key: String,
    },
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    driver: Driver,
}

impl Mailer {
    pub fn from_config(config: &EmailConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .from
            .parse()
            .with_context(|| format!("VIGIL_EMAIL_FROM is not a valid mailbox: {}", config.from))?;
        let driver = match config.driver {
            EmailDriver::Console => Driver::Console,
            EmailDriver::Smtp => {
                let host = config.smtp_host.as_str();
                let builder = match config.smtp_tls {
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                };
                let mut builder = builder
                    .port(config.smtp_port)
                    .timeout(Some(Duration::from_secs(15)));
                if let (Some(user), Some(password)) = (&config.smtp_username, &config.smtp_password)
                {
                    builder = builder
                        .credentials(Credentials::new(user.clone(), password.expose().to_owned()));
                }
                Driver::Smtp(builder.build())
            }
            EmailDriver::Sendgrid => {
                let api_key = config
                    .sendgrid_api_key
                    .as_ref()
                    .context("VIGIL_SENDGRID_API_KEY is required with the sendgrid driver")?
                    .expose()
                    .to_owned();
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(15))
                    .build()?;
                Driver::Sendgrid {
                    client,
                    url: config.sendgrid_api_url.clone(),
                    api_key,
                }
            }
        };
        Ok(Self { from, driver })
    }

    pub async fn send(&self, email: &RenderedEmail) -> anyhow::Result<()> {
        match &self.driver {
            Driver::Console => {
                // Development only: the point is to see the links (see README).
                tracing::info!(
                    target: "vigil::email::console",
                    to = %email.to,
                    subject = %email.subject,
                    "email (console driver, not sent)\n{}",
                    email.text
                );
                Ok(())
            }
            Driver::Smtp(transport) => {
                let to: Mailbox = email
                    .to
                    .parse()
                    .with_context(|| "recipient is not a valid address")?;
                let message = Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(&email.subject)
                    .multipart(MultiPart::alternative_plain_html(
                        email.text.clone(),
                        email.html.clone(),
                    ))?;
                transport
                    .send(message)
                    .await
                    .context("SMTP delivery failed")?;
                Ok(())
            }
            Driver::Sendgrid {
                client,
                url,
                api_key,
            } => {
                let from = match &self.from.name {
                    Some(name) => json!({ "email": self.from.email.to_string(), "name": name }),
                    None => json!({ "email": self.from.email.to_string() }),
                };
                let body = json!({
                    "personalizations": [{ "to": [{ "email": email.to }] }],
                    "from": from,
                    "subject": email.subject,
                    "content": [
                        { "type": "text/plain", "value": email.text },
                        { "type": "text/html", "value": email.html },
                    ],
                    // Links carry single-use tokens: click tracking would rewrite and expose them.
                    "tracking_settings": { "click_tracking": { "enable": false, "enable_text": false } },
                });
                let response = client
                    .post(url)
                    .bearer_auth(api_key)
                    .json(&body)
                    .send()
                    .await
                    .context("SendGrid request failed")?;
                let status = response.status();
                anyhow::ensure!(
                    status.is_success(),
                    "SendGrid answered {status}: {}",
                    response.text().await.unwrap_or_default()
                );
                Ok(())
            }
        }
    }
}
