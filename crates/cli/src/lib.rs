//! The `vigil` command's actions that are not the HTTP server: importing the old SQLite tool,
//! seeding demo data, database backups, the benchmark's reference measurements and account
//! administration (`vigil user disable|enable`). They use the HTTP crate's features as a
//! library; nothing there uses them.

pub mod backups;
pub mod bench;
pub mod legacy;
pub mod seed;
pub mod users;
