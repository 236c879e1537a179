//! The router: every JIM API route, the control routes, and the layer in front of them.

pub mod activities;
pub mod connected_systems;
pub mod control;
pub mod execute;
pub mod health;
pub mod oidc;
pub mod run_profiles;
pub mod userinfo;

use axum::routing::{get, post, put};
use axum::Router;

use crate::error::ApiError;
use crate::middleware::api_layer;
use crate::state::AppState;

/// Parses an integer id from a path; like an ASP.NET `{id:int}` route constraint, a value
/// that is not one matches no route.
pub fn parse_id(text: &str) -> Result<i32, ApiError> {
    text.parse().map_err(|_| ApiError::NoRoute)
}

async fn no_route() -> ApiError {
    ApiError::NoRoute
}

/// Builds the router with all routes and the request layer.
pub fn router(state: AppState) -> Router {
    const SYSTEMS: &str = "/api/v1/synchronisation/connected-systems";
    let api = Router::new()
        .route("/api/v1/health", get(health::health))
        .route("/api/v1/health/version", get(health::version))
        .route("/api/v1/userinfo", get(userinfo::userinfo))
        .route("/api/v1/auth/config", get(oidc::auth_config))
        .route("/.well-known/openid-configuration", get(oidc::discovery))
        .route("/connect/token", post(oidc::token))
        .route(SYSTEMS, get(connected_systems::list))
        .route(&format!("{SYSTEMS}/{{id}}"), get(connected_systems::get))
        .route(
            &format!("{SYSTEMS}/{{id}}/partitions"),
            get(connected_systems::partitions),
        )
        .route(
            &format!("{SYSTEMS}/{{id}}/run-profiles"),
            get(run_profiles::list).post(run_profiles::create),
        )
        .route(
            &format!("{SYSTEMS}/{{id}}/run-profiles/{{profile_id}}"),
            put(run_profiles::update).delete(run_profiles::delete),
        )
        .route(
            &format!("{SYSTEMS}/{{id}}/run-profiles/{{profile_id}}/execute"),
            post(execute::execute),
        )
        .route("/api/v1/activities", get(activities::list))
        .route("/api/v1/activities/{id}", get(activities::get))
        .route(
            "/api/v1/activities/{id}/progress",
            get(activities::progress),
        );
    let control = Router::new()
        .route(
            "/_emulator/requests",
            get(control::requests).delete(control::clear_requests),
        )
        .route("/_emulator/reset", post(control::reset))
        .route(
            "/_emulator/run-profiles/{id}/outcome",
            put(control::set_outcome),
        )
        .route("/_emulator/partitions/{id}", put(control::set_partition))
        .route(
            "/_emulator/faults",
            get(control::faults)
                .put(control::set_faults)
                .delete(control::clear_faults),
        )
        .route("/_emulator/restart", post(control::restart))
        .route("/_emulator/tokens/expire", post(control::expire_tokens));
    api.merge(control)
        .fallback(no_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api_layer,
        ))
        .with_state(state)
}
