//! Connected System routes: the paginated list, one system in detail, and its Partitions.

use std::cmp::Ordering;

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::model::ConnectedSystem;
use crate::pagination::{PageRequest, QueryParams};
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::format_date;

fn list_item(system: &ConnectedSystem) -> Value {
    json!({
        "id": system.id,
        "name": system.name,
        "description": system.description,
        "created": format_date(system.created),
        "status": system.status,
        "objectCount": system.object_count,
        "connectorsCount": system.object_count,
        "pendingExportObjectsCount": system.pending_export_count,
        "connectorName": system.connector_name,
        "connectorId": system.connector_id,
    })
}

fn detail(system: &ConnectedSystem) -> Value {
    json!({
        "id": system.id,
        "name": system.name,
        "description": system.description,
        "created": format_date(system.created),
        "lastUpdated": format_date(system.last_updated),
        "status": system.status,
        "connector": {"id": system.connector_id, "name": system.connector_name},
        "objectCount": system.object_count,
        "connectorsCount": system.object_count,
        "pendingExportCount": system.pending_export_count,
        "partitionCount": system.partitions.len(),
    })
}

/// Returns the 404 for a Connected System id that does not exist.
pub fn system_not_found(id: i32) -> ApiError {
    ApiError::not_found(format!("Connected System {id} was not found."))
}

fn compare(sort_by: &str, left: &ConnectedSystem, right: &ConnectedSystem) -> Ordering {
    match sort_by.to_ascii_lowercase().as_str() {
        "name" => left.name.to_lowercase().cmp(&right.name.to_lowercase()),
        "created" => left.created.cmp(&right.created),
        "status" => left.status.cmp(right.status),
        "objectcount" => left.object_count.cmp(&right.object_count),
        "connectorname" => left.connector_name.cmp(&right.connector_name),
        _ => left.id.cmp(&right.id),
    }
}

/// `GET /api/v1/synchronisation/connected-systems`.
pub async fn list(
    State(state): State<AppState>,
    _principal: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = QueryParams::parse(raw.as_deref());
    let page = PageRequest::from_query(&query)?;
    let filter = query.get("filter").unwrap_or("").trim().to_lowercase();
    let sort_by = query.get("sortBy").unwrap_or("id").to_string();
    let descending = query
        .get("sortDirection")
        .is_some_and(|direction| direction.eq_ignore_ascii_case("desc"));

    let world = state.world();
    let mut systems: Vec<&ConnectedSystem> = world
        .estate
        .systems
        .values()
        .filter(|system| {
            filter.is_empty()
                || system.name.to_lowercase().contains(&filter)
                || system.description.to_lowercase().contains(&filter)
        })
        .collect();
    systems.sort_by(|left, right| {
        let order = compare(&sort_by, left, right);
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    let items = systems.into_iter().map(list_item).collect();
    Ok(Json(page.envelope(items)))
}

/// `GET /api/v1/synchronisation/connected-systems/{id}`.
pub async fn get(
    State(state): State<AppState>,
    _principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id)?;
    let world = state.world();
    let system = world
        .estate
        .systems
        .get(&id)
        .ok_or_else(|| system_not_found(id))?;
    Ok(Json(detail(system)))
}

/// `GET /api/v1/synchronisation/connected-systems/{id}/partitions`.
pub async fn partitions(
    State(state): State<AppState>,
    _principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id)?;
    let world = state.world();
    let system = world
        .estate
        .systems
        .get(&id)
        .ok_or_else(|| system_not_found(id))?;
    Ok(Json(json!(system.partitions)))
}
