//! The anonymous health routes, which prove that the server is reachable.

use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use crate::time::format_date;

/// The JIM version the emulator reports.
pub const JIM_VERSION: &str = "2.6.0";

/// `GET /api/v1/health`.
pub async fn health() -> Json<Value> {
    Json(json!({"status": "healthy", "timestamp": format_date(Utc::now())}))
}

/// `GET /api/v1/health/version`.
pub async fn version() -> Json<Value> {
    Json(json!({"product": "JIM", "version": JIM_VERSION}))
}
