//! Vigil's core vocabulary, shared by every layer: typed ids, the roles of a membership, the
//! scopes of an API client and the permission table that says what each may do. It knows
//! nothing of HTTP or of the database, so the layers above depend on it and never the reverse.

pub mod audit;
pub mod compliance;
pub mod documents;
pub mod ids;
pub mod invitations;
pub mod onboarding;
pub mod permissions;
pub mod problem_code;
pub mod reports;
pub mod roles;
pub mod scopes;
pub mod security_policy;
pub mod sign_in;
pub mod sql;
pub mod time_zone;
