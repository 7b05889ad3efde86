//! Stand-ins for third-party HTTP APIs (SendGrid, CAPTCHA providers).

/// One request received by a [`FakeHttp`] server.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
    pub body: String,
}

/// A loopback HTTP server that records requests and answers with a status and JSON body
/// chosen per request by `respond`.
pub struct FakeHttp {
    pub url: String,
    pub received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl FakeHttp {
    #[allow(clippy::unused_async)] // callers await it like the other servers' start
    pub async fn start(
        respond: impl Fn(&Received) -> (u16, serde_json::Value) + Send + Sync + Clone + 'static,
    ) -> Self {
        use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = received.clone();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            let log = log.clone();
            let respond = respond.clone();
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let log = log.clone();
                let respond = respond.clone();
                async move {
                    let request = Received {
                        path: req.path().to_owned(),
                        headers: req
                            .headers()
                            .iter()
                            .map(|(k, v)| {
                                (k.to_string(), v.to_str().unwrap_or_default().to_owned())
                            })
                            .collect(),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    let (status, json) = respond(&request);
                    log.lock().unwrap().push(request);
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .json(json)
                }
            }))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}"),
            received,
        }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}
