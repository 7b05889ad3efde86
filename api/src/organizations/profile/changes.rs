//! A change request checked field by field, the address rule, and the before/after of each
//! changed field for the audit trail.

use crate::audit::events::{Changes, FieldChange};
use crate::domain::{Abn, AuState, Email, Fields, Invalid, OrgName, Phone, Postcode, TimeZone};

use crate::organizations::model::Organization;
use crate::organizations::profile::dto::UpdateOrganizationRequest;
use crate::organizations::profile::error::ProfileError;
use crate::organizations::profile::queries::OrganizationChanges;

/// The longest an organisation may make its invitation links last: 7 days.
pub const MAX_INVITATION_TTL_HOURS: i32 = 168;

/// Parses an optional, clearable field: absent → unchanged, null or blank → cleared.
fn clearable<T>(
    fields: &mut Fields,
    name: &str,
    raw: Option<&Option<String>>,
    parse: impl Fn(&str) -> Result<T, String>,
    show: impl Fn(T) -> String,
) -> Option<Option<String>> {
    match raw {
        None => None,
        Some(None) => Some(None),
        Some(Some(value)) if value.trim().is_empty() => Some(None),
        Some(Some(value)) => fields.take(name, parse(value)).map(|v| Some(show(v))),
    }
}

fn text(max: usize, what: &'static str) -> impl Fn(&str) -> Result<String, String> {
    move |raw: &str| {
        let value = raw.trim();
        if value.chars().count() > max {
            Err(format!("{what} must be at most {max} characters."))
        } else if value.chars().any(char::is_control) {
            Err(format!("{what} cannot contain control characters."))
        } else {
            Ok(value.to_owned())
        }
    }
}

pub(super) fn parse(body: &UpdateOrganizationRequest) -> Result<OrganizationChanges, Invalid> {
    let mut f = Fields::new();
    let changes = OrganizationChanges {
        name: body.name.as_deref().and_then(|raw| {
            f.take("name", OrgName::parse(raw))
                .map(|n| n.as_str().to_owned())
        }),
        abn: clearable(&mut f, "abn", body.abn.as_ref(), Abn::parse, |a| {
            a.as_str().to_owned()
        }),
        address_line1: clearable(
            &mut f,
            "address_line1",
            body.address_line1.as_ref(),
            text(200, "Address line 1"),
            |s| s,
        ),
        address_line2: clearable(
            &mut f,
            "address_line2",
            body.address_line2.as_ref(),
            text(200, "Address line 2"),
            |s| s,
        ),
        suburb: clearable(
            &mut f,
            "suburb",
            body.suburb.as_ref(),
            text(100, "Suburb"),
            |s| s,
        ),
        state: clearable(&mut f, "state", body.state.as_ref(), AuState::parse, |s| {
            s.as_str().to_owned()
        }),
        postcode: clearable(
            &mut f,
            "postcode",
            body.postcode.as_ref(),
            Postcode::parse,
            |p| p.as_str().to_owned(),
        ),
        country: body.country.as_deref().and_then(|raw| {
            let code = raw.trim().to_uppercase();
            let valid = code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase());
            let result = if valid {
                Ok(code)
            } else {
                Err("Use a two-letter country code, e.g. AU.".to_owned())
            };
            f.take("country", result)
        }),
        contact_email: clearable(
            &mut f,
            "contact_email",
            body.contact_email.as_ref(),
            Email::parse,
            |e| e.as_str().to_owned(),
        ),
        contact_phone: clearable(
            &mut f,
            "contact_phone",
            body.contact_phone.as_ref(),
            Phone::parse,
            |p| p.as_str().to_owned(),
        ),
        time_zone: body.time_zone.as_deref().and_then(|raw| {
            f.take("time_zone", TimeZone::parse(raw))
                .map(|t| t.as_str().to_owned())
        }),
        invitation_ttl_hours: match body.invitation_ttl_hours {
            Some(Some(hours)) if !(1..=MAX_INVITATION_TTL_HOURS).contains(&hours) => {
                f.add(
                    "invitation_ttl_hours",
                    "Invitation links last from 1 hour to 7 days (168 hours).",
                );
                None
            }
            other => other,
        },
    };
    f.finish(Some(changes))
}

/// The state and postcode after the change must agree (Australian addresses only).
pub(super) fn check_address(
    org: &Organization,
    changes: &OrganizationChanges,
) -> Result<(), ProfileError> {
    let pick = |change: &Option<Option<String>>, current: &Option<String>| match change {
        Some(value) => value.clone(),
        None => current.clone(),
    };
    let country = changes
        .country
        .clone()
        .unwrap_or_else(|| org.country.clone());
    let state = pick(&changes.state, &org.state);
    let postcode = pick(&changes.postcode, &org.postcode);
    if country != "AU" {
        return Ok(());
    }
    if let (Some(state), Some(postcode)) = (state, postcode)
        && let (Ok(state), Ok(postcode)) = (AuState::parse(&state), Postcode::parse(&postcode))
    {
        postcode
            .check_state(state)
            .map_err(ProfileError::PostcodeNotInState)?;
    }
    Ok(())
}

pub(super) fn is_empty(changes: &OrganizationChanges) -> bool {
    changes.name.is_none()
        && changes.abn.is_none()
        && changes.address_line1.is_none()
        && changes.address_line2.is_none()
        && changes.suburb.is_none()
        && changes.state.is_none()
        && changes.postcode.is_none()
        && changes.country.is_none()
        && changes.contact_email.is_none()
        && changes.contact_phone.is_none()
        && changes.time_zone.is_none()
        && changes.invitation_ttl_hours.is_none()
}

/// The changed fields, before and after, for the audit trail.
pub(super) fn diff(before: &Organization, after: &Organization) -> Changes {
    let (tz_before, tz_after) = (
        before.time_zone.as_str().to_owned(),
        after.time_zone.as_str().to_owned(),
    );
    let pairs = [
        ("name", Some(&before.name), Some(&after.name)),
        ("abn", before.abn.as_ref(), after.abn.as_ref()),
        (
            "address_line1",
            before.address_line1.as_ref(),
            after.address_line1.as_ref(),
        ),
        (
            "address_line2",
            before.address_line2.as_ref(),
            after.address_line2.as_ref(),
        ),
        ("suburb", before.suburb.as_ref(), after.suburb.as_ref()),
        ("state", before.state.as_ref(), after.state.as_ref()),
        (
            "postcode",
            before.postcode.as_ref(),
            after.postcode.as_ref(),
        ),
        ("country", Some(&before.country), Some(&after.country)),
        (
            "contact_email",
            before.contact_email.as_ref(),
            after.contact_email.as_ref(),
        ),
        (
            "contact_phone",
            before.contact_phone.as_ref(),
            after.contact_phone.as_ref(),
        ),
        ("time_zone", Some(&tz_before), Some(&tz_after)),
    ];
    let ttl_before = before.invitation_ttl_hours.map(|h| h.to_string());
    let ttl_after = after.invitation_ttl_hours.map(|h| h.to_string());
    let pairs = pairs.into_iter().chain([(
        "invitation_ttl_hours",
        ttl_before.as_ref(),
        ttl_after.as_ref(),
    )]);
    let mut changed = Changes::new();
    for (name, old, new) in pairs {
        FieldChange::note(&mut changed, name, old, new);
    }
    changed
}
