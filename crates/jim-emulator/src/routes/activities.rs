//! Activity routes: the newest-first list, one Activity's record, and its progress.

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use chrono::Utc;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::pagination::{PageRequest, QueryParams};
use crate::state::AppState;

/// Parses an Activity id; a value that is not a GUID matches no route, so it is a bare 404.
fn parse_activity_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::NoRoute)
}

fn activity_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Activity {id} was not found."))
}

/// `GET /api/v1/activities`.
pub async fn list(
    State(state): State<AppState>,
    _principal: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let page = PageRequest::from_query(&QueryParams::parse(raw.as_deref()))?;
    let now = Utc::now();
    let world = state.world();
    let items = world
        .activities
        .iter()
        .rev()
        .map(|activity| activity.record_json(now))
        .collect();
    Ok(Json(page.envelope(items)))
}

/// `GET /api/v1/activities/{id}`.
pub async fn get(
    State(state): State<AppState>,
    _principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_activity_id(&id)?;
    let world = state.world();
    let activity = world.activity(id).ok_or_else(|| activity_not_found(id))?;
    Ok(Json(activity.record_json(Utc::now())))
}

/// `GET /api/v1/activities/{id}/progress`.
pub async fn progress(
    State(state): State<AppState>,
    _principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_activity_id(&id)?;
    let world = state.world();
    let activity = world.activity(id).ok_or_else(|| activity_not_found(id))?;
    Ok(Json(activity.progress_json(Utc::now())))
}
