//! The layer every request passes through: it checks the credential, records `/api` requests
//! for the control route and logs one line per request to stderr.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::Credential;
use crate::state::{AppState, RecordedRequest};

/// Checks the credential, runs the request, then records and logs it.
pub async fn api_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let credential = Credential::from_headers(&state, request.headers());
    let authenticated = credential.principal().is_some();
    request.extensions_mut().insert(credential);

    let response = next.run(request).await;
    let status = response.status().as_u16();
    // The path is logged without the query string, which might carry a secret.
    tracing::info!("{method} {path} {status}");
    if path.starts_with("/api/") {
        state.world().requests.push(RecordedRequest {
            method,
            path,
            query,
            status: Some(status),
            authenticated,
        });
    }
    response
}
