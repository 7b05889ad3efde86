//! Transactional email: templates (subject, text and HTML per message, compiled into the binary)
//! and the drivers that send them (console, SMTP, SendGrid). Emails are never sent inside a
//! request: handlers enqueue an [`OutgoingEmail`] job and the worker renders and sends it.

mod drivers;

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::domain::TimeZone;

/// A time as people in the organisation read it, e.g. "Wed 25 Nov 2026, 3:00 PM AEDT".
pub fn local_time(at: chrono::DateTime<chrono::Utc>, time_zone: TimeZone) -> String {
    at.with_timezone(&time_zone.tz())
        .format("%a %-d %b %Y, %-I:%M %p %Z")
        .to_string()
}

pub use drivers::Mailer;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        [$(
            (concat!($name, ".subject"), include_str!(concat!("templates/", $name, ".subject"))),
            (concat!($name, ".txt"), include_str!(concat!("templates/", $name, ".txt"))),
            (concat!($name, ".html"), include_str!(concat!("templates/", $name, ".html"))),
        )*]
    };
}

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // A missing value is a bug in the code that built the context: fail, don't send blanks.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let parts = [
        ("layout.html", include_str!("templates/layout.html")),
        ("button.html", include_str!("templates/button.html")),
    ];
    let messages = templates!(
        "verify_email",
        "welcome",
        "password_reset",
        "password_changed",
        "signup_attempt",
        "invitation",
        "invitation_accepted",
        "new_sign_in",
        "account_locked",
        "email_change",
        "email_change_requested",
        "mfa_failures",
    );
    for (name, source) in parts.into_iter().chain(messages) {
        if let Err(error) = env.add_template(name, source) {
            tracing::error!(%name, %error, "email template does not compile");
        }
    }
    env
});

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    VerifyEmail,
    Welcome,
    PasswordReset,
    PasswordChanged,
    SignupAttempt,
    Invitation,
    InvitationAccepted,
    NewSignIn,
    AccountLocked,
    EmailChange,
    EmailChangeRequested,
    MfaFailures,
}

impl Template {
    pub const ALL: [Template; 12] = [
        Template::VerifyEmail,
        Template::Welcome,
        Template::PasswordReset,
        Template::PasswordChanged,
        Template::SignupAttempt,
        Template::Invitation,
        Template::InvitationAccepted,
        Template::NewSignIn,
        Template::AccountLocked,
        Template::EmailChange,
        Template::EmailChangeRequested,
        Template::MfaFailures,
    ];

    fn name(self) -> &'static str {
        match self {
            Template::VerifyEmail => "verify_email",
            Template::Welcome => "welcome",
            Template::PasswordReset => "password_reset",
            Template::PasswordChanged => "password_changed",
            Template::SignupAttempt => "signup_attempt",
            Template::Invitation => "invitation",
            Template::InvitationAccepted => "invitation_accepted",
            Template::NewSignIn => "new_sign_in",
            Template::AccountLocked => "account_locked",
            Template::EmailChange => "email_change",
            Template::EmailChangeRequested => "email_change_requested",
            Template::MfaFailures => "mfa_failures",
        }
    }
}

/// How a message is branded: the organisation it is about.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct Branding {
    pub organization_name: Option<String>,
    pub brand_colour: Option<String>,
    pub logo_url: Option<String>,
}

/// A message waiting in the outbox. `context` may hold a token-bearing link: the worker
/// clears it once sent.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct OutgoingEmail {
    pub to: String,
    pub template: Template,
    pub context: Map<String, Value>,
}

/// What an invitation email says.
pub struct InvitationDetails<'a> {
    pub inviter_name: &'a str,
    /// "an administrator", "a member", ...
    pub role_text: &'a str,
    pub expires_at: &'a str,
    pub access_until: Option<&'a str>,
}

/// A rendered message, ready for a driver.
#[derive(Clone, Debug)]
pub struct RenderedEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn context(branding: &Branding, first_name: &str, extra: Value) -> Map<String, Value> {
    let mut map = match json!({
        "organization_name": branding.organization_name,
        "brand_colour": branding.brand_colour,
        "logo_url": branding.logo_url,
        "first_name": first_name,
    }) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Value::Object(extra) = extra {
        map.extend(extra);
    }
    map
}

impl OutgoingEmail {
    fn new(to: &str, template: Template, context: Map<String, Value>) -> Self {
        Self {
            to: to.to_owned(),
            template,
            context,
        }
    }

    pub fn verify_email(
        to: &str,
        first_name: &str,
        branding: &Branding,
        link: &str,
        expires_in: &str,
    ) -> Self {
        let extra = json!({ "link": link, "expires_in": expires_in });
        Self::new(
            to,
            Template::VerifyEmail,
            context(branding, first_name, extra),
        )
    }

    pub fn welcome(to: &str, first_name: &str, branding: &Branding, sign_in_link: &str) -> Self {
        let extra = json!({ "link": sign_in_link });
        Self::new(to, Template::Welcome, context(branding, first_name, extra))
    }

    pub fn password_reset(
        to: &str,
        first_name: &str,
        branding: &Branding,
        link: &str,
        expires_in: &str,
    ) -> Self {
        let extra = json!({ "link": link, "expires_in": expires_in });
        Self::new(
            to,
            Template::PasswordReset,
            context(branding, first_name, extra),
        )
    }

    pub fn password_changed(
        to: &str,
        first_name: &str,
        branding: &Branding,
        changed_at: &str,
        reset_link: &str,
    ) -> Self {
        let extra = json!({ "changed_at": changed_at, "link": reset_link });
        Self::new(
            to,
            Template::PasswordChanged,
            context(branding, first_name, extra),
        )
    }

    pub fn signup_attempt(
        to: &str,
        first_name: &str,
        attempted_organization_name: &str,
        reset_link: &str,
    ) -> Self {
        let extra = json!({
            "attempted_organization_name": attempted_organization_name,
            "link": reset_link,
        });
        Self::new(
            to,
            Template::SignupAttempt,
            context(&Branding::default(), first_name, extra),
        )
    }

    /// An invitation to join an organisation. `expires_at` and `access_until` are already
    /// formatted in the organisation's time zone.
    pub fn invitation(
        to: &str,
        branding: &Branding,
        invitation: &InvitationDetails<'_>,
        link: &str,
    ) -> Self {
        let mut context = context(branding, "", Value::Null);
        context.remove("first_name");
        context.extend([
            ("inviter_name".to_owned(), json!(invitation.inviter_name)),
            ("role_text".to_owned(), json!(invitation.role_text)),
            ("expires_at".to_owned(), json!(invitation.expires_at)),
            ("access_until".to_owned(), json!(invitation.access_until)),
            ("link".to_owned(), json!(link)),
        ]);
        Self::new(to, Template::Invitation, context)
    }

    /// Tells the inviter that their invitation was accepted.
    pub fn invitation_accepted(
        to: &str,
        first_name: &str,
        branding: &Branding,
        invitee_name: &str,
        invitee_email: &str,
        role_text: &str,
        link: &str,
    ) -> Self {
        let extra = json!({
            "invitee_name": invitee_name,
            "invitee_email": invitee_email,
            "role_text": role_text,
            "link": link,
        });
        Self::new(
            to,
            Template::InvitationAccepted,
            context(branding, first_name, extra),
        )
    }

    /// A sign-in from a new device or network, with a "this wasn't me" link.
    pub fn new_sign_in(
        to: &str,
        first_name: &str,
        device: &str,
        ip: &str,
        signed_in_at: &str,
        not_me_link: &str,
    ) -> Self {
        let extra = json!({
            "device": device, "ip": ip, "signed_in_at": signed_in_at, "link": not_me_link,
        });
        Self::new(
            to,
            Template::NewSignIn,
            context(&Branding::default(), first_name, extra),
        )
    }

    /// Sign-in was paused after failures; carries a single-use unlock link.
    pub fn account_locked(
        to: &str,
        first_name: &str,
        scope: &str,
        locked_until: &str,
        unlock_link: &str,
    ) -> Self {
        let extra = json!({ "scope": scope, "locked_until": locked_until, "link": unlock_link });
        Self::new(
            to,
            Template::AccountLocked,
            context(&Branding::default(), first_name, extra),
        )
    }

    /// Sent to the new address of an email change, to confirm it.
    pub fn email_change(to: &str, first_name: &str, link: &str, expires_in: &str) -> Self {
        let extra = json!({ "link": link, "expires_in": expires_in });
        Self::new(
            to,
            Template::EmailChange,
            context(&Branding::default(), first_name, extra),
        )
    }

    /// Sent to the old address when an email change is requested.
    pub fn email_change_requested(
        to: &str,
        first_name: &str,
        new_email: &str,
        reset_link: &str,
    ) -> Self {
        let extra = json!({ "new_email": new_email, "link": reset_link });
        Self::new(
            to,
            Template::EmailChangeRequested,
            context(&Branding::default(), first_name, extra),
        )
    }

    /// The password was right but several second-factor codes in a row were wrong.
    pub fn mfa_failures(
        to: &str,
        first_name: &str,
        failures: i64,
        ip: &str,
        attempted_at: &str,
        reset_link: &str,
    ) -> Self {
        let extra = json!({
            "failures": failures, "ip": ip, "attempted_at": attempted_at, "link": reset_link,
        });
        Self::new(
            to,
            Template::MfaFailures,
            context(&Branding::default(), first_name, extra),
        )
    }

    pub fn render(&self) -> anyhow::Result<RenderedEmail> {
        let name = self.template.name();
        let render = |part: &str| -> anyhow::Result<String> {
            let template = TEMPLATES.get_template(&format!("{name}.{part}"))?;
            Ok(template.render(minijinja::value::Serde(&self.context))?)
        };
        Ok(RenderedEmail {
            to: self.to.clone(),
            subject: render("subject")?.trim().to_owned(),
            text: render("txt")?,
            html: render("html")?,
        })
    }
}

#[cfg(test)]
mod tests;
