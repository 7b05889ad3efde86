//! `.env.example` lists every setting.

#[test]
fn env_example_lists_every_variable() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.env.example");
    let example = std::fs::read_to_string(path).expect(".env.example exists");
    let listed: Vec<&str> = example
        .lines()
        .map(|line| line.trim_start_matches('#').trim())
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .collect();
    let mut expected = vigil::config::serve_env_vars();
    expected.extend(["DATABASE_ADMIN_URL", "VIGIL_LOG", "VIGIL_LOG_FORMAT"].map(String::from));
    let missing: Vec<_> = expected
        .iter()
        .filter(|name| !listed.contains(&name.as_str()))
        .collect();
    assert!(missing.is_empty(), ".env.example misses {missing:?}");
}
