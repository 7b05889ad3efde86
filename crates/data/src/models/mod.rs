//! The rows of each table and the queries that read and write them. Queries answer diesel's
//! `QueryResult` (a missing row is `None`): what a missing row means to a caller, and how it
//! is told, is the feature's business above this layer.

pub mod access;
pub mod clients;
pub mod compliance;
pub mod documents;
pub mod invitations;
pub mod memberships;
pub mod organizations;
pub mod reports;
pub mod users;

diesel::define_sql_function! {
    /// `lower(text)`, for case-insensitive email matches.
    fn lower(value: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
