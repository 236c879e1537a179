//! The layer every request passes through. For the JIM routes it checks the credential,
//! applies the rate limit and any fault rules, records `/api` requests for the control
//! route, and logs one line per request to stderr. Control routes are only logged.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::Credential;
use crate::error::ApiError;
use crate::faults::{self, DropConnection, FaultAction, FaultKind};
use crate::server::OriginalPath;
use crate::state::{AppState, RecordedRequest};

/// The prefix of the control routes, which are never limited, faulted or recorded.
const CONTROL_PREFIX: &str = "/_emulator/";

/// Checks the credential, applies limits and faults, runs the request, then records and
/// logs it.
pub async fn api_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().to_string();
    let routed_path = request.uri().path().to_string();
    let path = request
        .extensions()
        .get::<OriginalPath>()
        .map_or_else(|| routed_path.clone(), |OriginalPath(path)| path.clone());
    if routed_path.starts_with(CONTROL_PREFIX) {
        let response = next.run(request).await;
        tracing::info!("{method} {path} {}", response.status().as_u16());
        return response;
    }
    let query = request.uri().query().map(str::to_string);
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip().to_string());
    let credential = Credential::from_headers(&state, request.headers());
    let rate_limit_key = match credential.principal() {
        Some(principal) => (principal.client_id(), state.config.rate_limit),
        None => (
            format!("ip:{}", peer.unwrap_or_default()),
            state.config.anonymous_rate_limit,
        ),
    };
    let authenticated = credential.principal().is_some();
    request.extensions_mut().insert(credential);

    let plan = state.world().faults.plan(&method, &routed_path);
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    let limited = is_rate_limited(&routed_path);
    let verdict = if limited {
        let (client, limit) = rate_limit_key;
        state.rate_limiter().check(&client, limit, Instant::now())
    } else {
        Ok(())
    };
    let (response, fault) = match verdict {
        Err(retry_after_seconds) => {
            let error = ApiError::RateLimited {
                retry_after_seconds,
                http_date: state.config.retry_after_http_date,
            };
            (error.into_response(), None)
        }
        Ok(()) => match plan.action {
            None => (next.run(request).await, None),
            Some(action) => (
                run_with_fault(action, request, next).await,
                Some(action.kind),
            ),
        },
    };

    let dropped = response.extensions().get::<DropConnection>().is_some();
    let status = (!dropped).then(|| response.status().as_u16());
    // The path is logged without the query string, which might carry a secret.
    match (status, fault) {
        (Some(status), None) => tracing::info!("{method} {path} {status}"),
        (Some(status), Some(kind)) => {
            tracing::info!("{method} {path} {status} (fault {})", kind.name())
        }
        (None, _) => tracing::info!("{method} {path} connection dropped (fault)"),
    }
    if routed_path.starts_with("/api/") {
        state.world().requests.push(RecordedRequest {
            method,
            path,
            query,
            status,
            authenticated,
            fault,
        });
    }
    response
}

/// Returns whether the rate limit applies: only to `/api/` paths, and never to the health
/// routes.
fn is_rate_limited(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/v1/health")
}

async fn run_with_fault(action: FaultAction, request: Request, next: Next) -> Response {
    match action.kind {
        FaultKind::Error => {
            if action.handled {
                drop(next.run(request).await);
            }
            faults::error_response(action.status, action.retry_after_seconds)
        }
        FaultKind::DropBeforeResponse => {
            if action.handled {
                drop(next.run(request).await);
            }
            faults::dropped_connection()
        }
        _ => {
            let response = next.run(request).await;
            faults::spoil_body(action, response).await
        }
    }
}
