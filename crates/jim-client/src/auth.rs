//! The credential a connection sends, and the refresh of an expired bearer token.
//!
//! A bearer token is refreshed with the standard `grant_type=refresh_token` form post to
//! the OIDC token endpoint. That endpoint is the `tokenEndpoint` option when given, else it
//! is read from the `token_endpoint` of the discovery document at
//! `{authority}/.well-known/openid-configuration`, where the authority comes from
//! `GET /api/v1/auth/config`.

use std::sync::{PoisonError, RwLock};

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{Mutex, OnceCell};
use url::Url;

use crate::connection::Connection;
use crate::error::{Error, ErrorKind, Result};
use crate::failure::{self, CredentialKind};
use crate::models::{AuthConfig, OpenIdConfiguration, TokenResponse};
use crate::options::Credential;
use crate::transport::{Call, CallKind, Target};

const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

/// The credential of one connection.
pub(crate) enum Auth {
    ApiKey(SecretString),
    Bearer(Box<BearerAuth>),
}

/// Bearer tokens that a refresh replaces.
pub(crate) struct BearerAuth {
    tokens: RwLock<Tokens>,
    /// Serialises refreshes, so that concurrent 401s lead to one refresh.
    refresh_lock: Mutex<()>,
    token_endpoint: OnceCell<TokenEndpoint>,
}

struct Tokens {
    access: Option<SecretString>,
    refresh: Option<SecretString>,
    /// Incremented by each refresh, so a request can tell whether the token it sent is
    /// still the current one.
    generation: u64,
}

#[derive(Clone)]
struct TokenEndpoint {
    url: Url,
    client_id: Option<String>,
}

impl Auth {
    pub(crate) fn new(credential: Credential) -> Auth {
        match credential {
            Credential::ApiKey(key) => Auth::ApiKey(key),
            Credential::Bearer {
                access_token,
                refresh_token,
            } => Auth::Bearer(Box::new(BearerAuth {
                tokens: RwLock::new(Tokens {
                    access: access_token,
                    refresh: refresh_token,
                    generation: 0,
                }),
                refresh_lock: Mutex::new(()),
                token_endpoint: OnceCell::new(),
            })),
        }
    }

    /// Returns the header that carries the credential, marked sensitive so that it is never
    /// shown in debug output.
    pub(crate) fn header(&self, call: &Call) -> Result<(HeaderName, HeaderValue)> {
        let (name, text) = match self {
            Auth::ApiKey(key) => (API_KEY_HEADER, key.expose_secret().to_owned()),
            Auth::Bearer(bearer) => {
                let tokens = bearer.tokens.read().unwrap_or_else(PoisonError::into_inner);
                let Some(access) = &tokens.access else {
                    return Err(Error::invalid_argument(format!(
                        "No access token is available for the request to {}. Pass an \
                         accessToken, or a refreshToken to get one.",
                        call.target.action
                    )));
                };
                (AUTHORIZATION, format!("Bearer {}", access.expose_secret()))
            }
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            Error::invalid_argument(
                "The credential contains characters that cannot be sent in an HTTP header; \
                 check that it was copied without line breaks or spaces.",
            )
        })?;
        value.set_sensitive(true);
        Ok((name, value))
    }

    /// Returns the refresh generation of the current access token.
    pub(crate) fn generation(&self) -> u64 {
        match self {
            Auth::ApiKey(_) => 0,
            Auth::Bearer(bearer) => {
                bearer
                    .tokens
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .generation
            }
        }
    }

    /// Returns whether a refresh token is available.
    pub(crate) fn can_refresh(&self) -> bool {
        match self {
            Auth::ApiKey(_) => false,
            Auth::Bearer(bearer) => bearer
                .tokens
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .refresh
                .is_some(),
        }
    }

    /// Returns whether a bearer credential has no access token yet.
    pub(crate) fn lacks_access_token(&self) -> bool {
        match self {
            Auth::ApiKey(_) => false,
            Auth::Bearer(bearer) => bearer
                .tokens
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .access
                .is_none(),
        }
    }

    pub(crate) fn kind(&self, refreshed: bool) -> CredentialKind {
        match self {
            Auth::ApiKey(_) => CredentialKind::ApiKey,
            Auth::Bearer(_) => CredentialKind::Bearer { refreshed },
        }
    }
}

impl Connection {
    /// Replaces the access token with one from the token endpoint, unless another request
    /// already replaced the token of `seen_generation`.
    pub(crate) async fn refresh_access_token(&self, seen_generation: u64) -> Result<()> {
        let Auth::Bearer(bearer) = &self.auth else {
            return Ok(());
        };
        let _refreshing = bearer.refresh_lock.lock().await;

        let refresh_token = {
            let tokens = bearer.tokens.read().unwrap_or_else(PoisonError::into_inner);
            if tokens.generation != seen_generation {
                return Ok(());
            }
            match &tokens.refresh {
                Some(token) => token.clone(),
                None => return Ok(()),
            }
        };

        let endpoint = bearer
            .token_endpoint
            .get_or_try_init(|| self.discover_token_endpoint())
            .await?
            .clone();

        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        if let Some(client_id) = &endpoint.client_id {
            form.push(("client_id", client_id));
        }

        let call = Call {
            method: Method::POST,
            url: endpoint.url.clone(),
            body: None,
            kind: CallKind::Change,
            target: Target::new(
                format!("refresh the access token at {}", endpoint.url),
                format!("The token endpoint {} was not found.", endpoint.url),
            ),
            authenticated: false,
        };
        let response = self
            .http
            .post(endpoint.url.clone())
            .form(&form)
            .send()
            .await
            .map_err(|error| failure::transport_error(&call, &error, 1, self.url_text()))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| failure::transport_error(&call, &error, 1, self.url_text()))?;

        if !status.is_success() {
            let parsed = failure::parse_error_body(&body);
            let mut message = format!(
                "The access token was rejected and refreshing it at {} failed ({}).",
                endpoint.url,
                failure::describe_status(status)
            );
            if let Some(server_message) = parsed.message.as_deref().or(parsed.code.as_deref()) {
                message.push_str(" Token endpoint message: ");
                message.push_str(server_message.trim_end());
                if !server_message.trim_end().ends_with(['.', '!', '?']) {
                    message.push('.');
                }
            }
            message.push_str(" Sign in again to get a new token.");
            return Err(Error::Http {
                kind: ErrorKind::Unauthorised,
                message,
                request: call.summary(),
                response: Box::new(crate::error::ServerResponse {
                    http_status: status.as_u16(),
                    code: parsed.code,
                    server_message: parsed.message,
                    validation_errors: None,
                    retry_after_seconds: None,
                }),
            });
        }

        let tokens: TokenResponse = serde_json::from_slice(&body)
            .map_err(|error| failure::invalid_body(&call, status, &error.to_string()))?;
        let mut current = bearer
            .tokens
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        current.access = Some(SecretString::from(tokens.access_token));
        if let Some(refresh) = tokens.refresh_token {
            current.refresh = Some(SecretString::from(refresh));
        }
        current.generation += 1;
        Ok(())
    }

    async fn discover_token_endpoint(&self) -> Result<TokenEndpoint> {
        if let Some(configured) = &self.options.token_endpoint {
            let url = Url::parse(configured).map_err(|error| {
                Error::invalid_argument(format!(
                    "The tokenEndpoint option '{configured}' is not a valid URL: {error}."
                ))
            })?;
            return Ok(TokenEndpoint {
                url,
                client_id: self.options.client_id.clone(),
            });
        }

        let config_call = Call {
            method: Method::GET,
            url: self.endpoint("api/v1/auth/config")?,
            body: None,
            kind: CallKind::Read,
            target: Target::new(
                "read the sign-in configuration",
                "The JIM server has no sign-in configuration route (GET /api/v1/auth/config).",
            ),
            authenticated: false,
        };
        let config: AuthConfig = self.send_json(&config_call).await?;

        let authority = config.authority.trim_end_matches('/');
        let discovery_text = format!("{authority}/.well-known/openid-configuration");
        let discovery_url =
            Url::parse(&discovery_text).map_err(|error| Error::InvalidResponse {
                message: format!(
                    "The JIM server's sign-in authority '{authority}' is not a valid URL: {error}."
                ),
                request: config_call.summary(),
                http_status: 200,
            })?;
        let discovery_call = Call {
            method: Method::GET,
            url: discovery_url,
            body: None,
            kind: CallKind::Read,
            target: Target::new(
                format!("read the OpenID configuration of {authority}"),
                format!("The OpenID configuration of {authority} was not found."),
            ),
            authenticated: false,
        };
        let discovery: OpenIdConfiguration = self.send_json(&discovery_call).await?;
        let url = Url::parse(&discovery.token_endpoint).map_err(|error| {
            failure::invalid_body(
                &discovery_call,
                reqwest::StatusCode::OK,
                &format!("token_endpoint is not a valid URL ({error})"),
            )
        })?;
        Ok(TokenEndpoint {
            url,
            client_id: self.options.client_id.clone().or(config.client_id),
        })
    }
}
