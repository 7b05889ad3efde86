//! The API's answers as the tests read them: small typed mirrors of the response bodies in
//! `openapi/openapi.json`. A field the API adds later is ignored; a required field it stops
//! sending fails the test that reads the body. Fields the API may send as `null` (or leave out)
//! are `Option`s.
//!
//! Read a body with [`expect_body`](crate::expect_body) (asserting the status) or
//! [`TestApp::read_as`](crate::TestApp::read_as) (a `GET` answered 200).

mod audit;
mod clients;
mod compliance;
mod documents;
mod health;
mod identity;
mod invitations;
mod organizations;

pub use audit::*;
pub use clients::*;
pub use compliance::*;
pub use documents::*;
pub use health::*;
pub use identity::*;
pub use invitations::*;
pub use organizations::*;

use std::collections::BTreeMap;

use serde::Deserialize;
use vigil_core::problem_code::ProblemCode;

/// A page of a list (`DocumentList`, `MemberList`, `InvitationList`, `ReportList`,
/// `ComplianceResultList`).
#[derive(Deserialize, Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// A list without paging (`StandardList`).
#[derive(Deserialize, Debug, Clone)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// An RFC 9457 problem document, as [`expect_problem`](crate::expect_problem) returns it.
#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: Option<String>,
    pub code: ProblemCode,
    /// Field → messages; left out of the body when there are none.
    #[serde(default)]
    pub errors: BTreeMap<String, Vec<String>>,
    pub request_id: Option<String>,
}

impl Problem {
    /// The detail, which the test expects to be there.
    pub fn detail(&self) -> &str {
        self.detail
            .as_deref()
            .unwrap_or_else(|| panic!("no detail in {self:?}"))
    }

    /// The first message about `field`, which the test expects to be there.
    pub fn error(&self, field: &str) -> &str {
        self.errors
            .get(field)
            .and_then(|messages| messages.first())
            .unwrap_or_else(|| panic!("no error about {field} in {self:?}"))
    }
}
