//! The `vigil` command's actions that are not the HTTP server: importing the old SQLite tool,
//! seeding demo data, database backups and the benchmark's reference measurements. They use
//! the HTTP crate's features as a library; nothing there uses them.

pub mod backups;
pub mod bench;
pub mod legacy;
pub mod seed;
