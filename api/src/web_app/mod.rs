//! Serves the built single-page app: its files, and `index.html` for every other browser path
//! so client-side routes (`/organizations/…/members`) survive a reload.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{AcceptEncoding, ContentEncoding, Encoding, Header};
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::http::problem;

/// Paths that belong to the API and must answer problem+json, never the app.
const API_PREFIXES: &[&str] = &[
    "/api/",
    "/health/",
    "/oauth/",
    "/.well-known/",
    "/docs",
    "/openapi.json",
];

#[derive(Clone)]
pub struct WebApp {
    root: PathBuf,
}

impl WebApp {
    /// The app in `dir`. Files are looked up per request, so a build after start-up is served;
    /// without an `index.html` only the API answers.
    pub fn new(dir: &Path) -> Self {
        if dir.join("index.html").is_file() {
            tracing::info!(dir = %dir.display(), "serving the web app");
        } else {
            tracing::warn!(
                dir = %dir.display(),
                "no built web app (index.html) here: serving the API only; run `npm run build` in web/"
            );
        }
        Self {
            root: dir.to_path_buf(),
        }
    }

    /// The file a request path names, if it is inside the app folder.
    fn file(&self, request_path: &str) -> Option<PathBuf> {
        let root = &self.root;
        let relative = Path::new(request_path.trim_start_matches('/'));
        // Only plain names: no `..`, no absolute parts.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let path = root.join(relative);
        path.is_file().then_some(path)
    }
}

/// Everything no route claimed: app files and the SPA fallback, or the API's 404/405.
pub async fn fallback(req: HttpRequest, app: web::Data<WebApp>) -> HttpResponse {
    let path = req.path();
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    if !is_read || API_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return problem::route_not_found(req).await;
    }
    let is_asset = path.starts_with("/assets/");
    // Hashed build assets never change; everything else is revalidated.
    let (file, cache) = match app.file(path) {
        Some(file) if is_asset => (file, "public, max-age=31536000, immutable"),
        Some(file) => (file, "no-cache"),
        None if is_asset => return problem::route_not_found(req).await,
        None => match app.file("index.html") {
            Some(index) => (index, "no-cache"),
            None => return problem::route_not_found(req).await,
        },
    };
    let compressed = if is_asset {
        precompressed(&req, &file)
    } else {
        None
    };
    // Opening is a single syscall; the body is then streamed off the async thread.
    let opened = match &compressed {
        Some((sibling, encoding)) => NamedFile::open(sibling).map(|named| {
            let extension = file
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            named
                .set_content_type(actix_files::file_extension_to_mime(extension))
                .set_content_encoding(*encoding)
        }),
        None => NamedFile::open(&file),
    };
    match opened {
        Ok(named) => {
            let mut response = named.use_last_modified(true).into_response(&req);
            let headers = response.headers_mut();
            headers.insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static(cache),
            );
            if is_asset {
                headers.insert(
                    header::VARY,
                    header::HeaderValue::from_static("accept-encoding"),
                );
            }
            response
        }
        Err(error) => {
            tracing::error!(error = %error, file = %file.display(), "cannot read a web app file");
            problem::route_not_found(req).await
        }
    }
}

/// The brotli or gzip copy the web build writes next to an asset (web/scripts/compress.mjs),
/// when the browser accepts it: compressed once at build time, never per request.
fn precompressed(req: &HttpRequest, file: &Path) -> Option<(PathBuf, ContentEncoding)> {
    let accepted = AcceptEncoding::parse(req).ok()?;
    let variants: Vec<(Encoding, PathBuf, ContentEncoding)> = [
        (Encoding::brotli(), "br", ContentEncoding::Brotli),
        (Encoding::gzip(), "gz", ContentEncoding::Gzip),
    ]
    .into_iter()
    .filter_map(|(encoding, suffix, content)| {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let sibling = PathBuf::from(name);
        sibling.is_file().then_some((encoding, sibling, content))
    })
    .collect();
    if variants.is_empty() {
        return None;
    }
    let identity = Encoding::identity();
    let chosen = accepted.negotiate(
        variants
            .iter()
            .map(|(encoding, _, _)| encoding)
            .chain(std::iter::once(&identity)),
    )?;
    variants
        .into_iter()
        .find(|(encoding, _, _)| *encoding == chosen)
        .map(|(_, sibling, content)| (sibling, content))
}
