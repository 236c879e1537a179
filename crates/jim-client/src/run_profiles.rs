//! Run Profiles: listing with resolved fields, finding by ID alone, changes and execution.
//!
//! Every Run Profile route of the server sits under one Connected System, and the server
//! returns only a partition's name. The client adds `type` (the short run type name),
//! `partitionId` (resolved from the system's partitions) and `connectedSystemName`, and finds
//! the owner of a Run Profile ID itself.

use futures::stream::{self, StreamExt};
use reqwest::Method;
use serde_json::{Map, Value};

use crate::connection::{check_id, Connection};
use crate::error::{Error, Result};
use crate::models::{Partition, RunProfile, RunProfileExecution};
use crate::run_type::RunType;
use crate::transport::{Call, CallKind, Target};

/// Run Profile lists read at once while looking for the owner of a Run Profile ID.
const MAX_CONCURRENT_OWNER_LOOKUPS: usize = 8;

/// Fields a create or update request may carry, by their wire names. `type` is accepted as
/// another name for `runType`.
const REQUEST_FIELDS: [&str; 7] = [
    "runType",
    "type",
    "name",
    "pageSize",
    "partitionId",
    "filePath",
    "verifyImportContentHashes",
];

/// Whether a request creates a Run Profile or updates one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RequestPurpose {
    Create,
    Update,
}

impl Connection {
    /// Lists the Run Profiles of a Connected System, each with `type`, `partitionId` and
    /// `connectedSystemName` resolved. The profiles, the partitions and the system are read
    /// concurrently.
    pub async fn run_profile_list(&self, connected_system_id: i64) -> Result<Vec<RunProfile>> {
        check_id("Connected System", connected_system_id)?;
        let (mut profiles, partitions, system) = tokio::try_join!(
            self.server_run_profiles(connected_system_id),
            self.partition_list(connected_system_id),
            self.connected_system_get(connected_system_id),
        )?;
        for profile in &mut profiles {
            self.remember_owner(profile.id, connected_system_id);
            resolve_fields(profile, Some(&system.name), Some(&partitions));
        }
        Ok(profiles)
    }

    /// Finds a Run Profile by its ID alone.
    ///
    /// The Connected System last seen owning the ID is tried first. Otherwise every Connected
    /// System's Run Profile list is read, at most eight at a time, until the owner is found.
    /// Every owner seen on the way is remembered for the life of the connection.
    ///
    /// # Errors
    ///
    /// [`Error::RunProfileNotFound`] when no Connected System owns the ID. When a list could
    /// not be read for a reason other than a 404, that error is returned instead, because the
    /// profile may be on that system.
    pub async fn run_profile_find(&self, run_profile_id: i64) -> Result<RunProfile> {
        check_id("Run Profile", run_profile_id)?;

        if let Some(owner_id) = self.remembered_owner(run_profile_id) {
            match self.run_profile_list(owner_id).await {
                Ok(profiles) => {
                    if let Some(profile) = profiles.into_iter().find(|p| p.id == run_profile_id) {
                        return Ok(profile);
                    }
                    self.forget_owner(run_profile_id, owner_id);
                }
                Err(error) if error.is_http_not_found() => {
                    self.forget_owner(run_profile_id, owner_id);
                }
                Err(error) => return Err(error),
            }
        }

        let systems = self.connected_system_list().await?;
        let mut lookups = stream::iter(
            systems
                .iter()
                .map(|system| async move { (system, self.server_run_profiles(system.id).await) }),
        )
        .buffer_unordered(MAX_CONCURRENT_OWNER_LOOKUPS);

        let mut first_error: Option<Error> = None;
        let mut found = None;
        while let Some((system, result)) = lookups.next().await {
            match result {
                Ok(profiles) => {
                    for profile in &profiles {
                        self.remember_owner(profile.id, system.id);
                    }
                    if let Some(profile) = profiles.into_iter().find(|p| p.id == run_profile_id) {
                        found = Some((system, profile));
                        break;
                    }
                }
                // A system deleted since the list was read owns nothing.
                Err(error) if error.is_http_not_found() => {}
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        // Dropping the stream cancels the lookups still in flight.
        drop(lookups);

        let Some((system, mut profile)) = found else {
            return Err(first_error.unwrap_or(Error::RunProfileNotFound { run_profile_id }));
        };
        let partitions = self.partition_list(system.id).await?;
        resolve_fields(&mut profile, Some(&system.name), Some(&partitions));
        Ok(profile)
    }

    /// Creates a Run Profile from a request with `runType` (or `type`) by its short or long
    /// name, `name` and optionally `pageSize`, `partitionId`, `filePath` and
    /// `verifyImportContentHashes`. The server's long type name is sent.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] before any request when the request is not an object,
    /// carries an unknown field or a field of the wrong type, or lacks the run type.
    pub async fn run_profile_create(
        &self,
        connected_system_id: i64,
        request: &Value,
    ) -> Result<RunProfile> {
        check_id("Connected System", connected_system_id)?;
        let body = build_request_body(request, RequestPurpose::Create)?;
        let call = Call {
            method: Method::POST,
            url: self.run_profiles_url(connected_system_id, None)?,
            body: Some(Value::Object(body.clone())),
            kind: CallKind::Change,
            target: Target::new(
                format!("create a Run Profile on Connected System {connected_system_id}"),
                format!("Connected System {connected_system_id} was not found."),
            ),
            authenticated: true,
        };
        let mut profile: RunProfile = self.send_json(&call).await?;
        self.remember_owner(profile.id, connected_system_id);
        self.resolve_after_change(&mut profile, &body).await;
        Ok(profile)
    }

    /// Updates a Run Profile, sending only the fields the request carries (a null field is
    /// left out, which the server reads as unchanged).
    ///
    /// # Errors
    ///
    /// As [`Connection::run_profile_create`], except that no field is required.
    pub async fn run_profile_update(
        &self,
        connected_system_id: i64,
        run_profile_id: i64,
        request: &Value,
    ) -> Result<RunProfile> {
        check_id("Connected System", connected_system_id)?;
        check_id("Run Profile", run_profile_id)?;
        let body = build_request_body(request, RequestPurpose::Update)?;
        let call = Call {
            method: Method::PUT,
            url: self.run_profiles_url(connected_system_id, Some(run_profile_id))?,
            body: Some(Value::Object(body.clone())),
            kind: CallKind::Change,
            target: self.run_profile_target("update", connected_system_id, run_profile_id),
            authenticated: true,
        };
        let mut profile: RunProfile = self.send_json(&call).await.inspect_err(|error| {
            self.forget_on_not_found(error, connected_system_id, run_profile_id)
        })?;
        self.remember_owner(profile.id, connected_system_id);
        self.resolve_after_change(&mut profile, &body).await;
        Ok(profile)
    }

    /// Deletes a Run Profile.
    pub async fn run_profile_delete(
        &self,
        connected_system_id: i64,
        run_profile_id: i64,
    ) -> Result<()> {
        check_id("Connected System", connected_system_id)?;
        check_id("Run Profile", run_profile_id)?;
        let call = Call {
            method: Method::DELETE,
            url: self.run_profiles_url(connected_system_id, Some(run_profile_id))?,
            body: None,
            kind: CallKind::Change,
            target: self.run_profile_target("delete", connected_system_id, run_profile_id),
            authenticated: true,
        };
        self.send(&call).await.inspect_err(|error| {
            self.forget_on_not_found(error, connected_system_id, run_profile_id)
        })?;
        self.forget_owner(run_profile_id, connected_system_id);
        Ok(())
    }

    /// Queues a Run Profile for execution (`POST .../execute`).
    ///
    /// The request is never repeated once it may have reached the server, because a repeat
    /// could start the run twice.
    pub async fn run_profile_start(
        &self,
        connected_system_id: i64,
        run_profile_id: i64,
    ) -> Result<RunProfileExecution> {
        check_id("Connected System", connected_system_id)?;
        check_id("Run Profile", run_profile_id)?;
        let mut url = self.run_profiles_url(connected_system_id, Some(run_profile_id))?;
        url.path_segments_mut()
            .map_err(|()| Error::Internal {
                message: "The execute URL could not be built.".to_owned(),
            })?
            .push("execute");
        let call = Call {
            method: Method::POST,
            url,
            body: None,
            kind: CallKind::Execute,
            target: self.run_profile_target("start", connected_system_id, run_profile_id),
            authenticated: true,
        };
        let execution = self.send_json(&call).await.inspect_err(|error| {
            self.forget_on_not_found(error, connected_system_id, run_profile_id)
        })?;
        self.remember_owner(run_profile_id, connected_system_id);
        Ok(execution)
    }

    /// Reads a Connected System's Run Profiles as the server returns them, unresolved.
    async fn server_run_profiles(&self, connected_system_id: i64) -> Result<Vec<RunProfile>> {
        let call = Call {
            method: Method::GET,
            url: self.run_profiles_url(connected_system_id, None)?,
            body: None,
            kind: CallKind::Read,
            target: Target::new(
                format!("list the Run Profiles of Connected System {connected_system_id}"),
                format!("Connected System {connected_system_id} was not found."),
            ),
            authenticated: true,
        };
        self.send_json(&call).await
    }

    /// Resolves the added fields of a profile the server just returned from a change.
    ///
    /// The change has already been made, so a failure to read the partitions or the system
    /// must not fail the call: the caller might then repeat a change that succeeded. The
    /// fields that could not be read are resolved from the request, or left null.
    async fn resolve_after_change(&self, profile: &mut RunProfile, request: &Map<String, Value>) {
        let connected_system_id = profile.connected_system_id;
        let (partitions, system) = tokio::join!(
            self.partition_list(connected_system_id),
            self.connected_system_get(connected_system_id),
        );
        let system_name = system.ok().map(|system| system.name);
        match partitions {
            Ok(partitions) => resolve_fields(profile, system_name.as_deref(), Some(&partitions)),
            Err(_) => {
                resolve_fields(profile, system_name.as_deref(), None);
                if profile.partition_name.is_some() {
                    profile.partition_id = request.get("partitionId").and_then(Value::as_i64);
                }
            }
        }
    }

    fn run_profiles_url(
        &self,
        connected_system_id: i64,
        run_profile_id: Option<i64>,
    ) -> Result<url::Url> {
        let path = match run_profile_id {
            Some(id) => format!(
                "api/v1/synchronisation/connected-systems/{connected_system_id}/run-profiles/{id}"
            ),
            None => {
                format!(
                    "api/v1/synchronisation/connected-systems/{connected_system_id}/run-profiles"
                )
            }
        };
        self.endpoint(&path)
    }

    fn run_profile_target(
        &self,
        verb: &str,
        connected_system_id: i64,
        run_profile_id: i64,
    ) -> Target {
        Target::new(
            format!(
                "{verb} Run Profile {run_profile_id} on Connected System {connected_system_id}"
            ),
            format!(
                "Run Profile {run_profile_id} was not found on Connected System \
                 {connected_system_id}."
            ),
        )
    }

    fn forget_on_not_found(&self, error: &Error, connected_system_id: i64, run_profile_id: i64) {
        if error.is_http_not_found() {
            self.forget_owner(run_profile_id, connected_system_id);
        }
    }
}

/// Fills in `type`, `connectedSystemName` and `partitionId`.
fn resolve_fields(
    profile: &mut RunProfile,
    system_name: Option<&str>,
    partitions: Option<&[Partition]>,
) {
    profile.short_type = Some(RunType::short_name_of(&profile.run_type));
    if let Some(name) = system_name {
        profile.connected_system_name = Some(name.to_owned());
    }
    profile.partition_id = match (&profile.partition_name, partitions) {
        (Some(name), Some(partitions)) => find_partition_id(name, partitions),
        _ => None,
    };
}

/// Returns the ID of the partition named `name`. An exact match wins. Otherwise a match that
/// ignores ASCII case is taken when it is the only one, because directory names such as
/// `DC=corp,DC=example` are compared without case.
fn find_partition_id(name: &str, partitions: &[Partition]) -> Option<i64> {
    if let Some(partition) = partitions.iter().find(|p| p.name == name) {
        return Some(partition.id);
    }
    let mut matches = partitions
        .iter()
        .filter(|p| p.name.eq_ignore_ascii_case(name));
    match (matches.next(), matches.next()) {
        (Some(partition), None) => Some(partition.id),
        _ => None,
    }
}

/// Validates a create or update request and returns the body to send.
///
/// Field names are matched without regard to ASCII case, so `Name` and `name` are the same
/// field. A null field is left out.
fn build_request_body(request: &Value, purpose: RequestPurpose) -> Result<Map<String, Value>> {
    let Value::Object(fields) = request else {
        return Err(Error::invalid_argument(
            "The Run Profile request must be a JSON object such as \
             {\"name\": \"Full Import\", \"runType\": \"FullImport\"}.",
        ));
    };

    let mut body = Map::new();
    let mut run_type: Option<RunType> = None;
    for (key, value) in fields {
        let Some(field) = REQUEST_FIELDS
            .iter()
            .find(|field| field.eq_ignore_ascii_case(key))
        else {
            return Err(Error::invalid_argument(format!(
                "The Run Profile request has an unknown field '{key}'. Valid fields are runType \
                 (or type), name, pageSize, partitionId, filePath and verifyImportContentHashes."
            )));
        };
        if value.is_null() {
            continue;
        }
        match *field {
            "runType" | "type" => {
                let text = value.as_str().ok_or_else(|| wrong_type(key, "a string"))?;
                let parsed = RunType::parse(text)?;
                if run_type.is_some_and(|earlier| earlier != parsed) {
                    return Err(Error::invalid_argument(
                        "The Run Profile request gives runType and type with different values; \
                         give only one of them.",
                    ));
                }
                run_type = Some(parsed);
            }
            "name" | "filePath" => {
                if !value.is_string() {
                    return Err(wrong_type(key, "a string"));
                }
                body.insert((*field).to_owned(), value.clone());
            }
            "pageSize" | "partitionId" => {
                if value.as_i64().is_none() {
                    return Err(wrong_type(key, "a whole number"));
                }
                body.insert((*field).to_owned(), value.clone());
            }
            _ => {
                if !value.is_boolean() {
                    return Err(wrong_type(key, "true or false"));
                }
                body.insert((*field).to_owned(), value.clone());
            }
        }
    }

    match (run_type, purpose) {
        (Some(run_type), _) => {
            body.insert("runType".to_owned(), Value::from(run_type.server_name()));
        }
        (None, RequestPurpose::Create) => {
            return Err(Error::invalid_argument(
                "The Run Profile request has no runType. Give one of FullImport, DeltaImport, \
                 FullSync, DeltaSync or Export.",
            ));
        }
        (None, RequestPurpose::Update) => {}
    }
    Ok(body)
}

fn wrong_type(field: &str, expected: &str) -> Error {
    Error::invalid_argument(format!(
        "The Run Profile request field '{field}' must be {expected}."
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn partition(id: i64, name: &str) -> Partition {
        Partition {
            id,
            name: name.to_owned(),
            other: Map::new(),
        }
    }

    #[test]
    fn request_body_maps_short_type_to_long() {
        let body = build_request_body(
            &json!({"name": "Sync", "type": "fullsync", "pageSize": 50}),
            RequestPurpose::Create,
        )
        .unwrap();
        assert_eq!(body["runType"], "FullSynchronisation");
        assert_eq!(body["name"], "Sync");
        assert_eq!(body["pageSize"], 50);
        assert!(!body.contains_key("type"));
    }

    #[test]
    fn request_body_accepts_pascal_case_fields() {
        let body = build_request_body(
            &json!({"Name": "Import", "RunType": "DeltaImport", "PartitionId": 3}),
            RequestPurpose::Create,
        )
        .unwrap();
        assert_eq!(body["runType"], "DeltaImport");
        assert_eq!(body["partitionId"], 3);
    }

    #[test]
    fn request_body_update_sends_only_given_fields() {
        let body = build_request_body(
            &json!({"name": "Renamed", "partitionId": null}),
            RequestPurpose::Update,
        )
        .unwrap();
        assert_eq!(body.len(), 1);
        assert_eq!(body["name"], "Renamed");
    }

    #[test]
    fn request_body_create_requires_type() {
        let error = build_request_body(&json!({"name": "x"}), RequestPurpose::Create).unwrap_err();
        assert!(error.to_string().contains("no runType"));
    }

    #[test]
    fn request_body_rejects_unknown_type() {
        let error = build_request_body(
            &json!({"name": "x", "runType": "Sync"}),
            RequestPurpose::Create,
        )
        .unwrap_err();
        assert!(error
            .to_string()
            .contains("FullImport, DeltaImport, FullSync, DeltaSync"));
    }

    #[test]
    fn request_body_rejects_conflicting_types() {
        let error = build_request_body(
            &json!({"runType": "Export", "type": "FullImport"}),
            RequestPurpose::Create,
        )
        .unwrap_err();
        assert!(error.to_string().contains("different values"));
    }

    #[test]
    fn request_body_rejects_unknown_field_and_wrong_types() {
        let cases = [
            json!({"runType": "Export", "colour": "red"}),
            json!({"runType": "Export", "pageSize": "100"}),
            json!({"runType": "Export", "pageSize": 1.5}),
            json!({"runType": "Export", "name": 7}),
            json!({"runType": "Export", "verifyImportContentHashes": "yes"}),
            json!({"runType": 3}),
            json!(["not", "an", "object"]),
        ];
        for case in cases {
            let error = build_request_body(&case, RequestPurpose::Create).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidArgument, "{case}");
        }
    }

    #[test]
    fn partition_id_exact_then_case_insensitive() {
        let partitions = [partition(1, "DC=corp"), partition(2, "DC=uk,DC=corp")];
        assert_eq!(find_partition_id("DC=uk,DC=corp", &partitions), Some(2));
        assert_eq!(find_partition_id("dc=UK,dc=corp", &partitions), Some(2));
        assert_eq!(find_partition_id("DC=fr,DC=corp", &partitions), None);
    }

    #[test]
    fn partition_id_ambiguous_case_match_is_none() {
        let partitions = [partition(1, "dc=corp"), partition(2, "DC=CORP")];
        assert_eq!(find_partition_id("DC=corp", &partitions), None);
        assert_eq!(find_partition_id("dc=corp", &partitions), Some(1));
    }
}
