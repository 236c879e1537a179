//! Settings of a connection: the credential, timeouts, retries and TLS checking.

use std::time::Duration;

use secrecy::SecretString;

/// Credential sent with every request.
///
/// The secrets are held as [`SecretString`], so `Debug` output shows `[REDACTED]` in place
/// of them.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An API key, sent as `X-Api-Key`.
    ApiKey(SecretString),
    /// OIDC bearer tokens, sent as `Authorization: Bearer`.
    Bearer {
        /// Access token. When it is absent the connection refreshes one before its first
        /// request.
        access_token: Option<SecretString>,
        /// Refresh token used once per request after a 401.
        refresh_token: Option<SecretString>,
    },
}

/// Settings of a connection other than the credential.
#[derive(Debug, Clone)]
pub struct ConnectionOptions {
    /// Time allowed for each HTTP request, from connecting to reading the whole body.
    pub timeout: Duration,
    /// How many times a failed request may be repeated (so up to `max_retries + 1` attempts).
    pub max_retries: u32,
    /// Delay before the first retry when the server gave no `Retry-After`. It doubles for
    /// each further retry, up to [`ConnectionOptions::max_retry_delay`].
    pub retry_delay: Duration,
    /// Upper bound for the growing delay between retries.
    pub max_retry_delay: Duration,
    /// Upper bound for a wait that a `Retry-After` header requests.
    pub max_retry_after: Duration,
    /// Upper bound on the pages read from a paginated list. The default of 10,000 pages of
    /// 100 rows is the server's own limit: it rejects paging deeper than 1,000,000 rows.
    pub max_pages: u32,
    /// Accept any TLS certificate, including self-signed and expired ones.
    pub skip_certificate_check: bool,
    /// OAuth client ID sent when refreshing a bearer token. When absent the `clientId` from
    /// `GET /api/v1/auth/config` is used.
    pub client_id: Option<String>,
    /// Token endpoint used to refresh a bearer token. When absent it is discovered from the
    /// authority in `GET /api/v1/auth/config`.
    pub token_endpoint: Option<String>,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        ConnectionOptions {
            timeout: Duration::from_secs(100),
            max_retries: 3,
            retry_delay: Duration::from_millis(500),
            max_retry_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            max_pages: 10_000,
            skip_certificate_check: false,
            client_id: None,
            token_endpoint: None,
        }
    }
}
