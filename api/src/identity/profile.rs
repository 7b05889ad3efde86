//! The signed-in person's own profile.

use actix_web::{HttpResponse, patch, web};
use chrono::Utc;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::users::{self, UserResponse};
use crate::domain::{Fields, JobTitle, PersonName, Phone, TimeZone};
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;
use vigil_data::schema::users as users_table;

/// Fields to change; absent fields stay as they are. An empty `job_title` or `phone` clears it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    /// IANA time zone, e.g. Australia/Perth
    pub time_zone: Option<String>,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = users_table)]
struct ProfileChanges {
    first_name: Option<String>,
    last_name: Option<String>,
    job_title: Option<Option<String>>,
    phone: Option<Option<String>>,
    time_zone: Option<String>,
}

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

/// Updates the signed-in person's profile (user profile setup during onboarding).
#[utoipa::path(
    tag = "me",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "The updated profile", body = UserResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/api/v1/me")]
pub(crate) async fn update_me(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<UpdateProfileRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
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

    let user_id = auth.user_id();
    let user = state
        .db
        .global(move |conn| {
            let nothing_to_change = changes.first_name.is_none()
                && changes.last_name.is_none()
                && changes.job_title.is_none()
                && changes.phone.is_none()
                && changes.time_zone.is_none();
            if !nothing_to_change {
                diesel::update(users_table::table.find(user_id.into_uuid()))
                    .set((&changes, users_table::updated_at.eq(Utc::now())))
                    .execute(conn)?;
            }
            users::find(conn, user_id)?.ok_or_else(|| AppError::not_found("The account"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(&user)))
}
