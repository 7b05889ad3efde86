//! The built web app is served at `/` with SPA fallback; API paths keep their problem answers.

use crate::helpers::{ORIGIN, TestApp, assert_problem};

fn built_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Vigil</title>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();
    dir
}

async fn spawn_with_web(dir: &tempfile::TempDir) -> TestApp {
    let path = dir.path().to_path_buf();
    TestApp::spawn_with(|c| c.http.web_dir = path).await
}

#[tokio::test]
async fn client_side_routes_get_the_app_shell_without_caching() {
    let dir = built_app();
    let app = spawn_with_web(&dir).await;
    for path in [
        "/",
        "/signup",
        "/organizations/0d7a/members",
        "/verify-email?token=x",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            response.headers().contains_key("content-security-policy"),
            "{path}"
        );
        assert!(response.text().await.unwrap().contains("<title>Vigil"));
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_ever_and_missing_ones_are_404() {
    let dir = built_app();
    let app = spawn_with_web(&dir).await;
    let asset = app.get("/assets/index-abc123.js").await;
    assert_eq!(asset.status(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "no-cache");
    assert_problem(app.get("/assets/gone.js").await, 404, "route-not-found").await;
}

#[tokio::test]
async fn api_paths_and_writes_never_fall_back_to_the_app() {
    let dir = built_app();
    let app = spawn_with_web(&dir).await;
    assert_problem(
        app.get("/api/v1/nothing-here").await,
        404,
        "route-not-found",
    )
    .await;
    assert_problem(app.get("/health/nothing").await, 404, "route-not-found").await;
    let post = app
        .client
        .post(app.url("/signup-form"))
        .header("Origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_problem(post, 404, "route-not-found").await;
}

#[tokio::test]
async fn paths_cannot_escape_the_app_folder() {
    let dir = built_app();
    let secret = dir.path().parent().unwrap().join("vigil-secret.txt");
    std::fs::write(&secret, "file-outside-the-app-7f3a").unwrap();
    let app = spawn_with_web(&dir).await;
    for path in [
        "/../vigil-secret.txt",
        "/%2e%2e/vigil-secret.txt",
        "/assets/..%2f..%2fvigil-secret.txt",
    ] {
        let response = app.get(path).await;

        let body = response.text().await.unwrap();
        assert!(
            !body.contains("file-outside-the-app-7f3a"),
            "{path} leaked a file outside the app"
        );
    }
    std::fs::remove_file(secret).unwrap();
}

#[tokio::test]
async fn without_a_built_app_unknown_paths_are_api_404s() {
    let app = TestApp::spawn().await;
    assert_problem(app.get("/signup").await, 404, "route-not-found").await;
}

#[tokio::test]
async fn assets_are_served_precompressed_as_the_browser_accepts() {
    let dir = built_app();
    let js = dir.path().join("assets/index-abc123.js");
    std::fs::write(js.with_extension("js.br"), b"brotli bytes").unwrap();
    std::fs::write(js.with_extension("js.gz"), b"gzip bytes").unwrap();
    let app = spawn_with_web(&dir).await;
    let fetch = |accept: Option<&'static str>| {
        let mut request = app.client.get(app.url("/assets/index-abc123.js"));
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        request.send()
    };
    for (accept, encoding, body) in [
        (Some("br"), Some("br"), "brotli bytes"),
        (Some("gzip, deflate, br"), Some("br"), "brotli bytes"),
        (Some("gzip, deflate"), Some("gzip"), "gzip bytes"),
        (Some("br;q=0.5, gzip;q=0.9"), Some("gzip"), "gzip bytes"),
        (Some("gzip;q=0, br;q=0"), None, "console.log(1)"),
        (Some("zstd"), None, "console.log(1)"),
        (None, None, "console.log(1)"),
    ] {
        let response = fetch(accept).await.unwrap();
        assert_eq!(response.status(), 200, "{accept:?}");
        let headers = response.headers();
        assert_eq!(
            headers
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned())
                .as_deref(),
            encoding,
            "{accept:?}"
        );
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript"),
            "{accept:?}: {:?}",
            headers["content-type"]
        );
        assert_eq!(headers["vary"], "accept-encoding", "{accept:?}");
        assert_eq!(response.text().await.unwrap(), body, "{accept:?}");
    }
    // Without copies, as before.
    let icon = app.get("/favicon.svg").await;
    assert!(!icon.headers().contains_key("content-encoding"));
}
