//! The status every export returns.

use jim_client::ErrorKind;

/// Outcome of a call. `JIM_STATUS_OK` (0) is success; any other value is a failure, and the
/// call then stores an error document in `*out_error` when `out_error` is not null.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JimStatus {
    /// Success.
    Ok = 0,
    /// A null pointer, invalid UTF-8, malformed request JSON or a bad URL.
    InvalidArgument = 1,
    /// HTTP 404, or no Connected System owns the Run Profile ID.
    NotFound = 2,
    /// HTTP 401: the credential was rejected.
    Unauthorised = 3,
    /// HTTP 403: the credential lacks the rights for the request.
    Forbidden = 4,
    /// HTTP 400: validation failures and refused runs.
    BadRequest = 5,
    /// HTTP 409.
    Conflict = 6,
    /// HTTP 429 that outlasted the retries.
    RateLimited = 7,
    /// HTTP 5xx that outlasted the retries.
    ServerError = 8,
    /// A refused, reset or dropped connection, or a DNS or TLS failure.
    ConnectionFailed = 9,
    /// The request timed out.
    TimedOut = 10,
    /// A response body that is not the JSON expected.
    InvalidResponse = 11,
    /// A bug in the library, such as a caught panic.
    Internal = 12,
}

impl JimStatus {
    /// Returns the name used in the `status` field of the error document, such as
    /// `NotFound`.
    pub fn name(self) -> &'static str {
        match self {
            JimStatus::Ok => "Ok",
            JimStatus::InvalidArgument => "InvalidArgument",
            JimStatus::NotFound => "NotFound",
            JimStatus::Unauthorised => "Unauthorised",
            JimStatus::Forbidden => "Forbidden",
            JimStatus::BadRequest => "BadRequest",
            JimStatus::Conflict => "Conflict",
            JimStatus::RateLimited => "RateLimited",
            JimStatus::ServerError => "ServerError",
            JimStatus::ConnectionFailed => "ConnectionFailed",
            JimStatus::TimedOut => "TimedOut",
            JimStatus::InvalidResponse => "InvalidResponse",
            JimStatus::Internal => "Internal",
        }
    }
}

impl From<ErrorKind> for JimStatus {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidArgument => JimStatus::InvalidArgument,
            ErrorKind::NotFound => JimStatus::NotFound,
            ErrorKind::Unauthorised => JimStatus::Unauthorised,
            ErrorKind::Forbidden => JimStatus::Forbidden,
            ErrorKind::BadRequest => JimStatus::BadRequest,
            ErrorKind::Conflict => JimStatus::Conflict,
            ErrorKind::RateLimited => JimStatus::RateLimited,
            ErrorKind::ServerError => JimStatus::ServerError,
            ErrorKind::ConnectionFailed => JimStatus::ConnectionFailed,
            ErrorKind::TimedOut => JimStatus::TimedOut,
            ErrorKind::InvalidResponse => JimStatus::InvalidResponse,
            ErrorKind::Internal => JimStatus::Internal,
        }
    }
}
