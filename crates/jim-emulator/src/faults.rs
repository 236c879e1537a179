//! Faults on purpose: rules that add latency or spoil responses, so that clients can be tested
//! against a server that misbehaves. Rules come from start-up flags or from the
//! `/_emulator/faults` control route, and never apply to the control routes themselves.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::standard_body;

/// The effect of a fault rule on a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// Waits `latencyMs` before handling the request; combines with the other kinds.
    Latency,
    /// Replaces the response with an error body (`status` 401, 403, 429, 500, 502 or 503).
    Error,
    /// Closes the connection without sending a response.
    DropBeforeResponse,
    /// Sends the headers and part of the body, then closes the connection.
    DropMidBody,
    /// Sends a complete response whose JSON body is cut off half-way.
    TruncatedJson,
    /// Sends a complete response whose JSON body has a syntax error.
    MalformedJson,
    /// Sends the body a few bytes at a time over `durationMs`.
    SlowBody,
}

impl FaultKind {
    /// Returns the wire name, as used in the control route and the request record.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Latency => "latency",
            FaultKind::Error => "error",
            FaultKind::DropBeforeResponse => "dropBeforeResponse",
            FaultKind::DropMidBody => "dropMidBody",
            FaultKind::TruncatedJson => "truncatedJson",
            FaultKind::MalformedJson => "malformedJson",
            FaultKind::SlowBody => "slowBody",
        }
    }
}

fn default_rate() -> f64 {
    1.0
}

/// One fault rule, as the control route takes and returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    pub kind: FaultKind,
    /// Only requests whose path starts with this (compared case-insensitively) are affected;
    /// all non-control paths if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Only requests with this method are affected; every method if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Share of matching requests affected, from 0 to 1.
    #[serde(default = "default_rate")]
    pub rate: f64,
    /// Affected requests left before the rule stops; unlimited if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Added latency in milliseconds, for `latency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// HTTP status for `error`: 401, 403, 429, 500, 502 or 503 (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-After` seconds sent with an `error`; none if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// Time over which `slowBody` trickles the body, in milliseconds (default 2000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// For `error` and `dropBeforeResponse`: whether the request is carried out before the
    /// response is lost. Defaults to false for `error` and true for `dropBeforeResponse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled: Option<bool>,
}

impl FaultRule {
    /// Builds a rule of this kind that affects every request with the given share.
    pub fn with_rate(kind: FaultKind, rate: f64) -> FaultRule {
        FaultRule {
            kind,
            path_prefix: None,
            method: None,
            rate,
            count: None,
            latency_ms: None,
            status: None,
            retry_after_seconds: None,
            duration_ms: None,
            handled: None,
        }
    }

    /// Checks the fields that serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.rate) {
            return Err(format!(
                "invalid rate {} for a {} fault: expected a share from 0 to 1",
                self.rate,
                self.kind.name()
            ));
        }
        if self.kind == FaultKind::Latency && self.latency_ms.is_none() {
            return Err("a latency fault needs latencyMs".to_string());
        }
        if let Some(status) = self.status {
            if ![401, 403, 429, 500, 502, 503].contains(&status) {
                return Err(format!(
                    "invalid status {status} for an error fault: expected 401, 403, 429, 500, \
                     502 or 503"
                ));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let prefix_matches = self
            .path_prefix
            .as_deref()
            .is_none_or(|prefix| path.starts_with(&prefix.to_ascii_lowercase()));
        let method_matches = self
            .method
            .as_deref()
            .is_none_or(|expected| expected.eq_ignore_ascii_case(method));
        prefix_matches && method_matches && self.count != Some(0)
    }
}

/// The faults chosen for one request.
#[derive(Debug, Clone, Default)]
pub struct FaultPlan {
    pub latency: Duration,
    pub action: Option<FaultAction>,
}

/// The one fault, besides latency, applied to a request.
#[derive(Debug, Clone, Copy)]
pub struct FaultAction {
    pub kind: FaultKind,
    pub status: StatusCode,
    pub retry_after_seconds: Option<u64>,
    pub duration: Duration,
    /// Whether the request is carried out before its response is lost or replaced.
    pub handled: bool,
}

/// The active fault rules.
#[derive(Debug, Clone, Default)]
pub struct FaultSet {
    pub rules: Vec<FaultRule>,
}

impl FaultSet {
    /// Chooses the faults for one request and counts them against each rule's `count`.
    ///
    /// Every matching latency rule adds its latency; of the other rules, the first one that
    /// triggers is applied.
    pub fn plan(&mut self, method: &str, path: &str) -> FaultPlan {
        let mut plan = FaultPlan::default();
        for rule in &mut self.rules {
            let is_latency = rule.kind == FaultKind::Latency;
            if !is_latency && plan.action.is_some() {
                continue;
            }
            if !rule.matches(method, path) || fastrand::f64() >= rule.rate {
                continue;
            }
            if let Some(count) = rule.count.as_mut() {
                *count -= 1;
            }
            if is_latency {
                plan.latency += Duration::from_millis(rule.latency_ms.unwrap_or(0));
                continue;
            }
            plan.action = Some(FaultAction {
                kind: rule.kind,
                status: rule
                    .status
                    .and_then(|status| StatusCode::from_u16(status).ok())
                    .unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                retry_after_seconds: rule.retry_after_seconds,
                duration: Duration::from_millis(rule.duration_ms.unwrap_or(2000)),
                handled: rule
                    .handled
                    .unwrap_or(rule.kind == FaultKind::DropBeforeResponse),
            });
        }
        plan
    }
}

/// A response extension that makes the connection loop close the connection in place of
/// sending the response.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// Builds a response that makes the connection loop close the connection.
pub fn dropped_connection() -> Response {
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(DropConnection);
    response
}

/// Builds the response of an `error` fault, with the server's error body for its status.
pub fn error_response(status: StatusCode, retry_after_seconds: Option<u64>) -> Response {
    let (code, message) = match status {
        StatusCode::UNAUTHORIZED => (
            "UNAUTHORISED",
            "Authentication is required. Supply a valid API key or bearer token.",
        ),
        StatusCode::FORBIDDEN => (
            "FORBIDDEN",
            "You do not have permission to perform this action.",
        ),
        StatusCode::TOO_MANY_REQUESTS => (
            "TOO_MANY_REQUESTS",
            "Too many requests. Wait for the time given in Retry-After and try again.",
        ),
        StatusCode::INTERNAL_SERVER_ERROR => (
            "INTERNAL_ERROR",
            "An unexpected error occurred while processing the request.",
        ),
        StatusCode::BAD_GATEWAY => (
            "BAD_GATEWAY",
            "The upstream service returned an invalid response.",
        ),
        _ => (
            "SERVICE_UNAVAILABLE",
            "The service is temporarily unavailable. Try again later.",
        ),
    };
    let mut response = (status, Json(standard_body(code, message, None))).into_response();
    if let Some(seconds) = retry_after_seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Applies a body fault to a response that the route produced.
pub async fn spoil_body(action: FaultAction, response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return dropped_connection();
    };
    let length = bytes.len();
    let body = match action.kind {
        FaultKind::TruncatedJson => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(bytes.slice(..length / 2))
        }
        FaultKind::MalformedJson => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(malform(&bytes))
        }
        FaultKind::DropMidBody => {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            Body::from_stream(cut_off(bytes.slice(..length / 2)))
        }
        FaultKind::SlowBody => {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            Body::from_stream(trickle(bytes, action.duration))
        }
        _ => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

/// Breaks a JSON text so that no parser accepts it, keeping its start recognisable.
fn malform(bytes: &Bytes) -> Bytes {
    let mut text = bytes.to_vec();
    match text.iter().position(|byte| *byte == b'{' || *byte == b'[') {
        Some(position) => {
            text.splice(position + 1..position + 1, b",,".iter().copied());
        }
        None => text.extend_from_slice(b"{,,"),
    }
    Bytes::from(text)
}

/// Sends `head`, waits so that hyper writes it and the headers out, then fails the body so
/// that hyper closes the connection.
fn cut_off(head: Bytes) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures::stream::unfold(Some(head), |head| async move {
        match head {
            Some(head) => Some((Ok(head), None)),
            None => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let error = std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "connection dropped part-way through the body on purpose",
                );
                Some((Err(error), None))
            }
        }
    })
}

/// Sends the body in 20 pieces spread evenly over `duration`.
fn trickle(
    bytes: Bytes,
    duration: Duration,
) -> impl futures::Stream<Item = Result<Bytes, Infallible>> + Send {
    const PIECES: usize = 20;
    let piece_length = bytes.len().div_ceil(PIECES).max(1);
    let pause = duration / PIECES as u32;
    futures::stream::unfold(bytes, move |mut rest| async move {
        if rest.is_empty() {
            return None;
        }
        tokio::time::sleep(pause).await;
        let piece = rest.split_to(piece_length.min(rest.len()));
        Some((Ok(piece), rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_limits_affected_requests() {
        let mut rule = FaultRule::with_rate(FaultKind::Error, 1.0);
        rule.count = Some(2);
        let mut faults = FaultSet { rules: vec![rule] };
        assert!(faults.plan("GET", "/api/v1/health").action.is_some());
        assert!(faults.plan("GET", "/api/v1/health").action.is_some());
        assert!(faults.plan("GET", "/api/v1/health").action.is_none());
    }

    #[test]
    fn prefix_and_method_narrow_rule() {
        let mut rule = FaultRule::with_rate(FaultKind::DropBeforeResponse, 1.0);
        rule.path_prefix = Some("/api/v1/activities".to_string());
        rule.method = Some("get".to_string());
        let mut faults = FaultSet { rules: vec![rule] };
        assert!(faults.plan("GET", "/api/v1/health").action.is_none());
        assert!(faults.plan("POST", "/api/v1/activities").action.is_none());
        assert!(faults.plan("GET", "/api/v1/activities/x").action.is_some());
    }

    #[test]
    fn latency_adds_up_beside_action() {
        let mut latency = FaultRule::with_rate(FaultKind::Latency, 1.0);
        latency.latency_ms = Some(30);
        let mut faults = FaultSet {
            rules: vec![
                latency.clone(),
                FaultRule::with_rate(FaultKind::TruncatedJson, 1.0),
                latency,
            ],
        };
        let plan = faults.plan("GET", "/");
        assert_eq!(plan.latency, Duration::from_millis(60));
        assert_eq!(
            plan.action.map(|action| action.kind),
            Some(FaultKind::TruncatedJson)
        );
    }

    #[test]
    fn malformed_json_does_not_parse() {
        let spoilt = malform(&Bytes::from_static(br#"{"a":1}"#));
        assert!(serde_json::from_slice::<serde_json::Value>(&spoilt).is_err());
    }
}
