//! The anonymous health routes and the authenticated `userinfo` route.

use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use crate::auth::Authenticated;
use crate::state::Principal;
use crate::time::format_date;

/// The JIM version the emulator reports.
pub const JIM_VERSION: &str = "2.6.0";

/// The Metaverse Object id of the identity behind every bearer token.
const EMULATED_OPERATOR_ID: &str = "3f8b1f2e-6c1a-4a0e-9d5b-2f1e7c9a4b10";

/// `GET /api/v1/health`.
pub async fn health() -> Json<Value> {
    Json(json!({"status": "healthy", "timestamp": format_date(Utc::now())}))
}

/// `GET /api/v1/health/version`.
pub async fn version() -> Json<Value> {
    Json(json!({"product": "JIM", "version": JIM_VERSION}))
}

/// `GET /api/v1/userinfo`: who the credential belongs to.
pub async fn userinfo(Authenticated(principal): Authenticated) -> Json<Value> {
    let body = match &principal {
        Principal::ApiKey { read_only, .. } => json!({
            "authorised": false,
            "isAdministrator": !read_only,
            "name": principal.display_name(),
            "authMethod": "ApiKey",
            "metaverseObjectId": null,
            "roles": if *read_only { vec!["Reader"] } else { vec!["Administrator"] },
            "message": "API keys are not linked to a JIM identity; the key's roles apply.",
        }),
        Principal::Bearer { client_id } => json!({
            "authorised": true,
            "isAdministrator": true,
            "name": principal.display_name(),
            "authMethod": "Bearer",
            "metaverseObjectId": EMULATED_OPERATOR_ID,
            "roles": ["Administrator"],
            "message": format!("Signed in through OIDC client '{client_id}'."),
        }),
    };
    Json(body)
}
