use super::*;

fn branding() -> Branding {
    Branding {
        organization_name: Some("Harbour View <Clinic>".into()),
        brand_colour: Some("#0B6E4F".into()),
        logo_url: None,
    }
}

fn sample(template: Template) -> OutgoingEmail {
    let to = "jane@example.org";
    let link = "http://127.0.0.1:8080/x?token=abc";
    match template {
        Template::VerifyEmail => {
            OutgoingEmail::verify_email(to, "Jane", &branding(), link, "24 hours")
        }
        Template::Welcome => OutgoingEmail::welcome(to, "Jane", &branding(), link),
        Template::PasswordReset => {
            OutgoingEmail::password_reset(to, "Jane", &branding(), link, "1 hour")
        }
        Template::PasswordChanged => {
            OutgoingEmail::password_changed(to, "Jane", &branding(), "24 Nov 2026 10:00 AEDT", link)
        }
        Template::SignupAttempt => {
            OutgoingEmail::signup_attempt(to, "Jane", "Someone Else Pty Ltd", link)
        }
        Template::Invitation => OutgoingEmail::invitation(
            to,
            &branding(),
            &InvitationDetails {
                inviter_name: "Jane Citizen",
                role_text: "a member",
                expires_at: "Wed 25 Nov 2026, 3:00 PM AEDT",
                access_until: Some("Mon 30 Nov 2026, 5:00 PM AEDT"),
            },
            link,
        ),
        Template::NewSignIn => OutgoingEmail::new_sign_in(
            to,
            "Jane",
            "Firefox on Linux",
            "203.0.113.9",
            "Tue 24 Nov 2026, 9:00 AM AEDT",
            link,
        ),
        Template::AccountLocked => OutgoingEmail::account_locked(
            to,
            "Jane",
            "from 203.0.113.9",
            "Tue 24 Nov 2026, 9:15 AM AEDT",
            link,
        ),
        Template::EmailChange => OutgoingEmail::email_change(to, "Jane", link, "24 hours"),
        Template::MfaFailures => OutgoingEmail::mfa_failures(
            to,
            "Jane",
            3,
            "203.0.113.9",
            "Tue 24 Nov 2026, 9:15 AM AEDT",
            link,
        ),
        Template::EmailChangeRequested => {
            OutgoingEmail::email_change_requested(to, "Jane", "new@example.org", link)
        }
        Template::InvitationAccepted => OutgoingEmail::invitation_accepted(
            to,
            "Jane",
            &branding(),
            "Sam Locum",
            "sam@example.org",
            "a viewer",
            link,
        ),
    }
}

#[test]
fn every_template_renders_subject_text_and_html() {
    for template in Template::ALL {
        let rendered = sample(template).render().unwrap_or_else(|e| {
            panic!("{template:?} does not render: {e:#}");
        });
        assert!(!rendered.subject.is_empty() && !rendered.subject.contains('\n'));
        assert!(rendered.text.contains("Jane"), "{template:?} text");
        assert!(rendered.html.contains("Jane"), "{template:?} html");
        if template == Template::Invitation {
            assert!(rendered.text.contains("Wed 25 Nov 2026, 3:00 PM AEDT"));
            assert!(rendered.text.contains("as a member"));
            assert!(rendered.text.contains("Your access will end on Mon 30 Nov"));
        }
        assert!(rendered.text.contains("http://127.0.0.1:8080/x?token=abc"));
        assert!(rendered.html.contains("<!doctype html>"));
        let branded = !matches!(
            template,
            Template::SignupAttempt
                | Template::NewSignIn
                | Template::AccountLocked
                | Template::EmailChange
                | Template::EmailChangeRequested
                | Template::MfaFailures
        );
        if branded {
            // Branded with the organisation; HTML-escaped in HTML only.
            assert!(
                rendered.html.contains("Harbour View &lt;Clinic&gt;"),
                "{template:?}"
            );
            assert!(rendered.html.contains("#0B6E4F"), "{template:?}");
            assert!(
                !rendered.html.contains("<Clinic>"),
                "{template:?} not escaped"
            );
        }
    }
}

#[test]
fn a_missing_value_fails_instead_of_rendering_blank() {
    let mut email = sample(Template::VerifyEmail);
    email.context.remove("link");
    assert!(email.render().is_err());
}

#[test]
fn outgoing_emails_round_trip_through_json() {
    let email = sample(Template::PasswordReset);
    let json = serde_json::to_value(&email).unwrap();
    assert_eq!(json["template"], "password_reset");
    let back: OutgoingEmail = serde_json::from_value(json).unwrap();
    assert_eq!(
        back.render().unwrap().subject,
        email.render().unwrap().subject
    );
}
