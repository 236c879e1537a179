//! `POST .../connected-systems/{csId}/run-profiles/{id}/execute`: starting a run, and the
//! checks that can reject it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::activity::Activity;
use crate::auth::Writer;
use crate::error::ApiError;
use crate::model::{ConnectedSystem, RunProfile, RunType};
use crate::routes::parse_id;
use crate::routes::run_profiles::{profile_of, system};
use crate::run::ActivityStatus;
use crate::state::{AppState, Principal};

/// Returns how many objects a run of this profile works through.
fn objects_for(system: &ConnectedSystem, profile: &RunProfile) -> u64 {
    let objects = match profile.run_type {
        RunType::FullImport | RunType::FullSynchronisation => system.object_count,
        RunType::DeltaImport => (system.object_count / 50).max(1),
        RunType::DeltaSynchronisation => (system.object_count / 40).max(1),
        RunType::Export => system.pending_export_count,
    };
    if profile.partition_id.is_some() && system.partitions.len() > 1 {
        objects / system.partitions.len() as u64
    } else {
        objects
    }
}

/// `POST .../connected-systems/{csId}/run-profiles/{id}/execute`: starts a run.
pub async fn execute(
    State(state): State<AppState>,
    Writer(principal): Writer,
    Path((system_id, profile_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let system_id = parse_id(&system_id)?;
    let profile_id = parse_id(&profile_id)?;
    let now = Utc::now();
    let mut world = state.world();
    let profile = profile_of(&world, system_id, profile_id)?.clone();
    let system = system(&world, system_id)?.clone();

    if let Some(partition) = profile
        .partition_id
        .and_then(|partition_id| world.estate.partition(partition_id))
        .filter(|partition| !partition.selected)
    {
        return Err(ApiError::bad_request(format!(
            "Run Profile '{}' cannot be started because it targets partition '{}', which is \
             no longer selected on Connected System '{}'. Select the partition again or change \
             the Run Profile's partition.",
            profile.name, partition.name, system.name
        )));
    }
    if let Some(running) = world
        .activities
        .iter()
        .rev()
        .find(|activity| activity.run_profile_id == profile_id && activity.is_running(now))
    {
        return Err(ApiError::conflict(format!(
            "Run Profile '{}' on Connected System '{}' is already running (activity {}). Wait \
             for that run to finish before starting it again.",
            profile.name, system.name, running.id
        )));
    }

    let warnings: Vec<String> = if profile.partition_id.is_none() {
        system
            .partitions
            .iter()
            .filter(|partition| !partition.selected)
            .map(|partition| {
                format!(
                    "Partition '{}' is not selected and will not be processed.",
                    partition.name
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let outcome = world.outcomes.get(&profile_id).copied();
    let (initiated_by_type, initiated_by_name) = initiator(&principal);
    let activity = Activity {
        id: Uuid::new_v4(),
        task_id: Uuid::new_v4(),
        run_profile_id: profile.id,
        run_profile_name: profile.name.clone(),
        connected_system_id: system.id,
        connected_system_name: system.name.clone(),
        run_type: profile.run_type,
        created: now,
        run_seconds: outcome
            .and_then(|outcome| outcome.run_seconds)
            .unwrap_or(state.config.run_seconds),
        final_status: outcome.map_or(ActivityStatus::Complete, |outcome| outcome.status),
        objects: objects_for(&system, &profile),
        extra_objects: outcome.map_or(0, |outcome| outcome.extra_objects),
        initiated_by_type,
        initiated_by_name,
    };
    let body = json!({
        "activityId": activity.id,
        "taskId": activity.task_id,
        "message": format!(
            "Run Profile '{}' on Connected System '{}' has been queued for execution.",
            profile.name, system.name
        ),
        "warnings": warnings,
    });
    tracing::info!(
        "run started: activity {} for Run Profile {} on Connected System {}",
        activity.id,
        profile.id,
        system.id
    );
    world.push_activity(activity);
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

fn initiator(principal: &Principal) -> (&'static str, String) {
    match principal {
        Principal::ApiKey { .. } => ("ApiKey", principal.display_name()),
        Principal::Bearer { .. } => ("User", principal.display_name()),
    }
}
