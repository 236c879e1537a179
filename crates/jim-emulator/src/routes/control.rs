//! The `/_emulator/` control routes that tests use to inspect and steer the emulator. They
//! are anonymous and are not part of the JIM API.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::faults::{FaultRule, FaultSet};
use crate::routes::parse_id;
use crate::run::ActivityStatus;
use crate::state::{AppState, Outcome};

fn parse_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|error| ApiError::bad_request(format!("Invalid control request body: {error}.")))
}

/// `GET /_emulator/requests`: every `/api` request since start or the last clear, in order.
pub async fn requests(State(state): State<AppState>) -> Json<Value> {
    let world = state.world();
    Json(json!({"requests": world.requests}))
}

/// `DELETE /_emulator/requests`.
pub async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.world().requests.clear();
    StatusCode::NO_CONTENT
}

/// `POST /_emulator/reset`: back to the state at start-up.
pub async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    tracing::info!("state reset to the initial estate");
    StatusCode::NO_CONTENT
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OutcomeRequest {
    status: String,
    run_seconds: Option<f64>,
    #[serde(default)]
    extra_objects: u64,
}

/// `PUT /_emulator/run-profiles/{id}/outcome`: how the next runs of a Run Profile end.
pub async fn set_outcome(
    State(state): State<AppState>,
    Path(profile_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let profile_id = parse_id(&profile_id)?;
    let request: OutcomeRequest = parse_body(&body)?;
    let status = ActivityStatus::parse_final(&request.status).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Invalid status '{}': expected Complete, CompleteWithWarning, CompleteWithError, \
             FailedWithError, Cancelled, or Suspended (a status JIM does not define).",
            request.status
        ))
    })?;
    if let Some(seconds) = request.run_seconds {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(ApiError::bad_request(format!(
                "Invalid runSeconds {seconds}: expected 0 or more."
            )));
        }
    }
    let mut world = state.world();
    if !world.estate.run_profiles.contains_key(&profile_id) {
        return Err(ApiError::not_found(format!(
            "Run Profile {profile_id} was not found."
        )));
    }
    world.outcomes.insert(
        profile_id,
        Outcome {
            status,
            run_seconds: request.run_seconds,
            extra_objects: request.extra_objects,
        },
    );
    Ok(Json(json!({
        "runProfileId": profile_id,
        "status": status,
        "runSeconds": request.run_seconds,
        "extraObjects": request.extra_objects,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartitionRequest {
    selected: bool,
}

/// `PUT /_emulator/partitions/{id}`: selects or deselects a Partition.
pub async fn set_partition(
    State(state): State<AppState>,
    Path(partition_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let partition_id = parse_id(&partition_id)?;
    let request: PartitionRequest = parse_body(&body)?;
    let mut world = state.world();
    let partition = world
        .estate
        .partition_mut(partition_id)
        .ok_or_else(|| ApiError::not_found(format!("Partition {partition_id} was not found.")))?;
    partition.selected = request.selected;
    Ok(Json(json!(partition)))
}

/// The body of `PUT /_emulator/faults`: a list of rules, or one rule on its own.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FaultsRequest {
    List { faults: Vec<FaultRule> },
    Single(FaultRule),
}

/// `GET /_emulator/faults`: the active rules, with the counts left.
pub async fn faults(State(state): State<AppState>) -> Json<Value> {
    let world = state.world();
    Json(json!({"faults": world.faults.rules}))
}

/// `PUT /_emulator/faults`: replaces the fault rules.
pub async fn set_faults(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let rules = match parse_body::<FaultsRequest>(&body)? {
        FaultsRequest::List { faults } => faults,
        FaultsRequest::Single(rule) => vec![rule],
    };
    for rule in &rules {
        rule.validate().map_err(ApiError::bad_request)?;
    }
    tracing::info!("fault rules replaced: {} rules", rules.len());
    let mut world = state.world();
    world.faults = FaultSet { rules };
    Ok(Json(json!({"faults": world.faults.rules})))
}

/// `DELETE /_emulator/faults`: removes every rule.
pub async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.world().faults = FaultSet::default();
    tracing::info!("fault rules cleared");
    StatusCode::NO_CONTENT
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RestartRequest {
    #[serde(default = "default_down_seconds")]
    down_seconds: f64,
}

fn default_down_seconds() -> f64 {
    2.0
}

/// The maximum downtime a restart accepts, so that a typo cannot hang a test run.
const MAX_DOWN_SECONDS: f64 = 300.0;

/// `POST /_emulator/restart`: stops accepting connections for `downSeconds`, then serves
/// again on the same port with the same state.
pub async fn restart(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let request: RestartRequest = if body.is_empty() {
        RestartRequest {
            down_seconds: default_down_seconds(),
        }
    } else {
        parse_body(&body)?
    };
    let down_seconds = request.down_seconds;
    if !(down_seconds.is_finite() && (0.0..=MAX_DOWN_SECONDS).contains(&down_seconds)) {
        return Err(ApiError::bad_request(format!(
            "Invalid downSeconds {down_seconds}: expected 0 to {MAX_DOWN_SECONDS}."
        )));
    }
    if !state.request_restart(down_seconds) {
        return Err(ApiError::internal("The connection loop is not running."));
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"downSeconds": down_seconds})),
    ))
}

/// `POST /_emulator/tokens/expire`: every access token issued so far expires now.
pub async fn expire_tokens(State(state): State<AppState>) -> Json<Value> {
    let expired = state.tokens().expire_access_tokens(chrono::Utc::now());
    Json(json!({"expired": expired}))
}
