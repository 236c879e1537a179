//! The emulator against the facts of the JIM REST API that clients rely on: wire
//! conventions, Connected Systems, Run Profiles and Activities. Authentication, rate limits
//! and faults have their own test files.

mod common;

use std::collections::BTreeSet;

use common::{assert_error_body, assert_problem_body, is_guid, wait_for_final, Emulator, SYSTEMS};
use reqwest::Method;
use serde_json::{json, Value};

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default()
}

fn assert_has_keys(value: &Value, expected: &[&str]) {
    let present = keys(value);
    for key in expected {
        assert!(present.contains(*key), "{key} missing from {value}");
    }
}

fn is_iso_utc(text: &str) -> bool {
    chrono_like(text) && text.ends_with('Z')
}

/// Checks the `yyyy-mm-ddThh:mm:ss` start of an ISO 8601 date.
fn chrono_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
}

/// Checks the .NET `TimeSpan` form `hh:mm:ss.fffffff`.
fn is_time_span(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 16
        && bytes[2] == b':'
        && bytes[5] == b':'
        && bytes[8] == b'.'
        && text.chars().filter(char::is_ascii_digit).count() == 13
}

async fn create(emulator: &Emulator, system_id: i32, body: Value) -> reqwest::Response {
    let path = format!("{SYSTEMS}/{system_id}/run-profiles");
    emulator.send_json(Method::POST, &path, &body).await
}

async fn update(emulator: &Emulator, system_id: i32, id: i32, body: Value) -> reqwest::Response {
    let path = format!("{SYSTEMS}/{system_id}/run-profiles/{id}");
    emulator.send_json(Method::PUT, &path, &body).await
}

// Wire conventions

#[tokio::test]
async fn json_content_type() {
    let emulator = Emulator::start(&[]);
    let response = emulator.get(SYSTEMS).await;
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
}

#[tokio::test]
async fn error_body_shape() {
    let emulator = Emulator::start(&[]);
    let response = emulator.get(&format!("{SYSTEMS}/99")).await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_error_body(&body, "NOT_FOUND");
    assert_eq!(body["details"], Value::Null);
    assert_eq!(body["validationErrors"], Value::Null);
}

#[tokio::test]
async fn validation_error_lists_fields() {
    let emulator = Emulator::start(&[]);
    let response = create(&emulator, 1, json!({"name": "", "runType": "FullImport"})).await;
    let body: Value = response.json().await.unwrap();
    assert_error_body(&body, "VALIDATION_ERROR");
    let messages = body["validationErrors"]["name"].as_array().unwrap();
    assert!(messages[0].is_string());
}

#[tokio::test]
async fn dates_are_iso_utc() {
    let emulator = Emulator::start(&[]);
    let list = emulator.get_json(SYSTEMS).await;
    let created = list["items"][0]["created"].as_str().unwrap();
    assert!(is_iso_utc(created), "{created}");
    let detail = emulator.get_json(&format!("{SYSTEMS}/1")).await;
    assert!(is_iso_utc(detail["lastUpdated"].as_str().unwrap()));
}

#[tokio::test]
async fn binding_failures_are_problem_details() {
    let emulator = Emulator::start(&[]);
    let path = format!("{SYSTEMS}/1/run-profiles");
    let bodies = [
        r#"{"name": "x", "runType": 0}"#,
        r#"{"name": "x", "runType": "0"}"#,
        r#"{"name": "x", "runType": "FullSync"}"#,
        r#"{"name": 5, "runType": "FullImport"}"#,
        r#"{"name": "x", "runType": "FullImport", "pageSize": "many"}"#,
        r#"{"name": "x", "runType": "FullImport", "pageSize": 1.5}"#,
        r#"{"name": "x", "runType": "FullImport", "verifyImportContentHashes": "yes"}"#,
        r#"{"name": "x", "runType": "FullImport""#,
        r#"["FullImport"]"#,
        "",
    ];
    for body in bodies {
        let response = emulator
            .request(Method::POST, &path)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let problem: Value = response.json().await.unwrap();
        assert_problem_body(&problem);
    }
    let listed = emulator.get_json(&path).await;
    assert_eq!(listed.as_array().unwrap().len(), 6, "nothing was created");
}

#[tokio::test]
async fn request_names_match_case_insensitively() {
    let emulator = Emulator::start(&[]);
    let response = create(
        &emulator,
        1,
        json!({"NAME": "Upper", "RunType": "fullimport", "PAGESIZE": "250"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["name"], "Upper");
    assert_eq!(body["runType"], "FullImport");
    assert_eq!(body["pageSize"], 250);
}

#[tokio::test]
async fn non_json_content_type_is_415() {
    let emulator = Emulator::start(&[]);
    let response = emulator
        .request(Method::POST, &format!("{SYSTEMS}/1/run-profiles"))
        .header("content-type", "text/plain")
        .body(r#"{"name": "x", "runType": "FullImport"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn unknown_route_and_method() {
    let emulator = Emulator::start(&[]);
    assert_eq!(emulator.get("/api/v1/nothing-here").await.status(), 404);
    assert_eq!(emulator.get(&format!("{SYSTEMS}/abc")).await.status(), 404);
    assert_eq!(emulator.get("/api/v1/run-profiles/1").await.status(), 404);
    let single = emulator.get(&format!("{SYSTEMS}/1/run-profiles/1")).await;
    assert_eq!(single.status(), 405, "no route reads one Run Profile");
    let wrong = emulator
        .request(Method::DELETE, SYSTEMS)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 405);
}

#[tokio::test]
async fn routes_ignore_case_and_trailing_slash() {
    let emulator = Emulator::start(&[]);
    let upper = emulator
        .get("/API/V1/Synchronisation/Connected-Systems/1")
        .await;
    assert_eq!(upper.status(), 200);
    let slash = emulator.get(&format!("{SYSTEMS}/1/run-profiles/")).await;
    assert_eq!(slash.status(), 200);
    let recorded = emulator.recorded_requests().await;
    assert_eq!(
        recorded[0]["path"],
        "/API/V1/Synchronisation/Connected-Systems/1"
    );
}

// Connected Systems

#[tokio::test]
async fn system_list_item_fields() {
    let emulator = Emulator::start(&[]);
    let list = emulator.get_json(SYSTEMS).await;
    assert_has_keys(
        &list,
        &[
            "items",
            "totalCount",
            "page",
            "pageSize",
            "totalPages",
            "hasNextPage",
            "hasPreviousPage",
        ],
    );
    for item in list["items"].as_array().unwrap() {
        assert_has_keys(
            item,
            &[
                "id",
                "name",
                "description",
                "created",
                "status",
                "objectCount",
                "connectorsCount",
                "pendingExportObjectsCount",
                "connectorName",
                "connectorId",
            ],
        );
        assert!(item["id"].is_i64());
    }
}

#[tokio::test]
async fn initial_systems_and_connectors() {
    let emulator = Emulator::start(&[]);
    let list = emulator.get_json(SYSTEMS).await;
    let expected = [
        (1, "Active Directory", "Microsoft Active Directory"),
        (2, "HR Database", "SQL Server"),
        (3, "Contractors CSV Feed", "File"),
        (4, "Entra ID", "Microsoft Graph"),
    ];
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), expected.len());
    for (item, (id, name, connector)) in items.iter().zip(expected) {
        assert_eq!(item["id"], id);
        assert_eq!(item["name"], name);
        assert_eq!(item["connectorName"], connector);
    }
}

#[tokio::test]
async fn following_pages_reads_every_system() {
    let emulator = Emulator::start(&["--extra-systems", "61"]);
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let body = emulator
            .get_json(&format!("{SYSTEMS}?page={page}&pageSize=25"))
            .await;
        for item in body["items"].as_array().unwrap() {
            ids.push(item["id"].as_i64().unwrap());
        }
        if body["hasNextPage"] != true {
            assert_eq!(body["totalPages"], 3);
            break;
        }
        page += 1;
    }
    let expected: Vec<i64> = (1..=65).collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn page_past_end_is_empty() {
    let emulator = Emulator::start(&[]);
    let body = emulator.get_json(&format!("{SYSTEMS}?page=9")).await;
    assert_eq!(body["items"], json!([]));
    assert_eq!(body["page"], 9);
    assert_eq!(body["hasNextPage"], false);
    assert_eq!(body["hasPreviousPage"], true);
}

#[tokio::test]
async fn paging_depth_limit() {
    let emulator = Emulator::start(&[]);
    let allowed = emulator
        .get(&format!("{SYSTEMS}?page=10000&pageSize=100"))
        .await;
    assert_eq!(allowed.status(), 200);
    let deep = emulator
        .get(&format!("{SYSTEMS}?page=10001&pageSize=100"))
        .await;
    assert_eq!(deep.status(), 400);
    let body: Value = deep.json().await.unwrap();
    assert_error_body(&body, "BAD_REQUEST");
}

#[tokio::test]
async fn non_numeric_page_is_problem() {
    let emulator = Emulator::start(&[]);
    for query in ["page=abc", "pageSize=ten", "page=99999999999"] {
        let response = emulator.get(&format!("{SYSTEMS}?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_problem_body(&body);
    }
}

#[tokio::test]
async fn filter_and_sort() {
    let emulator = Emulator::start(&["--extra-systems", "3"]);
    let filtered = emulator.get_json(&format!("{SYSTEMS}?filter=entra")).await;
    assert_eq!(filtered["totalCount"], 1);
    assert_eq!(filtered["items"][0]["name"], "Entra ID");
    let sorted = emulator
        .get_json(&format!(
            "{SYSTEMS}?sortBy=name&sortDirection=desc&pageSize=2"
        ))
        .await;
    assert_eq!(sorted["items"][0]["name"], "Synthetic System 0007");
    let by_name = emulator.get_json(&format!("{SYSTEMS}?sortBy=name")).await;
    assert_eq!(by_name["items"][0]["name"], "Active Directory");
    assert_eq!(by_name["items"][1]["name"], "Contractors CSV Feed");
}

#[tokio::test]
async fn system_detail_fields() {
    let emulator = Emulator::start(&[]);
    let detail = emulator.get_json(&format!("{SYSTEMS}/3")).await;
    assert_has_keys(
        &detail,
        &[
            "id",
            "name",
            "description",
            "created",
            "lastUpdated",
            "status",
            "connector",
            "objectCount",
            "pendingExportCount",
        ],
    );
    assert_eq!(detail["connector"]["name"], "File");
    assert!(detail["connector"]["id"].is_i64());
}

#[tokio::test]
async fn partition_fields() {
    let emulator = Emulator::start(&[]);
    let partitions = emulator.get_json(&format!("{SYSTEMS}/1/partitions")).await;
    for partition in partitions.as_array().unwrap() {
        assert_has_keys(
            partition,
            &[
                "id",
                "name",
                "externalId",
                "selected",
                "connectedSystemId",
                "containers",
            ],
        );
        assert_eq!(partition["connectedSystemId"], 1);
        for container in partition["containers"].as_array().unwrap() {
            assert_has_keys(container, &["id", "name", "externalId", "selected"]);
        }
    }
    for system_id in [2, 3, 4] {
        let none = emulator
            .get_json(&format!("{SYSTEMS}/{system_id}/partitions"))
            .await;
        assert_eq!(none, json!([]), "system {system_id}");
    }
}

// Run Profiles

#[tokio::test]
async fn run_profile_fields() {
    let emulator = Emulator::start(&[]);
    let expected: BTreeSet<String> = [
        "id",
        "name",
        "connectedSystemId",
        "runType",
        "pageSize",
        "partitionName",
        "targetsDeselectedPartition",
        "filePath",
        "verifyImportContentHashes",
    ]
    .iter()
    .map(|key| key.to_string())
    .collect();
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    for profile in listed.as_array().unwrap() {
        assert_eq!(keys(profile), expected, "{profile}");
    }
}

#[tokio::test]
async fn run_profile_list_unknown_system() {
    let emulator = Emulator::start(&[]);
    let response = emulator.get(&format!("{SYSTEMS}/42/run-profiles")).await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_error_body(&body, "NOT_FOUND");
}

#[tokio::test]
async fn create_applies_defaults() {
    let emulator = Emulator::start(&[]);
    let response = create(
        &emulator,
        2,
        json!({"name": "Nightly", "runType": "DeltaImport"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["id"], 19);
    assert_eq!(body["connectedSystemId"], 2);
    assert_eq!(body["pageSize"], 100);
    assert_eq!(body["partitionName"], Value::Null);
    assert_eq!(body["targetsDeselectedPartition"], false);
    assert_eq!(body["filePath"], Value::Null);
    assert_eq!(body["verifyImportContentHashes"], false);
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/2/run-profiles"))
        .await;
    assert_eq!(
        listed.as_array().unwrap().last().unwrap()["name"],
        "Nightly"
    );
}

#[tokio::test]
async fn create_accepts_boundaries() {
    let emulator = Emulator::start(&[]);
    let cases = [
        json!({"name": "n".repeat(200), "runType": "FullImport"}),
        json!({"name": "a", "runType": "Export", "pageSize": 1}),
        json!({"name": "b", "runType": "Export", "pageSize": 10000}),
        json!({"name": "c", "runType": "FullImport", "filePath": "f".repeat(500)}),
        json!({"name": "d", "runType": "FullImport", "verifyImportContentHashes": true}),
        json!({"name": "e", "runType": "DeltaImport", "verifyImportContentHashes": false}),
        json!({"name": "f", "runType": "FullImport", "partitionId": 2}),
        json!({"name": "Import – Zürich 東京", "runType": "FullImport"}),
    ];
    for body in cases {
        let response = create(&emulator, 1, body.clone()).await;
        assert_eq!(response.status(), 201, "{body}");
        let created: Value = response.json().await.unwrap();
        assert_eq!(created["name"], body["name"]);
    }
}

#[tokio::test]
async fn create_unknown_system() {
    let emulator = Emulator::start(&[]);
    let response = create(&emulator, 77, json!({"name": "x", "runType": "Export"})).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn update_keeps_omitted_fields() {
    let emulator = Emulator::start(&[]);
    let changed = update(&emulator, 3, 11, json!({"pageSize": 500})).await;
    assert_eq!(changed.status(), 200);
    let renamed = update(
        &emulator,
        3,
        11,
        json!({"name": "Contractors", "filePath": null}),
    )
    .await;
    assert_eq!(renamed.status(), 200);
    let body: Value = renamed.json().await.unwrap();
    assert_eq!(body["name"], "Contractors");
    assert_eq!(body["pageSize"], 500);
    assert_eq!(body["filePath"], "/var/jim/import/contractors.csv");
    assert_eq!(body["runType"], "FullImport");
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/3/run-profiles"))
        .await;
    assert_eq!(listed[0]["name"], "Contractors");
}

#[tokio::test]
async fn update_cannot_change_run_type() {
    let emulator = Emulator::start(&[]);
    let response = update(&emulator, 1, 1, json!({"runType": "Export"})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["runType"], "FullImport");
}

#[tokio::test]
async fn update_sets_partition() {
    let emulator = Emulator::start(&[]);
    let response = update(&emulator, 1, 2, json!({"partitionId": 3})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["partitionName"], "DC=uk,DC=corp,DC=example,DC=com");
}

#[tokio::test]
async fn update_validation_errors() {
    let emulator = Emulator::start(&[]);
    let cases = [
        (1, 1, json!({"name": ""}), "name"),
        (1, 1, json!({"name": "x".repeat(201)}), "name"),
        (1, 1, json!({"pageSize": 0}), "pageSize"),
        (1, 1, json!({"pageSize": 10001}), "pageSize"),
        (1, 1, json!({"filePath": "p".repeat(501)}), "filePath"),
        (1, 1, json!({"partitionId": 4}), "partitionId"),
        (2, 7, json!({"partitionId": 2}), "partitionId"),
        (
            1,
            5,
            json!({"verifyImportContentHashes": true}),
            "verifyImportContentHashes",
        ),
    ];
    for (system_id, id, body, field) in cases {
        let response = update(&emulator, system_id, id, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_error_body(&error, "VALIDATION_ERROR");
        assert!(error["validationErrors"][field].is_array(), "{error}");
    }
    let hashes = update(&emulator, 1, 1, json!({"verifyImportContentHashes": true})).await;
    assert_eq!(hashes.status(), 200, "allowed on a FullImport profile");
}

#[tokio::test]
async fn update_and_delete_not_found() {
    let emulator = Emulator::start(&[]);
    let cases = [(1, 7), (1, 999), (99, 1)];
    for (system_id, id) in cases {
        let response = update(&emulator, system_id, id, json!({"name": "x"})).await;
        assert_eq!(response.status(), 404, "PUT {system_id}/{id}");
        let path = format!("{SYSTEMS}/{system_id}/run-profiles/{id}");
        let deleted = emulator
            .request(Method::DELETE, &path)
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.status(), 404, "DELETE {path}");
        let body: Value = deleted.json().await.unwrap();
        assert_error_body(&body, "NOT_FOUND");
    }
}

#[tokio::test]
async fn delete_answers_no_content() {
    let emulator = Emulator::start(&[]);
    let path = format!("{SYSTEMS}/4/run-profiles/18");
    let response = emulator
        .request(Method::DELETE, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/4/run-profiles"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn execute_answer_shape() {
    let emulator = Emulator::start(&[]);
    let body = emulator.execute(4, 14).await;
    assert_has_keys(&body, &["activityId", "taskId", "message", "warnings"]);
    assert!(is_guid(body["activityId"].as_str().unwrap()));
    assert!(is_guid(body["taskId"].as_str().unwrap()));
    assert!(body["message"].as_str().unwrap().contains("Full Import"));
    assert_eq!(body["warnings"], json!([]));
}

#[tokio::test]
async fn execute_not_found() {
    let emulator = Emulator::start(&[]);
    for path in ["1/run-profiles/7", "1/run-profiles/500", "9/run-profiles/1"] {
        let response = emulator
            .post_empty(&format!("{SYSTEMS}/{path}/execute"))
            .await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_error_body(&body, "NOT_FOUND");
    }
}

#[tokio::test]
async fn execute_warns_about_deselected_partition() {
    let emulator = Emulator::start(&[]);
    emulator
        .control(
            Method::PUT,
            "/_emulator/partitions/2",
            Some(json!({"selected": false})),
        )
        .await;
    let body = emulator.execute(1, 1).await;
    let warnings = body["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0]
        .as_str()
        .unwrap()
        .contains("DC=corp,DC=example,DC=com"));
}

#[tokio::test]
async fn conflict_clears_after_run() {
    let emulator = Emulator::start(&["--run-seconds", "0.4"]);
    let first = emulator.execute(2, 9).await;
    let busy = emulator
        .post_empty(&format!("{SYSTEMS}/2/run-profiles/9/execute"))
        .await;
    assert_eq!(busy.status(), 409);
    let body: Value = busy.json().await.unwrap();
    assert_error_body(&body, "CONFLICT");
    wait_for_final(&emulator, first["activityId"].as_str().unwrap()).await;
    let again = emulator
        .post_empty(&format!("{SYSTEMS}/2/run-profiles/9/execute"))
        .await;
    assert_eq!(again.status(), 202);
}

#[tokio::test]
async fn other_profiles_run_side_by_side() {
    let emulator = Emulator::start(&[]);
    emulator.execute(1, 1).await;
    emulator.execute(1, 2).await;
    emulator.execute(2, 7).await;
}

// Activities

const PROGRESS_KEYS: [&str; 19] = [
    "id",
    "status",
    "message",
    "objectsProcessed",
    "objectsToProcess",
    "percentComplete",
    "elapsedSeconds",
    "objectsPerSecond",
    "estimatedSecondsRemaining",
    "targetType",
    "runType",
    "operationCounts",
    "totalErrors",
    "retrievedAt",
    "phases",
    "currentPhase",
    "currentPhaseNumber",
    "totalPhases",
    "phases",
];

const RECORD_KEYS: [&str; 23] = [
    "id",
    "parentActivityId",
    "created",
    "executed",
    "status",
    "targetType",
    "targetOperationType",
    "targetName",
    "targetContext",
    "message",
    "initiatedByType",
    "initiatedByName",
    "objectsToProcess",
    "objectsProcessed",
    "executionTime",
    "totalActivityTime",
    "warningMessage",
    "errorMessage",
    "totalAdded",
    "totalUpdated",
    "totalDeleted",
    "totalExported",
    "totalErrors",
];

const FINAL_STATUSES: [&str; 5] = [
    "Complete",
    "CompleteWithWarning",
    "CompleteWithError",
    "FailedWithError",
    "Cancelled",
];

/// Returns the phases each run type declares: key, name, parent key.
fn expected_phases(run_type: &str) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    match run_type {
        "FullImport" | "DeltaImport" => vec![
            ("import.connect", "Connecting to Connected System", None),
            ("import.fetch", "Importing objects", None),
            (
                "connector:read",
                "Reading objects from the connector",
                Some("import.fetch"),
            ),
            (
                "import.process",
                "Processing imported objects",
                Some("import.fetch"),
            ),
            ("import.deletions", "Processing deletions", None),
            ("import.references", "Resolving references", None),
            ("import.save", "Saving changes", None),
            ("import.reconcile", "Reconciling Pending Exports", None),
            ("import.record", "Recording results", None),
        ],
        "FullSynchronisation" | "DeltaSynchronisation" => vec![
            ("sync.prepare", "Preparing", None),
            ("sync.process", "Processing Connected System Objects", None),
            (
                "sync.crosspagereferences",
                "Resolving cross-page references",
                None,
            ),
            ("sync.scopereview", "Reviewing export scope", None),
        ],
        _ => vec![
            ("export.prepare", "Preparing export", None),
            ("export.execute", "Exporting", None),
            (
                "connector:write",
                "Writing changes to the connector",
                Some("export.execute"),
            ),
            ("export.deferred", "Exporting deferred changes", None),
            (
                "export.references",
                "Resolving change history references",
                None,
            ),
            ("export.containers", "Selecting new containers", None),
            ("export.passwords", "Delivering initial passwords", None),
        ],
    }
}

fn expected_operations(run_type: &str) -> Vec<&'static str> {
    match run_type {
        "FullImport" | "DeltaImport" => vec!["Added", "Updated", "Deleted", "NoChange"],
        "FullSynchronisation" | "DeltaSynchronisation" => vec![
            "Projected",
            "Joined",
            "AttributeFlow",
            "Disconnected",
            "DisconnectedOutOfScope",
            "OutOfScopeRetainJoin",
            "DriftCorrection",
            "PendingExport",
            "NoChange",
        ],
        _ => vec!["Exported", "Deprovisioned", "NoChange"],
    }
}

fn phase_rank(status: &str) -> u8 {
    match status {
        "Pending" => 0,
        "Active" => 1,
        "Completed" | "Skipped" | "Failed" => 2,
        other => panic!("unknown phase status {other}"),
    }
}

#[tokio::test]
async fn progress_shape_per_run_type() {
    let emulator = Emulator::start(&["--run-seconds", "1"]);
    let profiles = [
        (1, 1, "FullImport", 7),
        (1, 2, "DeltaImport", 7),
        (1, 3, "FullSynchronisation", 4),
        (1, 4, "DeltaSynchronisation", 4),
        (1, 5, "Export", 6),
    ];
    for (system_id, profile_id, run_type, top_level) in profiles {
        let started = emulator.execute(system_id, profile_id).await;
        let activity_id = started["activityId"].as_str().unwrap();
        let snapshots = wait_for_final(&emulator, activity_id).await;
        let last = snapshots.last().unwrap();
        assert_has_keys(last, &PROGRESS_KEYS);
        assert_eq!(last["id"], activity_id);
        assert_eq!(last["runType"], run_type);
        assert_eq!(last["targetType"], "ConnectedSystemRunProfile");
        assert_eq!(last["totalPhases"], top_level, "{run_type}");
        assert!(is_iso_utc(last["retrievedAt"].as_str().unwrap()));

        let phases = last["phases"].as_array().unwrap();
        let listed: Vec<(String, String, Option<String>)> = phases
            .iter()
            .map(|phase| {
                (
                    phase["key"].as_str().unwrap().to_string(),
                    phase["name"].as_str().unwrap().to_string(),
                    phase["parentKey"].as_str().map(str::to_string),
                )
            })
            .collect();
        let expected: Vec<(String, String, Option<String>)> = expected_phases(run_type)
            .into_iter()
            .map(|(key, name, parent)| (key.into(), name.into(), parent.map(Into::into)))
            .collect();
        assert_eq!(listed, expected, "{run_type}");
        let orders: Vec<i64> = phases
            .iter()
            .map(|p| p["order"].as_i64().unwrap())
            .collect();
        let mut sorted = orders.clone();
        sorted.sort();
        assert_eq!(orders, sorted, "{run_type}: phases come in order");

        let mut operations: Vec<String> = keys(&last["operationCounts"]).into_iter().collect();
        operations.sort();
        let mut expected_ops: Vec<String> = expected_operations(run_type)
            .into_iter()
            .map(String::from)
            .collect();
        expected_ops.sort();
        assert_eq!(operations, expected_ops, "{run_type}");
    }
}

#[tokio::test]
async fn skipped_phases_per_run_type() {
    let emulator = Emulator::start(&["--run-seconds", "0.5"]);
    let cases = [
        (1, 1, None),
        (1, 2, Some("import.deletions")),
        (1, 3, Some("sync.scopereview")),
        (1, 5, Some("export.deferred")),
    ];
    for (system_id, profile_id, skipped) in cases {
        let started = emulator.execute(system_id, profile_id).await;
        let snapshots = wait_for_final(&emulator, started["activityId"].as_str().unwrap()).await;
        for phase in snapshots.last().unwrap()["phases"].as_array().unwrap() {
            let expected = if Some(phase["key"].as_str().unwrap()) == skipped {
                "Skipped"
            } else {
                "Completed"
            };
            assert_eq!(phase["status"], expected, "profile {profile_id}: {phase}");
        }
    }
}

#[tokio::test]
async fn phases_move_forward_only() {
    let emulator = Emulator::start(&["--run-seconds", "2"]);
    let started = emulator.execute(1, 1).await;
    let activity_id = started["activityId"].as_str().unwrap();
    let snapshots = wait_for_final(&emulator, activity_id).await;
    assert!(snapshots.len() >= 5, "polled {} times", snapshots.len());
    let first = &snapshots[0];
    assert_eq!(first["phases"][0]["status"], "Active");
    assert_eq!(first["phases"][4]["status"], "Pending");
    for pair in snapshots.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        for (old, new) in before["phases"]
            .as_array()
            .unwrap()
            .iter()
            .zip(after["phases"].as_array().unwrap())
        {
            let (old_status, new_status) = (
                old["status"].as_str().unwrap(),
                new["status"].as_str().unwrap(),
            );
            assert!(
                phase_rank(old_status) <= phase_rank(new_status),
                "{old} then {new}"
            );
        }
        let processed = |s: &Value| s["objectsProcessed"].as_u64().unwrap();
        assert!(processed(before) <= processed(after));
    }
    for snapshot in &snapshots {
        if let Some(percent) = snapshot["percentComplete"].as_u64() {
            assert!(percent <= 100);
        }
        let total = snapshot["totalPhases"].as_u64().unwrap();
        if snapshot["status"] == "InProgress" {
            let number = snapshot["currentPhaseNumber"].as_u64().unwrap();
            assert!((1..=total).contains(&number), "{snapshot}");
            assert!(snapshot["currentPhase"].is_string());
        } else {
            assert_eq!(snapshot["currentPhaseNumber"], Value::Null);
        }
        for phase in snapshot["phases"].as_array().unwrap() {
            match phase["status"].as_str().unwrap() {
                "Pending" => assert_eq!(phase["started"], Value::Null),
                "Active" => assert!(phase["started"].is_string()),
                "Completed" => {
                    assert!(phase["ended"].is_string());
                    assert!(phase["durationSeconds"].is_number());
                }
                _ => {}
            }
        }
    }
}

#[tokio::test]
async fn objects_to_process_zero_early() {
    let emulator = Emulator::start(&["--run-seconds", "5"]);
    let started = emulator.execute(1, 1).await;
    let path = format!(
        "/api/v1/activities/{}/progress",
        started["activityId"].as_str().unwrap()
    );
    let early = emulator.get_json(&path).await;
    assert_eq!(early["status"], "InProgress");
    assert_eq!(early["objectsToProcess"], 0);
    assert_eq!(early["percentComplete"], Value::Null);
    assert_eq!(early["currentPhase"], "Connecting to Connected System");
    assert_eq!(early["currentPhaseNumber"], 1);
}

#[tokio::test]
async fn processed_can_exceed_estimate() {
    let emulator = Emulator::start(&[]);
    emulator
        .set_outcome(
            7,
            // Many more objects than the estimate, over a long enough run, so that the
            // window in which the count exceeds the estimate spans several 100 ms polls.
            json!({"status": "Complete", "runSeconds": 3.0, "extraObjects": 30000}),
        )
        .await;
    let started = emulator.execute(2, 7).await;
    let snapshots = wait_for_final(&emulator, started["activityId"].as_str().unwrap()).await;
    let exceeded = snapshots.iter().any(|snapshot| {
        snapshot["objectsProcessed"].as_u64() > snapshot["objectsToProcess"].as_u64()
    });
    assert!(
        exceeded,
        "no snapshot had objectsProcessed above objectsToProcess"
    );
    let last = snapshots.last().unwrap();
    assert_eq!(last["objectsProcessed"], last["objectsToProcess"]);
    assert_eq!(last["percentComplete"], 100);
}

#[tokio::test]
async fn activity_record_fields() {
    let emulator = Emulator::start(&["--run-seconds", "0.5"]);
    let started = emulator.execute(3, 13).await;
    let activity_id = started["activityId"].as_str().unwrap();
    let running = emulator
        .get_json(&format!("/api/v1/activities/{activity_id}"))
        .await;
    assert_eq!(running["status"], "InProgress");
    wait_for_final(&emulator, activity_id).await;
    let record = emulator
        .get_json(&format!("/api/v1/activities/{activity_id}"))
        .await;
    assert_has_keys(&record, &RECORD_KEYS);
    assert_eq!(record["id"], activity_id);
    assert_eq!(record["parentActivityId"], Value::Null);
    assert_eq!(record["targetType"], "ConnectedSystemRunProfile");
    assert_eq!(record["targetName"], "Export");
    assert_eq!(record["targetContext"], "Contractors CSV Feed");
    assert_eq!(record["executionTime"], "00:00:00.5000000");
    assert!(is_time_span(record["totalActivityTime"].as_str().unwrap()));
    assert!(is_iso_utc(record["created"].as_str().unwrap()));
    assert!(record["totalExported"].as_u64().unwrap() > 0);
    assert_eq!(record["warningMessage"], Value::Null);
    assert_eq!(record["errorMessage"], Value::Null);
    assert!(!record["initiatedByName"].as_str().unwrap().contains("jim_"));
}

#[tokio::test]
async fn outcomes_set_final_status() {
    let emulator = Emulator::start(&[]);
    for status in FINAL_STATUSES {
        emulator
            .set_outcome(14, json!({"status": status, "runSeconds": 0.3}))
            .await;
        let started = emulator.execute(4, 14).await;
        let activity_id = started["activityId"].as_str().unwrap();
        let snapshots = wait_for_final(&emulator, activity_id).await;
        let last = snapshots.last().unwrap();
        assert_eq!(last["status"], status);
        let record = emulator
            .get_json(&format!("/api/v1/activities/{activity_id}"))
            .await;
        assert_eq!(record["status"], status);
        let has_warning = record["warningMessage"].is_string();
        let has_error = record["errorMessage"].is_string();
        assert_eq!(
            has_warning,
            status == "CompleteWithWarning",
            "{status}: {record}"
        );
        let error_expected =
            ["CompleteWithError", "FailedWithError", "Cancelled"].contains(&status);
        assert_eq!(has_error, error_expected, "{status}: {record}");
        let failed_phases = last["phases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|phase| phase["status"] == "Failed")
            .count();
        assert_eq!(
            failed_phases > 0,
            status == "FailedWithError",
            "{status}: {last}"
        );
        let errors = last["totalErrors"].as_u64().unwrap();
        assert_eq!(
            errors > 0,
            status == "CompleteWithError" || status == "FailedWithError"
        );
    }
}

#[tokio::test]
async fn unknown_activity_is_404() {
    let emulator = Emulator::start(&[]);
    let id = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
    for path in [
        format!("/api/v1/activities/{id}"),
        format!("/api/v1/activities/{id}/progress"),
    ] {
        let response = emulator.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_error_body(&body, "NOT_FOUND");
    }
    assert_eq!(emulator.get("/api/v1/activities/42").await.status(), 404);
}

#[tokio::test]
async fn activity_list_is_paginated() {
    let emulator = Emulator::start(&[]);
    for profile_id in [1, 2, 3] {
        emulator.execute(1, profile_id).await;
    }
    let first = emulator
        .get_json("/api/v1/activities?page=1&pageSize=2")
        .await;
    assert_eq!(first["totalCount"], 3);
    assert_eq!(first["totalPages"], 2);
    assert_eq!(first["hasNextPage"], true);
    assert_eq!(first["items"][0]["targetName"], "Full Synchronisation");
    let second = emulator
        .get_json("/api/v1/activities?page=2&pageSize=2")
        .await;
    assert_eq!(second["items"][0]["targetName"], "Full Import");
    let clamped = emulator.get_json("/api/v1/activities?pageSize=1000").await;
    assert_eq!(clamped["pageSize"], 100);
}
