//! The one module that talks to the server. Components call these typed functions; none of them
//! touches gloo-net. A non-2xx answer becomes an [`ApiError`] carrying the envelope's code.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::{Request, Response};
use kp_domain::api::{ErrorEnvelope, PageContent};
use kp_domain::Locale;
use serde::de::DeserializeOwned;

/// A failed call: the HTTP status (0 when the network failed) and the envelope's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or 0 for a network failure.
    pub status: u16,
    /// The stable error code (`network` when no answer came).
    pub code: String,
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError {
            status,
            code: "bad_response".into(),
        });
    }
    let code = match response.json::<ErrorEnvelope>().await {
        Ok(envelope) => envelope.error.code,
        Err(_) => "bad_response".into(),
    };
    Err(ApiError { status, code })
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url).send().await.map_err(|_| ApiError {
        status: 0,
        code: "network".into(),
    })?;
    read(response).await
}

thread_local! {
    static PAGES: RefCell<HashMap<(Locale, String), PageContent>> = RefCell::new(HashMap::new());
}

/// Keeps a page's content for instant display (the server's embedded copy, or a fetched one).
pub fn remember_page(page: PageContent) {
    PAGES.with(|pages| {
        pages
            .borrow_mut()
            .insert((page.locale, page.page.clone()), page)
    });
}

/// A page already at hand, if any.
pub fn cached_page(locale: Locale, page: &str) -> Option<PageContent> {
    PAGES.with(|pages| pages.borrow().get(&(locale, page.to_string())).cloned())
}

/// `GET /api/pages/{locale}/{page}`: a public page's text.
pub async fn page(locale: Locale, page: &str) -> Result<PageContent, ApiError> {
    let content: PageContent = get(&format!("/api/pages/{}/{}", locale.code(), page)).await?;
    remember_page(content.clone());
    Ok(content)
}
