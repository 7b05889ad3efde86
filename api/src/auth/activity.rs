//! Sign-in attempts and security events: recorded for every account, shown to its owner, and
//! used to spot new devices and credential stuffing.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Bool, Text, Uuid as SqlUuid};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::problem::responses;
use crate::identity::users;
use crate::ids::UserId;
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::{blocked_ips, login_attempts, security_events};
use vigil_data::{TenantContext, enter_tenant};

pub use vigil_core::sign_in::Outcome;

/// "Firefox 120 on Linux", from a user agent.
pub fn device_name(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|a| !a.is_empty()) else {
        return "Unknown device".into();
    };
    match woothee::parser::Parser::new().parse(agent) {
        Some(result) if result.name != "UNKNOWN" => {
            let os = if result.os == "UNKNOWN" {
                String::new()
            } else {
                format!(" on {}", os_name(result.os))
            };
            let version = result.version.split('.').next().unwrap_or_default();
            if version.is_empty() || version == "UNKNOWN" {
                format!("{}{os}", result.name)
            } else {
                format!("{} {version}{os}", result.name)
            }
        }
        _ => agent.chars().take(60).collect(),
    }
}

/// Woothee's operating system names as people know them. Windows 11 sends the same user agent
/// as Windows 10, so both are "Windows"; an iPad says it is iPadOS only since iPadOS 13.
fn os_name(woothee: &str) -> &str {
    match woothee {
        "Mac OSX" => "macOS",
        "Mac OS Classic" => "Mac OS",
        "iPhone" | "iPod" => "iOS",
        "iPad" => "iPadOS",
        "Windows 10" | "Windows UNKNOWN Ver" => "Windows",
        "Windows Phone OS" => "Windows Phone",
        other => other,
    }
}

/// Records an attempt (in its own transaction: refused attempts are recorded too).
pub fn record_attempt(
    conn: &mut PgConnection,
    user_id: Option<UserId>,
    email: &str,
    client: &ClientContext,
    outcome: Outcome,
) -> QueryResult<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::id.eq(Uuid::new_v4()),
            login_attempts::user_id.eq(user_id),
            login_attempts::email.eq(email.to_lowercase().chars().take(254).collect::<String>()),
            login_attempts::ip.eq(client.ip_string()),
            login_attempts::user_agent.eq(&client.user_agent),
            login_attempts::device.eq(device_name(client.user_agent.as_deref())),
            login_attempts::outcome.eq(outcome.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a security-relevant change to an account.
pub fn record_event(
    conn: &mut PgConnection,
    user_id: UserId,
    kind: &'static str,
    client: &ClientContext,
    details: serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(security_events::table)
        .values((
            security_events::id.eq(Uuid::new_v4()),
            security_events::user_id.eq(user_id),
            security_events::kind.eq(kind),
            security_events::ip.eq(client.ip_string()),
            security_events::user_agent.eq(&client.user_agent),
            security_events::details.eq(details),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records `action`, taken by the person on their own account, in the audit log of every
/// organisation they can open now: how members prove who they are is each one's concern. Call
/// it last in a transaction: it leaves the last organisation's context set.
pub fn audit_in_each_organisation(
    conn: &mut PgConnection,
    user_id: UserId,
    action: &AuditAction,
    client: &ClientContext,
) -> QueryResult<()> {
    let now = Utc::now();
    for access in users::member_access(conn, user_id)? {
        if !access.is_usable(now) {
            continue;
        }
        enter_tenant(conn, TenantContext::new(access.org_id, Some(user_id)))?;
        audit::record(
            conn,
            &AuditEvent::new(access.org_id, Some(user_id), action.clone()).target("user", user_id),
            client,
        )?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    value: bool,
}

/// Whether this sign-in comes from a network (/24, /48) and device not used for a successful
/// sign-in within `days` days. The very first sign-in of an account is not "new".
pub fn is_new_device(
    conn: &mut PgConnection,
    user_id: UserId,
    client: &ClientContext,
    days: i64,
) -> QueryResult<bool> {
    let Some(ip) = client.ip_string() else {
        return Ok(false);
    };
    let flag: Flag = vigil_data::prepared(
        "SELECT EXISTS (SELECT 1 FROM login_attempts WHERE user_id = $1 AND outcome = 'success')
           AND NOT EXISTS (
             SELECT 1 FROM login_attempts
             WHERE user_id = $1 AND outcome = 'success' AND device = $2
               AND created_at > now() - make_interval(days => $4)
               AND network(set_masklen(ip::inet, CASE WHEN family(ip::inet) = 4 THEN 24 ELSE 48 END))
                 = network(set_masklen($3::inet, CASE WHEN family($3::inet) = 4 THEN 24 ELSE 48 END))
           ) AS value",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<Text, _>(device_name(client.user_agent.as_deref()))
    .bind::<Text, _>(ip)
    .bind::<diesel::sql_types::Integer, _>(i32::try_from(days).unwrap_or(90))
    .get_result(conn)?;
    Ok(flag.value)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Blocks the IP when it failed on too many different accounts within the window (credential
/// stuffing). Returns whether it is (now) blocked.
pub fn check_stuffing(
    conn: &mut PgConnection,
    client: &ClientContext,
    threshold: i64,
    window_minutes: i64,
    block_minutes: i64,
) -> QueryResult<bool> {
    let Some(ip) = client.ip_string() else {
        return Ok(false);
    };
    let accounts: Count = vigil_data::prepared(
        "SELECT count(DISTINCT email) AS n FROM login_attempts
         WHERE ip = $1 AND outcome IN ('bad_password', 'unknown_email')
           AND created_at > now() - make_interval(mins => $2)",
    )
    .bind::<Text, _>(&ip)
    .bind::<diesel::sql_types::Integer, _>(i32::try_from(window_minutes).unwrap_or(10))
    .get_result(conn)?;
    if accounts.n < threshold {
        return Ok(false);
    }
    let until = Utc::now() + chrono::Duration::minutes(block_minutes);
    diesel::insert_into(blocked_ips::table)
        .values((
            blocked_ips::ip.eq(&ip),
            blocked_ips::blocked_until.eq(until),
            blocked_ips::reason.eq("credential stuffing"),
        ))
        .on_conflict(blocked_ips::ip)
        .do_update()
        .set((
            blocked_ips::blocked_until.eq(until),
            blocked_ips::reason.eq("credential stuffing"),
        ))
        .execute(conn)?;
    tracing::warn!(%ip, accounts = accounts.n, "credential stuffing suspected: IP blocked from signing in");
    Ok(true)
}

/// Until when the IP is blocked from signing in, if it is.
pub fn blocked_until(
    conn: &mut PgConnection,
    client: &ClientContext,
) -> QueryResult<Option<DateTime<Utc>>> {
    let Some(ip) = client.ip_string() else {
        return Ok(None);
    };
    blocked_ips::table
        .find(ip)
        .filter(blocked_ips::blocked_until.gt(Utc::now()))
        .select(blocked_ips::blocked_until)
        .first(conn)
        .optional()
}

#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    SignIn,
    SecurityEvent,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct ActivityItem {
    pub kind: ActivityKind,
    /// For sign-ins: success, bad_password, locked, unverified, disabled, mfa_required,
    /// mfa_failed, rate_limited, ip_blocked. For security events: password_changed,
    /// mfa_enabled, session_revoked, ...
    pub event: String,
    pub ip: Option<String>,
    pub device: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
}

/// The signed-in person's sign-in attempts and security events, newest first.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "me",
    params(ActivityQuery),
    responses(
        (status = 200, description = "Activity, newest first", body = Vec<ActivityItem>),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/activity")]
pub(crate) async fn get_my_activity(
    state: web::Data<AppState>,
    auth: Authenticated,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::BadRequest {
            code: ProblemCode::InvalidQuery,
            detail: "limit must be between 1 and 200.".into(),
        });
    }
    let user_id = auth.user_id().into_uuid();
    let mut items = state
        .db
        .global(move |conn| {
            type Attempt = (Outcome, Option<String>, Option<String>, DateTime<Utc>);
            let attempts: Vec<Attempt> = login_attempts::table
                .filter(login_attempts::user_id.eq(user_id))
                .order(login_attempts::created_at.desc())
                .limit(limit)
                .select((
                    login_attempts::outcome,
                    login_attempts::ip,
                    login_attempts::device,
                    login_attempts::created_at,
                ))
                .load(conn)?;
            type Event = (String, Option<String>, Option<String>, DateTime<Utc>);
            let events: Vec<Event> = security_events::table
                .filter(security_events::user_id.eq(user_id))
                .order(security_events::created_at.desc())
                .limit(limit)
                .select((
                    security_events::kind,
                    security_events::ip,
                    security_events::user_agent,
                    security_events::created_at,
                ))
                .load(conn)?;
            let mut items: Vec<ActivityItem> = attempts
                .into_iter()
                .map(|(outcome, ip, device, at)| ActivityItem {
                    kind: ActivityKind::SignIn,
                    event: outcome.as_str().to_owned(),
                    ip,
                    device,
                    at,
                })
                .collect();
            items.extend(
                events
                    .into_iter()
                    .map(|(event, ip, agent, at)| ActivityItem {
                        kind: ActivityKind::SecurityEvent,
                        event,
                        ip,
                        device: Some(device_name(agent.as_deref())),
                        at,
                    }),
            );
            Ok(items)
        })
        .await?;
    items.sort_by_key(|item| std::cmp::Reverse(item.at));
    items.truncate(usize::try_from(limit).unwrap_or(50));
    Ok(HttpResponse::Ok().json(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_user_agents() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
        assert_eq!(device_name(Some(firefox)), "Firefox 120 on Linux");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert!(device_name(Some(safari)).contains("Safari"));
        assert_eq!(device_name(None), "Unknown device");
        assert!(device_name(Some("curl/8.0")).contains("curl"));
        assert_eq!(device_name(Some("Zq9/1.0 (x)")), "Zq9/1.0 (x)");
    }

    #[test]
    fn operating_systems_have_the_names_people_know() {
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
        assert_eq!(device_name(Some(mac)), "Safari 17 on macOS");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(Some(iphone)), "Safari 17 on iOS");
        let windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
        assert_eq!(device_name(Some(windows)), "Chrome 126 on Windows");
        let ipad = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(Some(ipad)), "Safari 16 on iPadOS");
        let windows7 =
            "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0";
        assert_eq!(device_name(Some(windows7)), "Firefox 115 on Windows 7");
        assert_eq!(os_name("Android"), "Android");
    }
}
