//! The emulator's stand-in for an OIDC provider: the discovery document, a token endpoint
//! for the `client_credentials` and `refresh_token` grants, and JIM's `auth/config` route
//! that points clients at it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::Utc;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::pagination::QueryParams;
use crate::state::AppState;
use crate::tokens::SCOPES;

/// `GET /api/v1/auth/config` (anonymous): where and how clients sign in.
pub async fn auth_config(State(state): State<AppState>) -> Response {
    let config = &state.config;
    if !config.sso_enabled {
        let body = json!({
            "error": "sso_not_configured",
            "message": "Single sign-on is not configured on this JIM server. Use an API key.",
        });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    Json(json!({
        "authority": config.base_url,
        "clientId": config.oidc_client_id,
        "scopes": SCOPES,
        "responseType": "code",
        "usePkce": true,
        "codeChallengeMethod": "S256",
    }))
    .into_response()
}

/// `GET /.well-known/openid-configuration`.
pub async fn discovery(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let base = &state.config.base_url;
    if !state.config.sso_enabled {
        return Err(ApiError::NoRoute);
    }
    Ok(Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/connect/authorize"),
        "token_endpoint": format!("{base}/connect/token"),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": SCOPES,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    })))
}

/// An OAuth 2.0 error answer from the token endpoint (RFC 6749 section 5.2).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({"error": error, "error_description": description});
    no_store((status, Json(body)).into_response())
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Reads client credentials from HTTP Basic authentication, if sent.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// `POST /connect/token` with a form body.
pub async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let config = &state.config;
    if !config.sso_enabled {
        return ApiError::NoRoute.into_response();
    }
    let form = QueryParams::parse(std::str::from_utf8(&body).ok());
    let basic = basic_credentials(&headers);
    let failed_client_status = if basic.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let (client_id, client_secret) = match &basic {
        Some((id, secret)) => (Some(id.as_str()), Some(secret.as_str())),
        None => (form.get("client_id"), form.get("client_secret")),
    };
    if client_id.is_some_and(|id| id != config.oidc_client_id) {
        return oauth_error(failed_client_status, "invalid_client", "Unknown client_id.");
    }
    if let Some(expected) = &config.oidc_client_secret {
        if client_secret != Some(expected.as_str()) {
            return oauth_error(
                failed_client_status,
                "invalid_client",
                "The client secret is missing or wrong.",
            );
        }
    }
    let now = Utc::now();
    let grant_type = form.get("grant_type").unwrap_or("");
    let client = match grant_type {
        "client_credentials" => {
            if client_id.is_none() {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "client_id is required.",
                );
            }
            config.oidc_client_id.clone()
        }
        "refresh_token" => {
            let Some(refresh_token) = form.get("refresh_token") else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "refresh_token is required.",
                );
            };
            match state.tokens().check_refresh(refresh_token, now) {
                Ok(client) => client,
                Err(error) => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        &error.to_string(),
                    )
                }
            }
        }
        "" => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required.",
            )
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The emulator supports the client_credentials and refresh_token grants.",
            )
        }
    };
    let issued = state.tokens().issue(
        &client,
        &config.base_url,
        config.token_lifetime_seconds,
        now,
    );
    tracing::info!("token issued to client {client} by the {grant_type} grant");
    no_store(
        Json(json!({
            "access_token": issued.access_token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "refresh_token": issued.refresh_token,
            "scope": SCOPES.join(" "),
        }))
        .into_response(),
    )
}
