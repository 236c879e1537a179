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
use crate::state::{AppState, Config};
use crate::tokens::{TokenError, SCOPES};

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

/// An OAuth 2.0 error of the token endpoint (RFC 6749 section 5.2).
#[derive(Debug, thiserror::Error)]
#[error("{error}: {description}")]
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn bad_request(error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        no_store((self.status, Json(body)).into_response())
    }
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

/// Checks the client's id and secret, sent either by HTTP Basic authentication or in the
/// form, and returns the client id that was sent.
fn authenticate_client(
    config: &Config,
    headers: &HeaderMap,
    form: &QueryParams,
) -> Result<Option<String>, OAuthError> {
    let basic = basic_credentials(headers);
    // RFC 6749 section 5.2: 401 when the client tried HTTP authentication, 400 otherwise.
    let failure_status = if basic.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let (client_id, client_secret) = match &basic {
        Some((id, secret)) => (Some(id.as_str()), Some(secret.as_str())),
        None => (form.get("client_id"), form.get("client_secret")),
    };
    if client_id.is_some_and(|id| id != config.oidc_client_id) {
        return Err(OAuthError {
            status: failure_status,
            error: "invalid_client",
            description: "The client_id is not known. Use the client id that \
                          /api/v1/auth/config returns."
                .to_string(),
        });
    }
    if let Some(expected) = &config.oidc_client_secret {
        if client_secret != Some(expected.as_str()) {
            return Err(OAuthError {
                status: failure_status,
                error: "invalid_client",
                description: "The client secret is missing or wrong. Send the secret the \
                              emulator was started with."
                    .to_string(),
            });
        }
    }
    Ok(client_id.map(str::to_string))
}

/// Checks the grant and returns the client the new tokens are for.
fn check_grant(
    state: &AppState,
    form: &QueryParams,
    client_id: Option<&str>,
) -> Result<String, OAuthError> {
    let bad_request = OAuthError::bad_request;
    match form.get("grant_type").unwrap_or("") {
        "client_credentials" => match client_id {
            Some(client_id) => Ok(client_id.to_string()),
            None => Err(bad_request("invalid_request", "client_id is required.")),
        },
        "refresh_token" => {
            let Some(refresh_token) = form.get("refresh_token") else {
                return Err(bad_request("invalid_request", "refresh_token is required."));
            };
            state
                .tokens()
                .check_refresh(refresh_token, Utc::now())
                .map_err(|error| {
                    let description = match error {
                        TokenError::Unknown => "The refresh token is not valid.",
                        TokenError::Expired => "The refresh token has expired.",
                    };
                    OAuthError::bad_request("invalid_grant", description.to_string())
                })
        }
        "" => Err(bad_request("invalid_request", "grant_type is required.")),
        _ => Err(bad_request(
            "unsupported_grant_type",
            "The emulator supports the client_credentials and refresh_token grants.",
        )),
    }
}

/// `POST /connect/token` with a form body.
pub async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let config = &state.config;
    if !config.sso_enabled {
        return ApiError::NoRoute.into_response();
    }
    let form = QueryParams::parse(std::str::from_utf8(&body).ok());
    let client_id = match authenticate_client(config, &headers, &form) {
        Ok(client_id) => client_id,
        Err(error) => return error.into_response(),
    };
    let client = match check_grant(&state, &form, client_id.as_deref()) {
        Ok(client) => client,
        Err(error) => return error.into_response(),
    };

    let issued = state.tokens().issue(
        &client,
        &config.base_url,
        config.token_lifetime_seconds,
        Utc::now(),
    );
    tracing::info!(
        "token issued to client {client} by the {} grant",
        form.get("grant_type").unwrap_or("")
    );
    let body = json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "refresh_token": issued.refresh_token,
        "scope": SCOPES.join(" "),
    });
    no_store(Json(body).into_response())
}
