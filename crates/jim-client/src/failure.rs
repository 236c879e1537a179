//! Turns failed HTTP exchanges into [`Error`]s with messages written for the user.
//!
//! The JIM server sends errors in one of two body shapes: its own
//! `{code, message, details, validationErrors, timestamp}` and ASP.NET Core's problem details
//! `{title, status, errors}`. Both are read here, and a body that is neither still yields a
//! message that names the HTTP status.

use reqwest::StatusCode;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, RequestSummary, ServerResponse};
use crate::transport::{Call, CallKind};

/// Fields read from an error response body.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ErrorBody {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) validation_errors: Option<Map<String, Value>>,
}

/// Reads an error body in either of the server's shapes. A body that is not a JSON object
/// yields no fields.
pub(crate) fn parse_error_body(body: &[u8]) -> ErrorBody {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return ErrorBody::default();
    };
    let text = |key: &str| match object.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    };
    let fields = |key: &str| match object.get(key) {
        Some(Value::Object(map)) if !map.is_empty() => Some(map.clone()),
        _ => None,
    };

    // `error` is the OAuth and `sso_not_configured` spelling of the code, and `detail` is the
    // problem-details spelling of a longer message.
    let code = text("code").or_else(|| text("error"));
    let message = text("message")
        .or_else(|| text("title"))
        .or_else(|| text("detail"))
        .or_else(|| text("error_description"));
    let validation_errors = fields("validationErrors").or_else(|| fields("errors"));
    ErrorBody {
        code,
        message,
        validation_errors,
    }
}

/// Credential type a connection sends, for the advice in a 401 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialKind {
    ApiKey,
    Bearer { refreshed: bool },
}

/// Everything known about an HTTP error response.
pub(crate) struct FailedResponse<'a> {
    pub(crate) status: StatusCode,
    pub(crate) body: &'a [u8],
    pub(crate) retry_after_seconds: Option<u64>,
    pub(crate) attempts: u32,
    pub(crate) credential: CredentialKind,
}

/// Builds the error for an HTTP error status.
pub(crate) fn http_error(call: &Call, response: FailedResponse<'_>) -> Error {
    let status = response.status.as_u16();
    let body = parse_error_body(response.body);
    let kind = ErrorKind::from_http_status(status);
    let action = &call.target.action;
    let status_text = describe_status(response.status);
    let attempts = attempts_clause(response.attempts);

    let mut message = match status {
        404 => sentence(&call.target.not_found),
        400 => format!("The JIM server rejected the request to {action} ({status_text})."),
        401 => unauthorised_message(action, response.credential),
        403 => format!(
            "The credential was accepted, but it lacks permission to {action} ({status_text}). \
             Ask a JIM administrator to grant the role this needs."
        ),
        409 => format!(
            "The request to {action} conflicts with the current state of the JIM server \
             ({status_text})."
        ),
        429 => {
            let wait = match response.retry_after_seconds {
                Some(seconds) => format!("Wait {seconds} seconds before trying again."),
                None => "Wait a minute before trying again.".to_owned(),
            };
            format!(
                "The JIM server kept rate limiting the request to {action} ({status_text}){attempts}. \
                 {wait}"
            )
        }
        500..=599 => {
            let mut text = format!("The JIM server failed to {action} ({status_text}){attempts}.");
            text.push_str(match call.kind {
                CallKind::Read => "",
                CallKind::Change => {
                    " The server may have carried out the request, so check its current state \
                     before repeating it."
                }
                CallKind::Execute => {
                    " The run may have been queued anyway, so check the Activities before \
                     starting it again."
                }
            });
            text
        }
        402..=499 => format!("The JIM server rejected the request to {action} ({status_text})."),
        _ => format!(
            "The JIM server returned an unexpected {status_text} to the request to {action}."
        ),
    };

    if let Some(server_message) = &body.message {
        // JIM's 404 messages often match the sentence above word for word.
        if !repeats(&message, server_message) {
            message.push_str(" Server message: ");
            message.push_str(&sentence(server_message));
        }
    }
    if let Some(validation_errors) = &body.validation_errors {
        message.push_str(" Validation errors: ");
        message.push_str(&describe_validation_errors(validation_errors));
    }

    Error::Http {
        kind,
        message,
        request: call.summary(),
        response: Box::new(ServerResponse {
            http_status: status,
            code: body.code,
            server_message: body.message,
            validation_errors: body.validation_errors,
            retry_after_seconds: response.retry_after_seconds,
        }),
    }
}

/// Builds the error for a request that could not be sent or whose response was not read.
pub(crate) fn transport_error(
    call: &Call,
    error: &reqwest::Error,
    attempts: u32,
    base_url: &str,
) -> Error {
    let action = &call.target.action;
    let cause = describe_cause(error);
    let attempts = attempts_clause(attempts);
    let (kind, mut message) = if error.is_timeout() {
        (
            ErrorKind::TimedOut,
            format!("The request to {action} timed out{attempts}: {cause}."),
        )
    } else if error.is_connect() {
        (
            ErrorKind::ConnectionFailed,
            format!(
                "Could not connect to the JIM server at {base_url} to {action}{attempts}: \
                 {cause}. Check the URL and that the server is running and reachable."
            ),
        )
    } else {
        (
            ErrorKind::ConnectionFailed,
            format!(
                "The connection to the JIM server at {base_url} failed during the request to \
                 {action}{attempts}: {cause}."
            ),
        )
    };

    // A connect error means nothing was sent, but any other failure may have reached the
    // server.
    if !error.is_connect() {
        message.push_str(match call.kind {
            CallKind::Read => "",
            CallKind::Change => {
                " The server may have carried out the request, so check its current state \
                 before repeating it."
            }
            CallKind::Execute => {
                " The run may have been queued anyway, so check the Activities before starting \
                 it again."
            }
        });
    }
    Error::Transport {
        kind,
        message,
        request: call.summary(),
    }
}

/// Builds the error for a success response whose body is not the JSON expected.
///
/// The status was a success, so a change has most likely been made. The message states
/// that, because a caller that simply repeated the change would make it twice.
pub(crate) fn invalid_body(call: &Call, status: StatusCode, detail: &str) -> Error {
    let summary = call.summary();
    let outcome = match call.kind {
        CallKind::Read => format!("so the request to {} failed", call.target.action),
        CallKind::Change => format!(
            "so its result could not be read. The server reported success, so the request to {} \
             was most likely carried out: check its current state before repeating it",
            call.target.action
        ),
        CallKind::Execute => format!(
            "so its result could not be read. The server reported success, so the request to {} \
             was most likely queued: check the Activities before starting it again",
            call.target.action
        ),
    };
    Error::InvalidResponse {
        message: format!(
            "The JIM server's response to {} {} ({}) is not the JSON expected, {outcome}. \
             Detail: {detail}.",
            summary.method,
            summary.path,
            describe_status(status),
        ),
        request: summary,
        http_status: status.as_u16(),
    }
}

fn unauthorised_message(action: &str, credential: CredentialKind) -> String {
    match credential {
        CredentialKind::ApiKey => format!(
            "The JIM server rejected the API key (HTTP 401) for the request to {action}. Check \
             that the key was copied in full, has not expired or been revoked, and was created on \
             this JIM server."
        ),
        CredentialKind::Bearer { refreshed: false } => format!(
            "The JIM server rejected the access token (HTTP 401) for the request to {action}. \
             Sign in again to get a new token."
        ),
        CredentialKind::Bearer { refreshed: true } => format!(
            "The JIM server rejected the access token (HTTP 401) for the request to {action}, \
             even after it was refreshed. Sign in again to get a new token."
        ),
    }
}

/// Formats a status as `HTTP 503 Service Unavailable`.
pub(crate) fn describe_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

fn attempts_clause(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// Joins the messages of an error's sources, leaving out the request URL.
fn describe_cause(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(current) = source {
        let text = current.to_string();
        if !text.is_empty() && !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = current.source();
    }
    if parts.is_empty() {
        if error.is_timeout() {
            return "no response arrived within the timeout".to_owned();
        }
        return "the request failed".to_owned();
    }
    parts.join(": ")
}

fn describe_validation_errors(errors: &Map<String, Value>) -> String {
    let described: Vec<String> = errors
        .iter()
        .map(|(field, value)| {
            let messages = match value {
                Value::Array(items) => items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            sentence(&format!("{field}: {messages}"))
        })
        .collect();
    described.join(" ")
}

/// Returns whether `message` already contains `server_message`, ignoring case and a final
/// full stop.
fn repeats(message: &str, server_message: &str) -> bool {
    let needle = server_message.trim().trim_end_matches('.').to_lowercase();
    !needle.is_empty() && message.to_lowercase().contains(&needle)
}

/// Returns `text` with a full stop added unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.ends_with(['.', '!', '?']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

impl Call {
    /// Returns the method and path of the call, for error documents.
    pub(crate) fn summary(&self) -> RequestSummary {
        RequestSummary {
            method: self.method.to_string(),
            path: self.url.path().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_jim_shape() {
        let body = br#"{"code":"VALIDATION_ERROR","message":"Invalid request","details":null,
            "validationErrors":{"name":["Too long."]},"timestamp":"2026-07-13T12:00:00Z"}"#;
        let parsed = parse_error_body(body);
        assert_eq!(parsed.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(parsed.message.as_deref(), Some("Invalid request"));
        assert!(parsed.validation_errors.unwrap().contains_key("name"));
    }

    #[test]
    fn error_body_problem_details_shape() {
        let body = br#"{"title":"One or more validation errors occurred.","status":400,
            "errors":{"PageSize":["The field PageSize must be between 1 and 10000."]}}"#;
        let parsed = parse_error_body(body);
        assert_eq!(parsed.code, None);
        assert_eq!(
            parsed.message.as_deref(),
            Some("One or more validation errors occurred.")
        );
        assert!(parsed.validation_errors.unwrap().contains_key("PageSize"));
    }

    #[test]
    fn error_body_not_json() {
        assert_eq!(
            parse_error_body(b"<html>Bad gateway</html>"),
            ErrorBody::default()
        );
        assert_eq!(parse_error_body(b""), ErrorBody::default());
    }

    #[test]
    fn validation_errors_one_sentence_per_field() {
        let errors = serde_json::json!({
            "name": ["The name is required.", "The name must be 1 to 200 characters"],
            "pageSize": ["The page size must be between 1 and 10000."]
        });
        let Value::Object(errors) = errors else {
            unreachable!()
        };
        assert_eq!(
            describe_validation_errors(&errors),
            "name: The name is required. The name must be 1 to 200 characters. pageSize: The \
             page size must be between 1 and 10000."
        );
    }

    #[test]
    fn repeated_server_message_detected() {
        assert!(repeats(
            "Connected System 9 was not found.",
            "Connected System 9 was not found."
        ));
        assert!(repeats(
            "Connected System 9 was not found.",
            "connected system 9 was not found"
        ));
        assert!(!repeats(
            "Connected System 9 was not found.",
            "Connected system not found"
        ));
        assert!(!repeats("Anything.", " "));
    }

    #[test]
    fn sentence_adds_full_stop_once() {
        assert_eq!(sentence("Not found"), "Not found.");
        assert_eq!(sentence("Not found."), "Not found.");
    }
}
