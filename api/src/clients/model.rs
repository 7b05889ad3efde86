//! API clients: the row and its queries live in the data layer.

pub use vigil_data::models::clients::{ApiClient, by_public_id, for_org, is_active};
