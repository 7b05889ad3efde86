//! API access tokens: the signing key ring (keys encrypted at rest, rotated, published as a
//! JWKS) and the JWT the client-credentials grant issues and every bearer request presents.
//! Below `state`, which holds the ring; the API client endpoints live in `crate::clients`.

pub mod keys;
pub mod token;
