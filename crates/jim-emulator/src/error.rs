//! The two error bodies JIM sends: its own `{code, message, details, validationErrors,
//! timestamp}` shape, and ASP.NET's problem details for request bodies that fail to bind.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Serialize;
use serde_json::json;

use crate::time::format_date;

/// Field name to the messages about that field.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An error the API returns in place of its normal response.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// JIM's own error body with a stable code such as `NOT_FOUND`.
    #[error("{code}: {message}")]
    Standard {
        status: StatusCode,
        code: &'static str,
        message: String,
        validation_errors: Option<FieldErrors>,
    },
    /// ASP.NET's problem details, sent when a request body cannot be bound to its model.
    #[error("{title}")]
    Problem {
        status: StatusCode,
        title: String,
        errors: FieldErrors,
    },
    /// A request that matched no route. Like ASP.NET, the emulator returns an empty 404.
    #[error("no route matches the request")]
    NoRoute,
    /// A 429 from the rate limiter, with the seconds to put in `Retry-After`, sent as an
    /// HTTP date when `http_date` is set.
    #[error("rate limit exceeded; retry after {retry_after_seconds} s")]
    RateLimited {
        retry_after_seconds: u64,
        http_date: bool,
    },
}

impl ApiError {
    fn standard(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Standard {
            status,
            code,
            message: message.into(),
            validation_errors: None,
        }
    }

    /// Builds a 404 `NOT_FOUND` error.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    /// Builds a 400 `BAD_REQUEST` error.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }

    /// Builds a 409 `CONFLICT` error.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::CONFLICT, "CONFLICT", message)
    }

    /// Builds a 401 `UNAUTHORISED` error.
    pub fn unauthorised(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::UNAUTHORIZED, "UNAUTHORISED", message)
    }

    /// Builds a 403 `FORBIDDEN` error.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::FORBIDDEN, "FORBIDDEN", message)
    }

    /// Builds a 500 `INTERNAL_ERROR` error.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::standard(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", message)
    }

    /// Builds a 400 `VALIDATION_ERROR` that lists the invalid fields.
    pub fn validation(errors: FieldErrors) -> ApiError {
        ApiError::Standard {
            status: StatusCode::BAD_REQUEST,
            code: "VALIDATION_ERROR",
            message: "One or more validation errors occurred.".to_string(),
            validation_errors: Some(errors),
        }
    }

    /// Builds a 400 problem-details body with one binding error.
    pub fn binding(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let mut errors = FieldErrors::new();
        errors.insert(field.into(), vec![message.into()]);
        ApiError::Problem {
            status: StatusCode::BAD_REQUEST,
            title: "One or more validation errors occurred.".to_string(),
            errors,
        }
    }

    /// Returns the HTTP status this error is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Standard { status, .. } | ApiError::Problem { status, .. } => *status,
            ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            ApiError::Standard {
                code,
                message,
                validation_errors,
                ..
            } => {
                let body = standard_body(code, &message, validation_errors);
                let mut response = (status, Json(body)).into_response();
                if status == StatusCode::UNAUTHORIZED {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                response
            }
            ApiError::Problem { title, errors, .. } => {
                let body = json!({
                    "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                    "title": title,
                    "status": status.as_u16(),
                    "errors": errors,
                    "traceId": format!("00-{}-{}-00", uuid::Uuid::new_v4().simple(),
                        &uuid::Uuid::new_v4().simple().to_string()[..16]),
                });
                let mut response = (status, Json(body)).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json; charset=utf-8"),
                );
                response
            }
            ApiError::NoRoute => status.into_response(),
            ApiError::RateLimited {
                retry_after_seconds,
                http_date,
            } => {
                let message =
                    format!("Too many requests. Retry after {retry_after_seconds} seconds.");
                let body = standard_body("TOO_MANY_REQUESTS", &message, None);
                let mut response = (status, Json(body)).into_response();
                let retry_after = if http_date {
                    let at = std::time::SystemTime::now()
                        + std::time::Duration::from_secs(retry_after_seconds);
                    HeaderValue::from_str(&httpdate::fmt_http_date(at))
                        .unwrap_or_else(|_| HeaderValue::from(retry_after_seconds))
                } else {
                    HeaderValue::from(retry_after_seconds)
                };
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, retry_after);
                response
            }
        }
    }
}

/// JIM's standard error body, with its properties in the server's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StandardBody {
    code: String,
    message: String,
    details: Option<String>,
    validation_errors: Option<FieldErrors>,
    timestamp: String,
}

/// Builds JIM's standard error body.
pub fn standard_body(
    code: &str,
    message: &str,
    validation_errors: Option<FieldErrors>,
) -> StandardBody {
    StandardBody {
        code: code.to_string(),
        message: message.to_string(),
        details: None,
        validation_errors,
        timestamp: format_date(Utc::now()),
    }
}
