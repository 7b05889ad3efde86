//! How a transaction starts: `BEGIN` and its settings (the tenant context, the plan cache mode
//! of a list, the statement timeout behind a transaction-mode pooler) in one message.

use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::pg::{Pg, PgConnection};
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::{Bool, Text};

use vigil_core::ids::{OrgId, UserId};

/// How PostgreSQL plans a transaction's kept statements (its `plan_cache_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanCache {
    /// PostgreSQL's choice: per-call plans while they look cheaper than a generic one.
    Auto,
    /// One generic plan per statement and connection (`force_generic_plan`), for statements
    /// whose best plan does not depend on their values.
    Generic,
}

/// The tenant context a transaction starts with: `app.org_id` and `app.user_id`, each empty
/// when `None`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Context {
    pub(crate) org_id: Option<OrgId>,
    pub(crate) user_id: Option<UserId>,
    pub(crate) plan_cache: PlanCache,
}

impl Context {
    pub(crate) fn new(org_id: Option<OrgId>, user_id: Option<UserId>) -> Self {
        Self {
            org_id,
            user_id,
            plan_cache: PlanCache::Auto,
        }
    }
}

/// `BEGIN` and the transaction-local settings as one simple-protocol message, so a tenant
/// transaction costs one round trip fewer. Only values whose text cannot break out of a literal
/// are written in: ids print as hex digits and dashes, the timeout as digits.
pub(crate) fn begin_statement(
    context: Option<Context>,
    statement_timeout_ms: Option<u64>,
) -> String {
    let mut settings = Vec::new();
    if let Some(ms) = statement_timeout_ms {
        settings.push(format!("set_config('statement_timeout', '{ms}', true)"));
    }
    if let Some(Context {
        org_id,
        user_id,
        plan_cache,
    }) = context
    {
        if plan_cache == PlanCache::Generic {
            settings.push("set_config('plan_cache_mode', 'force_generic_plan', true)".to_owned());
        }
        let org = org_id.map(|id| id.into_uuid().hyphenated().to_string());
        let user = user_id.map(|id| id.into_uuid().hyphenated().to_string());
        settings.push(format!(
            "set_config('app.org_id', '{}', true), set_config('app.user_id', '{}', true)",
            org.unwrap_or_default(),
            user.unwrap_or_default()
        ));
    }
    if settings.is_empty() {
        "BEGIN".to_owned()
    } else {
        format!("BEGIN; SELECT {}", settings.join(", "))
    }
}

/// Opens the transaction with `begin` (see [`begin_statement`]). Should the settings fail after
/// the server ran `BEGIN`, the transaction diesel does not know of is rolled back before the
/// connection goes back to the pool (a warning, not an error, when none was open).
pub(crate) fn begin_with(conn: &mut PgConnection, begin: &str) -> QueryResult<()> {
    type Manager = <PgConnection as Connection>::TransactionManager;
    let begun = Manager::begin_transaction_sql(conn, begin);
    if begun.is_err() {
        // The error to report is the first one; a connection this broken is found out by the
        // next statement (see `first_on_live_connection`).
        let _ = conn.batch_execute("ROLLBACK");
    }
    begun
}

diesel::define_sql_function! {
    /// PostgreSQL's `set_config(name, value, is_local)`.
    fn set_config(name: Text, value: Text, is_local: Bool) -> Text;
}

/// The statement that switches an open transaction's context (`enter_tenant`,
/// `enter_user`); the same settings [`begin_statement`] sends with `BEGIN`.
pub(crate) fn context_statement(
    org_id: Option<OrgId>,
    user_id: Option<UserId>,
) -> impl QueryFragment<Pg> + QueryId + RunQueryDsl<PgConnection> {
    let org = org_id.map(|id| id.to_string()).unwrap_or_default();
    let user = user_id.map(|id| id.to_string()).unwrap_or_default();
    diesel::select((
        set_config("app.org_id", org, true),
        set_config("app.user_id", user, true),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const ORG: Uuid = Uuid::from_u128(0x0123_4567_89ab_4def_8123_4567_89ab_cdef);
    const USER: Uuid = Uuid::from_u128(0xfedc_ba98_7654_4321_8fed_cba9_8765_4321);

    #[test]
    fn begin_carries_the_context_in_the_same_message() {
        let ctx = Context::new(Some(OrgId::from_uuid(ORG)), Some(UserId::from_uuid(USER)));
        assert_eq!(
            begin_statement(Some(ctx), None),
            "BEGIN; SELECT set_config('app.org_id', '01234567-89ab-4def-8123-456789abcdef', true), \
             set_config('app.user_id', 'fedcba98-7654-4321-8fed-cba987654321', true)"
        );
    }

    #[test]
    fn a_missing_id_is_set_empty_and_no_context_is_a_plain_begin() {
        let none = Context::new(None, None);
        assert_eq!(
            begin_statement(Some(none), None),
            "BEGIN; SELECT set_config('app.org_id', '', true), set_config('app.user_id', '', true)"
        );
        assert_eq!(begin_statement(None, None), "BEGIN");
    }

    #[test]
    fn the_pooler_timeout_and_generic_plans_go_first() {
        assert_eq!(
            begin_statement(None, Some(5000)),
            "BEGIN; SELECT set_config('statement_timeout', '5000', true)"
        );
        let generic = Context {
            plan_cache: PlanCache::Generic,
            ..Context::new(Some(OrgId::from_uuid(ORG)), None)
        };
        assert_eq!(
            begin_statement(Some(generic), None),
            "BEGIN; SELECT set_config('plan_cache_mode', 'force_generic_plan', true), \
             set_config('app.org_id', '01234567-89ab-4def-8123-456789abcdef', true), \
             set_config('app.user_id', '', true)"
        );
    }
}
