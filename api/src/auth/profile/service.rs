//! The profile rules: every field checked at once; absent fields stay, empty optional fields
//! are cleared.

use crate::auth::profile::dto::UpdateProfileRequest;
use crate::auth::profile::error::ProfileError;
use crate::auth::profile::queries::{self, ProfileChanges};
use crate::domain::{Fields, JobTitle, PersonName, Phone, TimeZone};
use crate::identity::users::{self, User};
use crate::ids::UserId;
use crate::state::AppState;

/// An optional, clearable field: absent → unchanged, empty → cleared, else parsed.
fn clearable<T>(
    fields: &mut Fields,
    name: &str,
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, String>,
    to_string: impl Fn(T) -> String,
) -> Option<Option<String>> {
    match raw.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(value) => fields.take(name, parse(value)).map(|v| Some(to_string(v))),
    }
}

/// Updates the person's profile and answers the account as it now is.
pub(super) async fn update_profile(
    state: &AppState,
    user_id: UserId,
    body: UpdateProfileRequest,
) -> Result<User, ProfileError> {
    let mut fields = Fields::new();
    let mut changes = ProfileChanges {
        first_name: body.first_name.as_deref().and_then(|raw| {
            fields
                .take("first_name", PersonName::parse(raw, "First name"))
                .map(|n| n.as_str().to_owned())
        }),
        last_name: body.last_name.as_deref().and_then(|raw| {
            fields
                .take("last_name", PersonName::parse(raw, "Last name"))
                .map(|n| n.as_str().to_owned())
        }),
        time_zone: body.time_zone.as_deref().and_then(|raw| {
            fields
                .take("time_zone", TimeZone::parse(raw))
                .map(|t| t.as_str().to_owned())
        }),
        ..ProfileChanges::default()
    };
    changes.job_title = clearable(
        &mut fields,
        "job_title",
        body.job_title.as_deref(),
        JobTitle::parse,
        |t| t.as_str().to_owned(),
    );
    changes.phone = clearable(
        &mut fields,
        "phone",
        body.phone.as_deref(),
        Phone::parse,
        |p| p.as_str().to_owned(),
    );
    fields.finish(Some(()))?;

    state
        .db
        .data()
        .global(move |conn| {
            queries::update(conn, user_id, &changes)?;
            users::find(conn, user_id)?.ok_or(ProfileError::AccountNotFound)
        })
        .await
}
