//! `GET /api/v1/userinfo`: who a credential belongs to, the cheap way to prove it works.

use axum::Json;
use serde_json::{json, Value};

use crate::auth::Authenticated;
use crate::state::Principal;

/// The Metaverse Object id of the identity behind every bearer token.
const EMULATED_OPERATOR_ID: &str = "3f8b1f2e-6c1a-4a0e-9d5b-2f1e7c9a4b10";

/// `GET /api/v1/userinfo`.
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
