//! Authentication: reading the credential a request carries, and the extractors that
//! routes use to require one (`Authenticated`) or one with rights to change state (`Writer`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use chrono::Utc;

use crate::error::ApiError;
use crate::state::{AppState, Principal};
use crate::tokens::TokenError;

/// The outcome of checking a request's credential, stored in the request's extensions.
#[derive(Debug, Clone)]
pub enum Credential {
    /// The request carried no credential.
    Missing,
    /// The request carried a credential the emulator does not accept.
    Invalid(&'static str),
    /// The request carried a valid credential.
    Valid(Principal),
}

impl Credential {
    /// Checks the `X-Api-Key` header, then an `Authorization: Bearer` header. Header names
    /// match case-insensitively; an API key wins when both are sent.
    pub fn from_headers(state: &AppState, headers: &HeaderMap) -> Credential {
        if let Some(value) = headers.get("x-api-key") {
            let key = value.to_str().unwrap_or("");
            return match state.principal_for_api_key(key) {
                Some(principal) => Credential::Valid(principal),
                None => Credential::Invalid("The API key is not valid or has been revoked."),
            };
        }
        let Some(authorization) = headers.get(header::AUTHORIZATION) else {
            return Credential::Missing;
        };
        let authorization = authorization.to_str().unwrap_or("").trim();
        let token = match authorization.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => {
                return Credential::Invalid("The Authorization header must use the Bearer scheme.")
            }
        };
        match state.tokens().check_access(token, Utc::now()) {
            Ok(client_id) => Credential::Valid(Principal::Bearer { client_id }),
            Err(TokenError::Expired) => Credential::Invalid("The bearer token has expired."),
            Err(TokenError::Unknown) => Credential::Invalid("The bearer token is not valid."),
        }
    }

    /// Returns the principal when the credential is valid.
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Credential::Valid(principal) => Some(principal),
            _ => None,
        }
    }
}

fn require_principal(parts: &Parts) -> Result<Principal, ApiError> {
    match parts.extensions.get::<Credential>() {
        Some(Credential::Valid(principal)) => Ok(principal.clone()),
        Some(Credential::Invalid(message)) => Err(ApiError::unauthorised(*message)),
        _ => Err(ApiError::unauthorised(
            "Authentication is required. Send an API key in the X-Api-Key header or a bearer \
             token in the Authorization header.",
        )),
    }
}

/// A request from any authenticated principal; extracting it rejects others with 401.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        require_principal(parts).map(Authenticated)
    }
}

/// A request from a principal that may change state; read-only principals get 403.
#[derive(Debug, Clone)]
pub struct Writer(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let principal = require_principal(parts)?;
        if !principal.can_write() {
            return Err(ApiError::forbidden(format!(
                "{} may read but not make changes.",
                principal.display_name()
            )));
        }
        Ok(Writer(principal))
    }
}
