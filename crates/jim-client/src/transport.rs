//! Sends one logical request, with authentication, retries and a bearer token refresh.
//!
//! Reads (`GET`) are repeated on 429, on 502, 503 and 504, and when the connection fails.
//! Changes are repeated only when the server cannot have acted on them: on 429, and when
//! the connection failed before the request was sent. A timed-out request is not repeated,
//! because the timeout already bounds how long the caller waits.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::connection::Connection;
use crate::error::Result;
use crate::failure::{self, FailedResponse};

/// Whether the server may act on a request, which decides when it may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// A request with no effect on the server.
    Read,
    /// A request that changes something on the server.
    Change,
    /// A request that queues a run, which a repeat could start twice.
    Execute,
}

/// Purpose of a request, in the words of its error messages.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Completes "the request to …", such as `read Connected System 5`.
    pub(crate) action: String,
    /// Sentence for a 404, such as `Connected System 5 was not found.`.
    pub(crate) not_found: String,
}

impl Target {
    pub(crate) fn new(action: impl Into<String>, not_found: impl Into<String>) -> Target {
        Target {
            action: action.into(),
            not_found: not_found.into(),
        }
    }
}

/// One logical request: sent once, or several times under the retry rules.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Value>,
    pub(crate) kind: CallKind,
    pub(crate) target: Target,
    /// Whether the connection's credential is sent. Requests to an OpenID Provider never
    /// carry the JIM credential.
    pub(crate) authenticated: bool,
}

/// Status and body of a success response.
pub(crate) struct Success {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
}

impl Connection {
    /// Sends `call` under the retry rules and returns the success response.
    pub(crate) async fn send(&self, call: &Call) -> Result<Success> {
        let mut attempts: u32 = 0;
        let mut refreshed = false;
        loop {
            attempts += 1;
            let retries_left = attempts <= self.options.max_retries;
            let generation = self.auth.generation();

            let mut request = self.http.request(call.method.clone(), call.url.clone());
            if call.authenticated {
                let (name, value) = self.auth.header(call)?;
                request = request.header(name, value);
            }
            if let Some(body) = &call.body {
                request = request.json(body);
            }

            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let repeatable = match call.kind {
                        CallKind::Read => !error.is_timeout(),
                        CallKind::Change | CallKind::Execute => error.is_connect(),
                    };
                    if repeatable && retries_left {
                        tokio::time::sleep(self.backoff(attempts, None)).await;
                        continue;
                    }
                    return Err(failure::transport_error(
                        call,
                        &error,
                        attempts,
                        self.url_text(),
                    ));
                }
            };

            let status = response.status();
            let retry_after_seconds = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|value| parse_retry_after(value, SystemTime::now()));

            if status.is_success() {
                match response.bytes().await {
                    Ok(body) => {
                        return Ok(Success {
                            status,
                            body: body.to_vec(),
                        })
                    }
                    Err(error) => {
                        if call.kind == CallKind::Read && !error.is_timeout() && retries_left {
                            tokio::time::sleep(self.backoff(attempts, None)).await;
                            continue;
                        }
                        return Err(failure::transport_error(
                            call,
                            &error,
                            attempts,
                            self.url_text(),
                        ));
                    }
                }
            }

            // The body of an error response is only read for its message, so a body that
            // cannot be read leaves the message without the server's part.
            let body = response
                .bytes()
                .await
                .map(|bytes| bytes.to_vec())
                .unwrap_or_default();

            if status == StatusCode::UNAUTHORIZED
                && call.authenticated
                && !refreshed
                && self.auth.can_refresh()
            {
                refreshed = true;
                // Boxed because a refresh may itself send discovery requests through here.
                Box::pin(self.refresh_access_token(generation)).await?;
                // The refresh does not count as a retry: the server rejected the request
                // without acting on it.
                attempts -= 1;
                continue;
            }

            let repeatable = status == StatusCode::TOO_MANY_REQUESTS
                || (call.kind == CallKind::Read
                    && matches!(
                        status,
                        StatusCode::BAD_GATEWAY
                            | StatusCode::SERVICE_UNAVAILABLE
                            | StatusCode::GATEWAY_TIMEOUT
                    ));
            if repeatable && retries_left {
                tokio::time::sleep(self.backoff(attempts, retry_after_seconds)).await;
                continue;
            }

            return Err(failure::http_error(
                call,
                FailedResponse {
                    status,
                    body: &body,
                    retry_after_seconds,
                    attempts,
                    credential: self.auth.kind(refreshed),
                },
            ));
        }
    }

    /// Sends `call` and parses the body of the success response as `T`.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, call: &Call) -> Result<T> {
        let success = self.send(call).await?;
        serde_json::from_slice(&success.body).map_err(|error| {
            let detail = if success.body.is_empty() {
                "the body is empty".to_owned()
            } else {
                error.to_string()
            };
            failure::invalid_body(call, success.status, &detail)
        })
    }

    /// Returns the delay before retry number `attempts`: the server's `Retry-After` when it
    /// sent one, else a delay that doubles with each attempt.
    fn backoff(&self, attempts: u32, retry_after_seconds: Option<u64>) -> Duration {
        match retry_after_seconds {
            Some(seconds) => Duration::from_secs(seconds).min(self.options.max_retry_after),
            None => {
                let factor = 2u32.saturating_pow(attempts.saturating_sub(1));
                self.options
                    .retry_delay
                    .saturating_mul(factor)
                    .min(self.options.max_retry_delay)
            }
        }
    }
}

/// Reads a `Retry-After` header: a number of seconds, or an HTTP date (a date in the past
/// reads as 0).
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<u64> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(seconds);
    }
    let when = httpdate::parse_http_date(text).ok()?;
    let wait = when.duration_since(now).unwrap_or(Duration::ZERO);
    Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds() {
        let value = HeaderValue::from_static("7");
        assert_eq!(parse_retry_after(&value, SystemTime::now()), Some(7));
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let value = HeaderValue::from_str(&later).unwrap();
        assert_eq!(parse_retry_after(&value, now), Some(30));
    }

    #[test]
    fn retry_after_past_date_is_zero() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        let value = HeaderValue::from_str(&earlier).unwrap();
        assert_eq!(parse_retry_after(&value, now), Some(0));
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        let value = HeaderValue::from_static("soon");
        assert_eq!(parse_retry_after(&value, SystemTime::now()), None);
    }
}
