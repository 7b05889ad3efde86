// The migrations are embedded at compile time (`embed_migrations!`): rebuild when any of
// them changes, not only when a Rust file does (cargo scans the folder recursively).
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
