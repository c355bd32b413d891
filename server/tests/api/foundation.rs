//! The foundation: health, the error envelope, limits, security headers, assets and the shell.

use crate::helpers::{envelope_code, fixture_dist, on_postgres, spawn_app, spawn_app_with};
use base64::Engine;
use kp_server::store::Role;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn the_database_runs_in_wal_mode() {
    if on_postgres() {
        return; // SQLite's journal mode; PostgreSQL has none to check.
    }
    let app = spawn_app().await;
    assert_eq!(app.store.journal_mode().await.unwrap(), "wal");
}

#[tokio::test]
async fn every_api_failure_answers_the_one_json_envelope() {
    let app = spawn_app().await;
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "unknown path",
            app.client.get(app.url("/api/nothing-here")),
            404,
            "not_found",
        ),
        (
            "unknown nested path",
            app.client.get(app.url("/api/a/b/c")),
            404,
            "not_found",
        ),
        (
            "wrong method",
            app.client.delete(app.url("/api/health")),
            405,
            "method_not_allowed",
        ),
        (
            "oversized body",
            app.client
                .post(app.url("/api/health"))
                .header("content-type", "application/json")
                .body(vec![b' '; kp_server::MAX_BODY_BYTES + 1]),
            413,
            "payload_too_large",
        ),
        (
            "unknown locale",
            app.client.get(app.url("/api/pages/de/start")),
            404,
            "not_found",
        ),
        (
            "unknown page",
            app.client.get(app.url("/api/pages/sv/nope")),
            404,
            "not_found",
        ),
    ];
    for (why, request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{why}");
        assert_eq!(envelope_code(response).await, code, "{why}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/sv/",
        "/api/health",
        "/kontaktperson-0123456789abcdef.js",
        "/sv/finns-inte",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp}"));
        assert!(
            !script_src.contains("'unsafe-inline'"),
            "{path}: {script_src}"
        );
        assert!(
            !script_src.contains("'unsafe-eval'"),
            "{path}: {script_src}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
    }
}

#[tokio::test]
async fn the_policy_allows_the_shells_inline_loader_by_its_hash() {
    let app = spawn_app().await;
    let index = std::fs::read_to_string(fixture_dist().join("index.html")).unwrap();
    let start = index.find("<script type=\"module\">").unwrap() + "<script type=\"module\">".len();
    let end = index[start..].find("</script>").unwrap() + start;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&index[start..end]));
    let response = app.get("/sv/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_served_in_the_best_encoding() {
    let app = spawn_app().await;
    let path = "/kontaktperson-0123456789abcdef_bg.wasm";
    let raw = std::fs::read(fixture_dist().join(&path[1..])).unwrap();
    let cases = [
        ("gzip, deflate, br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ];
    for (accept, expected) in cases {
        let response = app.get_with(path, &[("accept-encoding", accept)]).await;
        assert_eq!(response.status(), 200, "{accept}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            expected,
            "{accept}"
        );
        assert_eq!(headers["content-type"], "application/wasm");
        assert!(headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        let body = response.bytes().await.unwrap();
        let decoded = match expected {
            Some("br") => {
                let mut out = Vec::new();
                brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
                out
            }
            Some("gzip") => {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut out)
                    .unwrap();
                out
            }
            _ => body.to_vec(),
        };
        assert_eq!(decoded, raw, "{accept}: the decoded body is the file");
    }
}

#[tokio::test]
async fn a_repeated_asset_request_with_its_etag_answers_304() {
    let app = spawn_app().await;
    let first = app.get("/robots.txt").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert!(first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age=3600"));
    let second = app
        .get_with("/robots.txt", &[("if-none-match", &etag)])
        .await;
    assert_eq!(second.status(), 304);
}

#[tokio::test]
async fn a_missing_file_is_a_plain_404_not_the_app_shell() {
    let app = spawn_app().await;
    let response = app.get("/nope-0123456789abcdef.js").await;
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn the_demo_administrator_exists_only_when_configured() {
    let without = spawn_app().await;
    assert_eq!(
        without
            .store
            .active_role("demo@exempelby.se")
            .await
            .unwrap(),
        None
    );
    let with = spawn_app_with(|c| {
        c.demo_user = Some(("demo@exempelby.se".into(), "demo-lösenord".into()));
    })
    .await;
    assert_eq!(
        with.store.active_role("DEMO@exempelby.se").await.unwrap(),
        Some(Role::Admin),
        "the demo account is an administrator, found case-insensitively"
    );
}

#[tokio::test]
async fn the_caseworker_area_gets_its_own_shell_uncached_and_unindexed_and_the_policy_allows_every_loader(
) {
    let app = spawn_app().await;
    let response = app.get("/handlaggare/sokande/KP-2026-0001").await;
    assert_eq!(
        response.status(),
        200,
        "deep links into the caseworker area load its shell"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    assert!(
        html.contains("/handlaggare/handlaggare-0123456789abcdef.js"),
        "the caseworker bundle"
    );
    assert!(
        !html.contains("/kontaktperson-0123456789abcdef.js"),
        "not the public bundle"
    );
    assert!(html.contains("noindex") || html.contains("Handläggarstöd"));
    let public = app.get("/sv/").await;
    assert_eq!(
        public.headers()["content-security-policy"]
            .to_str()
            .unwrap(),
        csp,
        "one policy covers every shell"
    );
    let public_html = public.text().await.unwrap();
    assert!(
        !public_html.contains("handlaggare-0123456789abcdef"),
        "public pages never load the caseworker code"
    );
    let directive = |name: &str| {
        csp.split(';')
            .find(|d| d.trim_start().starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        directive("script-src").matches("'sha256-").count(),
        4,
        "the four loaders: {csp}"
    );
    assert_eq!(
        directive("style-src").matches("'sha256-").count(),
        1,
        "the fixtures inline no stylesheet; the one style is Tigrinya's font face: {csp}"
    );
}

#[tokio::test]
async fn the_contact_persons_area_gets_its_own_shell_in_the_readers_language_uncached_and_unindexed(
) {
    let app = spawn_app().await;
    let cases = [
        ("/sv/mina-sidor", "sv", "ltr", "Mina sidor"),
        (
            "/lattlast/mina-sidor/uppdrag/3/avtal",
            "sv",
            "ltr",
            "Mina sidor",
        ),
        (
            "/ar/my-pages/assignments/3/reports/2026-10",
            "ar",
            "rtl",
            "صفحاتي",
        ),
        ("/fa/my-pages", "fa", "rtl", "صفحات من"),
        ("/en/my-pages/", "en", "ltr", "My pages"),
    ];
    for (path, lang, dir, title) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(response.headers()["x-robots-tag"], "noindex", "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{path}: {html}"
        );
        assert!(html.contains(&format!("<title>{title}")), "{path}: {html}");
        assert!(
            html.contains("/mina-sidor/mina_sidor-0123456789abcdef.js"),
            "{path}: the area's bundle"
        );
        assert!(
            !html.contains("handlaggare-0123456789abcdef"),
            "{path}: never the caseworker code"
        );
    }
    // The Arabic area is under the English slug, as its public pages are.
    assert_eq!(app.get("/ar/mina-sidor").await.status(), 404);
}
