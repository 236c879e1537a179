//! Run Profile routes, all under one Connected System: list, create, update and delete.
//! Starting a run is in `execute`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::{Authenticated, Writer};
use crate::binding::JsonBody;
use crate::error::{ApiError, FieldErrors};
use crate::estate::Estate;
use crate::model::{ConnectedSystem, RunProfile, RunType};
use crate::routes::connected_systems::system_not_found;
use crate::routes::parse_id;
use crate::state::{AppState, World};

const MAX_NAME_LENGTH: usize = 200;
const MAX_FILE_PATH_LENGTH: usize = 500;
const MIN_PAGE_SIZE: i32 = 1;
const MAX_PAGE_SIZE: i32 = 10_000;
const DEFAULT_PAGE_SIZE: i32 = 100;

/// Builds the wire view of a Run Profile.
pub fn view(estate: &Estate, profile: &RunProfile) -> Value {
    let partition = profile
        .partition_id
        .and_then(|partition_id| estate.partition(partition_id));
    json!({
        "id": profile.id,
        "name": profile.name,
        "connectedSystemId": profile.connected_system_id,
        "runType": profile.run_type,
        "pageSize": profile.page_size,
        "partitionName": partition.map(|partition| partition.name.as_str()),
        "targetsDeselectedPartition": partition.is_some_and(|partition| !partition.selected),
        "filePath": profile.file_path,
        "verifyImportContentHashes": profile.verify_import_content_hashes,
    })
}

fn profile_not_found(system_id: i32, profile_id: i32) -> ApiError {
    ApiError::not_found(format!(
        "Run Profile {profile_id} was not found on Connected System {system_id}."
    ))
}

pub fn system(world: &World, system_id: i32) -> Result<&ConnectedSystem, ApiError> {
    world
        .estate
        .systems
        .get(&system_id)
        .ok_or_else(|| system_not_found(system_id))
}

pub fn profile_of(world: &World, system_id: i32, profile_id: i32) -> Result<&RunProfile, ApiError> {
    system(world, system_id)?;
    world
        .estate
        .run_profiles
        .get(&profile_id)
        .filter(|profile| profile.connected_system_id == system_id)
        .ok_or_else(|| profile_not_found(system_id, profile_id))
}

/// The fields of a create or update request, after binding.
#[derive(Debug, Default)]
struct Fields {
    name: Option<String>,
    run_type: Option<RunType>,
    page_size: Option<i32>,
    partition_id: Option<i32>,
    file_path: Option<String>,
    verify_import_content_hashes: Option<bool>,
}

impl Fields {
    /// Binds a request body. `runType` is read only on create: an update ignores it, as
    /// ASP.NET ignores properties its update model lacks, so the type never changes.
    fn bind(headers: &HeaderMap, body: &[u8], with_run_type: bool) -> Result<Fields, ApiError> {
        let body = JsonBody::parse(headers, body)?;
        Ok(Fields {
            name: body.string("name")?,
            run_type: if with_run_type {
                body.run_type("runType")?
            } else {
                None
            },
            page_size: body.int("pageSize")?,
            partition_id: body.int("partitionId")?,
            file_path: body.string("filePath")?,
            verify_import_content_hashes: body.bool("verifyImportContentHashes")?,
        })
    }
}

fn add_error(errors: &mut FieldErrors, field: &str, message: String) {
    errors.entry(field.to_string()).or_default().push(message);
}

/// Checks the fields that are present and returns every problem found.
fn validate(fields: &Fields, system: &ConnectedSystem, run_type: RunType) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if let Some(name) = &fields.name {
        // .NET measures string lengths in UTF-16 code units, so an emoji counts twice.
        let length = name.encode_utf16().count();
        if name.trim().is_empty() {
            // [Required] rejects empty and whitespace-only strings with its own message.
            add_error(
                &mut errors,
                "name",
                "The Name field is required.".to_string(),
            );
        } else if length > MAX_NAME_LENGTH {
            add_error(
                &mut errors,
                "name",
                format!(
                    "The field Name must be a string with a minimum length of 1 and a maximum \
                     length of {MAX_NAME_LENGTH}."
                ),
            );
        }
    }
    if let Some(page_size) = fields.page_size {
        if !(MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&page_size) {
            add_error(
                &mut errors,
                "pageSize",
                format!("The field PageSize must be between {MIN_PAGE_SIZE} and {MAX_PAGE_SIZE}."),
            );
        }
    }
    if let Some(file_path) = &fields.file_path {
        if file_path.encode_utf16().count() > MAX_FILE_PATH_LENGTH {
            add_error(
                &mut errors,
                "filePath",
                format!(
                    "The field FilePath must be a string with a maximum length of \
                     {MAX_FILE_PATH_LENGTH}."
                ),
            );
        }
    }
    if let Some(partition_id) = fields.partition_id {
        if !system.partitions.iter().any(|p| p.id == partition_id) {
            add_error(
                &mut errors,
                "partitionId",
                format!(
                    "Partition {partition_id} is not a partition of Connected System {} ('{}').",
                    system.id, system.name
                ),
            );
        }
    }
    if fields.verify_import_content_hashes == Some(true) && run_type != RunType::FullImport {
        add_error(
            &mut errors,
            "verifyImportContentHashes",
            format!(
                "Import content hash verification is only available on FullImport Run \
                 Profiles, not on {}.",
                run_type.name()
            ),
        );
    }
    errors
}

/// `GET .../connected-systems/{csId}/run-profiles`.
pub async fn list(
    State(state): State<AppState>,
    _principal: Authenticated,
    Path(system_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let system_id = parse_id(&system_id)?;
    let world = state.world();
    system(&world, system_id)?;
    let profiles: Vec<Value> = world
        .estate
        .run_profiles_of(system_id)
        .into_iter()
        .map(|profile| view(&world.estate, profile))
        .collect();
    Ok(Json(Value::Array(profiles)))
}

/// `POST .../connected-systems/{csId}/run-profiles`.
pub async fn create(
    State(state): State<AppState>,
    _principal: Writer,
    Path(system_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let system_id = parse_id(&system_id)?;
    let fields = Fields::bind(&headers, &body, true)?;
    let mut world = state.world();
    let system = system(&world, system_id)?;

    // Without a run type the type-specific checks cannot run; FullImport allows everything.
    let checked_type = fields.run_type.unwrap_or(RunType::FullImport);
    let mut errors = validate(&fields, system, checked_type);
    if fields.name.is_none() {
        add_error(
            &mut errors,
            "name",
            "The Name field is required.".to_string(),
        );
    }
    if fields.run_type.is_none() {
        add_error(
            &mut errors,
            "runType",
            "The RunType field is required.".to_string(),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }

    let profile = RunProfile {
        id: 0,
        name: fields.name.unwrap_or_default(),
        connected_system_id: system_id,
        run_type: checked_type,
        page_size: fields.page_size.unwrap_or(DEFAULT_PAGE_SIZE),
        partition_id: fields.partition_id,
        file_path: fields.file_path.filter(|path| !path.is_empty()),
        verify_import_content_hashes: fields.verify_import_content_hashes.unwrap_or(false),
    };
    let id = world.estate.insert_run_profile(profile);
    let body = view(&world.estate, &world.estate.run_profiles[&id]);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Copies the fields that are present onto a profile; an empty `filePath` clears it.
fn apply(fields: Fields, profile: &mut RunProfile) {
    if let Some(name) = fields.name {
        profile.name = name;
    }
    if let Some(page_size) = fields.page_size {
        profile.page_size = page_size;
    }
    if let Some(partition_id) = fields.partition_id {
        profile.partition_id = Some(partition_id);
    }
    if let Some(file_path) = fields.file_path {
        profile.file_path = Some(file_path).filter(|path| !path.is_empty());
    }
    if let Some(verify) = fields.verify_import_content_hashes {
        profile.verify_import_content_hashes = verify;
    }
}

/// `PUT .../connected-systems/{csId}/run-profiles/{id}`: present fields change, others stay.
pub async fn update(
    State(state): State<AppState>,
    _principal: Writer,
    Path((system_id, profile_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let system_id = parse_id(&system_id)?;
    let profile_id = parse_id(&profile_id)?;
    let fields = Fields::bind(&headers, &body, false)?;
    let mut world = state.world();

    let run_type = profile_of(&world, system_id, profile_id)?.run_type;
    let errors = validate(&fields, system(&world, system_id)?, run_type);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }

    let profile = world
        .estate
        .run_profiles
        .get_mut(&profile_id)
        .ok_or_else(|| profile_not_found(system_id, profile_id))?;
    apply(fields, profile);
    let profile = &world.estate.run_profiles[&profile_id];
    Ok(Json(view(&world.estate, profile)))
}

/// `DELETE .../connected-systems/{csId}/run-profiles/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    _principal: Writer,
    Path((system_id, profile_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let system_id = parse_id(&system_id)?;
    let profile_id = parse_id(&profile_id)?;
    let mut world = state.world();
    profile_of(&world, system_id, profile_id)?;
    world.estate.run_profiles.remove(&profile_id);
    world.outcomes.remove(&profile_id);
    Ok(StatusCode::NO_CONTENT)
}
