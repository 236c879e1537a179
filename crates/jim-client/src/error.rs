//! Errors returned by the JIM client, each with a message written for the user.
//!
//! Every message is a complete sentence that names what failed and on which object. No
//! message or field ever contains an API key, a token or an `Authorization` header.

use serde_json::{Map, Value};

/// Broad class of a failure, one for each failure status of the C ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An argument was missing, malformed or out of range, so no request was sent.
    InvalidArgument,
    /// HTTP 404, or no Connected System owns the Run Profile that was looked for.
    NotFound,
    /// HTTP 401: the credential was missing, wrong or expired.
    Unauthorised,
    /// HTTP 403: the credential is valid but lacks the rights for the request.
    Forbidden,
    /// HTTP 400 and other 4xx statuses: the server rejected the request.
    BadRequest,
    /// HTTP 409.
    Conflict,
    /// HTTP 429 that was still returned after the last retry.
    RateLimited,
    /// HTTP 5xx that was still returned after the last retry.
    ServerError,
    /// The connection was refused, reset or dropped, or DNS or TLS failed.
    ConnectionFailed,
    /// The request did not complete within the configured timeout.
    TimedOut,
    /// A response body that is not the JSON expected.
    InvalidResponse,
    /// A failure inside the library itself.
    Internal,
}

impl ErrorKind {
    /// Returns the kind that an HTTP error status maps to.
    pub fn from_http_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorised,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            402..=499 => ErrorKind::BadRequest,
            500..=599 => ErrorKind::ServerError,
            _ => ErrorKind::InvalidResponse,
        }
    }
}

/// Method and path of the HTTP request that failed, as sent (the path includes any prefix
/// of the server URL, never a query string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// HTTP method, such as `GET`.
    pub method: String,
    /// Path of the request URL, such as `/api/v1/activities/…`.
    pub path: String,
}

/// Details of an HTTP error response from the JIM server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerResponse {
    /// HTTP status code.
    pub http_status: u16,
    /// Error code from the body (`NOT_FOUND`, `VALIDATION_ERROR`, ...), when there is one.
    pub code: Option<String>,
    /// The server's own message (`message`, or `title` in a problem-details body).
    pub server_message: Option<String>,
    /// Validation errors by field (`validationErrors`, or `errors` in a problem-details body).
    pub validation_errors: Option<Map<String, Value>>,
    /// Delay the server asked for in `Retry-After`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

/// A failed client operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An argument was rejected before any request was sent.
    #[error("{message}")]
    InvalidArgument {
        /// Sentence naming the argument and what is wrong with it.
        message: String,
    },

    /// The server returned an HTTP error status.
    #[error("{message}")]
    Http {
        /// Class of the failure, from the status code.
        kind: ErrorKind,
        /// Sentence naming the request's purpose and the server's message.
        message: String,
        /// Request that failed.
        request: RequestSummary,
        /// Error response from the server.
        response: Box<ServerResponse>,
    },

    /// The request could not be sent or its response could not be read.
    #[error("{message}")]
    Transport {
        /// [`ErrorKind::ConnectionFailed`] or [`ErrorKind::TimedOut`].
        kind: ErrorKind,
        /// Sentence naming the request's purpose and the cause.
        message: String,
        /// Request that failed.
        request: RequestSummary,
    },

    /// A success response whose body is not the JSON expected.
    #[error("{message}")]
    InvalidResponse {
        /// Sentence naming the request and what was wrong with the body.
        message: String,
        /// Request whose response was invalid.
        request: RequestSummary,
        /// HTTP status of the response.
        http_status: u16,
    },

    /// No Connected System owns the Run Profile that was looked for.
    #[error("Run Profile {run_profile_id} was not found on any Connected System.")]
    RunProfileNotFound {
        /// ID that was looked for.
        run_profile_id: i64,
    },

    /// The library could not set up what it needs to send requests.
    #[error("{message}")]
    Internal {
        /// Sentence naming what could not be set up.
        message: String,
    },
}

impl Error {
    /// Builds an [`Error::InvalidArgument`] from a sentence.
    pub fn invalid_argument(message: impl Into<String>) -> Error {
        Error::InvalidArgument {
            message: message.into(),
        }
    }

    /// Returns the class of the failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Http { kind, .. } | Error::Transport { kind, .. } => *kind,
            Error::InvalidResponse { .. } => ErrorKind::InvalidResponse,
            Error::RunProfileNotFound { .. } => ErrorKind::NotFound,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// Returns the request that failed, when a request was sent.
    pub fn request(&self) -> Option<&RequestSummary> {
        match self {
            Error::Http { request, .. }
            | Error::Transport { request, .. }
            | Error::InvalidResponse { request, .. } => Some(request),
            _ => None,
        }
    }

    /// Returns the server's error response, when the server returned an HTTP error status.
    pub fn server_response(&self) -> Option<&ServerResponse> {
        match self {
            Error::Http { response, .. } => Some(response),
            _ => None,
        }
    }

    /// Returns the HTTP status of the response, when a response was received.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { response, .. } => Some(response.http_status),
            Error::InvalidResponse { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    /// Returns whether the failure is an HTTP 404.
    pub fn is_http_not_found(&self) -> bool {
        matches!(self, Error::Http { response, .. } if response.http_status == 404)
    }
}

/// Result of a client operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
