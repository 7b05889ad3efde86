//! `?limit=&offset=` of the paginated lists, read and checked in one place.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;

const DEFAULT_LIMIT: i64 = 25;
const MAX_LIMIT: i64 = 100;

/// The page of a list a request asks for (checked: 1 ≤ limit ≤ 100, offset ≥ 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

/// How the query string asks for a page (documents the parameters in OpenAPI).
#[derive(Deserialize, IntoParams, Debug, Default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page: 1 to 100; 25 by default.
    pub limit: Option<i64>,
    /// Items to skip: 0 or more; 0 by default.
    pub offset: Option<i64>,
}

impl Page {
    pub fn parse(query: &str) -> Result<Self, AppError> {
        let raw: PageQuery =
            serde_urlencoded::from_str(query).map_err(|e| invalid(&e.to_string()))?;
        let page = Page {
            limit: raw.limit.unwrap_or(DEFAULT_LIMIT),
            offset: raw.offset.unwrap_or(0),
        };
        if !(1..=MAX_LIMIT).contains(&page.limit) || page.offset < 0 {
            return Err(invalid(&format!(
                "limit must be between 1 and {MAX_LIMIT} and offset at least 0"
            )));
        }
        Ok(page)
    }
}

fn invalid(reason: &str) -> AppError {
    AppError::BadRequest {
        code: ProblemCode::InvalidQuery,
        detail: format!("The query string is invalid: {reason}."),
    }
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Page::parse(req.query_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_bounds_and_other_parameters() {
        assert_eq!(
            Page::parse("").unwrap(),
            Page {
                limit: 25,
                offset: 0
            }
        );
        assert_eq!(
            Page::parse("q=smith&limit=100&offset=200&role=admin").unwrap(),
            Page {
                limit: 100,
                offset: 200
            }
        );
        for bad in [
            "limit=0",
            "limit=101",
            "offset=-1",
            "limit=ten",
            "limit=1&limit=2",
        ] {
            assert!(Page::parse(bad).is_err(), "{bad}");
        }
    }
}
