//! Failures of an export and the JSON error document that describes them.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::status::JimStatus;

/// A failed export, before it is written out as an error document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub(crate) status: JimStatus,
    pub(crate) message: String,
    /// Request and response fields, present when a request was sent.
    pub(crate) details: Option<Box<FailureDetails>>,
}

/// The request and response fields of an error document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FailureDetails {
    pub(crate) http_status: Option<u16>,
    pub(crate) code: Option<String>,
    pub(crate) server_message: Option<String>,
    pub(crate) validation_errors: Option<Map<String, Value>>,
    pub(crate) retry_after_seconds: Option<u64>,
    pub(crate) method: Option<String>,
    pub(crate) path: Option<String>,
}

impl Failure {
    /// Creates a failure with only a status and a message.
    pub(crate) fn new(status: JimStatus, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            details: None,
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Failure {
        Failure::new(JimStatus::InvalidArgument, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Failure {
        Failure::new(JimStatus::Internal, message)
    }

    /// Serializes the failure as the error document of `operation`.
    pub(crate) fn to_document(&self, operation: &str) -> String {
        let none = FailureDetails::default();
        let details = self.details.as_deref().unwrap_or(&none);
        let document = ErrorDocument {
            status: self.status.name(),
            message: &self.message,
            operation,
            http_status: details.http_status,
            code: details.code.as_deref(),
            server_message: details.server_message.as_deref(),
            validation_errors: details.validation_errors.as_ref(),
            retry_after_seconds: details.retry_after_seconds,
            method: details.method.as_deref(),
            path: details.path.as_deref(),
        };
        // Serializing borrowed strings, numbers and a JSON map cannot fail. The fallback
        // keeps the status and operation should it ever do so.
        serde_json::to_string(&document).unwrap_or_else(|_| {
            format!(
                "{{\"status\":\"{}\",\"message\":\"The error document could not be written.\",\
                 \"operation\":\"{operation}\"}}",
                self.status.name()
            )
        })
    }
}

impl From<jim_client::Error> for Failure {
    fn from(error: jim_client::Error) -> Self {
        let mut failure = Failure::new(error.kind().into(), error.to_string());
        let Some(request) = error.request() else {
            return failure;
        };
        let mut details = FailureDetails {
            http_status: error.http_status(),
            method: Some(request.method.clone()),
            path: Some(request.path.clone()),
            ..FailureDetails::default()
        };
        if let Some(response) = error.server_response() {
            details.code.clone_from(&response.code);
            details.server_message.clone_from(&response.server_message);
            details
                .validation_errors
                .clone_from(&response.validation_errors);
            details.retry_after_seconds = response.retry_after_seconds;
        }
        failure.details = Some(Box::new(details));
        failure
    }
}

/// The error document. Every field is always written, null when it does not apply.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDocument<'a> {
    status: &'static str,
    message: &'a str,
    operation: &'a str,
    http_status: Option<u16>,
    code: Option<&'a str>,
    server_message: Option<&'a str>,
    validation_errors: Option<&'a Map<String, Value>>,
    retry_after_seconds: Option<u64>,
    method: Option<&'a str>,
    path: Option<&'a str>,
}
