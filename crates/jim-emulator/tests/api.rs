//! End-to-end checks of the emulator's routes through the real binary.

mod common;

use common::{wait_for_final, Emulator, API_KEY, READ_ONLY_KEY, SYSTEMS};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn health_is_anonymous() {
    let emulator = Emulator::start(&[]);
    let response = emulator
        .client
        .get(emulator.url("/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "healthy");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));

    let version: Value = emulator
        .client
        .get(emulator.url("/api/v1/health/version"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(version["product"], "JIM");
    assert!(version["version"].is_string());
}

#[tokio::test]
async fn userinfo_requires_credential() {
    let emulator = Emulator::start(&[]);
    let anonymous = emulator
        .client
        .get(emulator.url("/api/v1/userinfo"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["code"], "UNAUTHORISED");

    let wrong = emulator
        .client
        .get(emulator.url("/api/v1/userinfo"))
        .header("x-api-key", "jim_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let info = emulator.get_json("/api/v1/userinfo").await;
    assert_eq!(info["authorised"], false);
    assert_eq!(info["authMethod"], "ApiKey");
    assert!(info["roles"].is_array());
    assert!(!info.to_string().contains(API_KEY));
}

#[tokio::test]
async fn connected_systems_are_paginated() {
    let emulator = Emulator::start(&[]);
    let first = emulator
        .get_json(&format!("{SYSTEMS}?page=1&pageSize=3"))
        .await;
    assert_eq!(first["totalCount"], 4);
    assert_eq!(first["pageSize"], 3);
    assert_eq!(first["totalPages"], 2);
    assert_eq!(first["hasNextPage"], true);
    assert_eq!(first["hasPreviousPage"], false);
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    assert_eq!(first["items"][0]["name"], "Active Directory");
    assert_eq!(
        first["items"][0]["connectorName"],
        "Microsoft Active Directory"
    );

    let second = emulator
        .get_json(&format!("{SYSTEMS}?page=2&pageSize=3"))
        .await;
    assert_eq!(second["items"][0]["id"], 4);
    assert_eq!(second["items"][0]["name"], "Entra ID");
    assert_eq!(second["hasNextPage"], false);
    assert_eq!(second["hasPreviousPage"], true);
}

#[tokio::test]
async fn page_size_defaults_and_clamps() {
    let emulator = Emulator::start(&["--extra-systems", "150"]);
    let cases = [
        ("", 1, 25),
        ("?pageSize=500", 1, 100),
        ("?pageSize=0", 1, 25),
        ("?page=0", 1, 25),
    ];
    for (query, page, page_size) in cases {
        let body = emulator.get_json(&format!("{SYSTEMS}{query}")).await;
        assert_eq!(body["page"], page, "{query}");
        assert_eq!(body["pageSize"], page_size, "{query}");
        assert_eq!(body["totalCount"], 154, "{query}");
    }
    let deep = emulator
        .get(&format!("{SYSTEMS}?page=20000&pageSize=100"))
        .await;
    assert_eq!(deep.status(), 400);
}

#[tokio::test]
async fn system_detail_and_partitions() {
    let emulator = Emulator::start(&[]);
    let detail = emulator.get_json(&format!("{SYSTEMS}/1")).await;
    assert_eq!(detail["name"], "Active Directory");
    assert_eq!(detail["connector"]["name"], "Microsoft Active Directory");

    let partitions = emulator.get_json(&format!("{SYSTEMS}/1/partitions")).await;
    let partitions = partitions.as_array().unwrap();
    assert_eq!(partitions.len(), 2);
    assert_eq!(partitions[0]["id"], 2);
    assert_eq!(partitions[0]["name"], "DC=corp,DC=example,DC=com");
    assert_eq!(partitions[1]["id"], 3);
    assert_eq!(partitions[1]["selected"], true);
    assert!(!partitions[1]["containers"].as_array().unwrap().is_empty());

    let none = emulator.get_json(&format!("{SYSTEMS}/2/partitions")).await;
    assert_eq!(none, json!([]));
    assert_eq!(emulator.get(&format!("{SYSTEMS}/99")).await.status(), 404);
    assert_eq!(
        emulator
            .get(&format!("{SYSTEMS}/99/partitions"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn initial_run_profiles_match_estate() {
    let emulator = Emulator::start(&[]);
    type Profiles = &'static [(i32, &'static str, &'static str)];
    let expected: [(i32, Profiles); 4] = [
        (
            1,
            &[
                (1, "Full Import", "FullImport"),
                (2, "Delta Import", "DeltaImport"),
                (3, "Full Synchronisation", "FullSynchronisation"),
                (4, "Delta Synchronisation", "DeltaSynchronisation"),
                (5, "Export", "Export"),
                (6, "Delta Import (UK)", "DeltaImport"),
            ],
        ),
        (
            2,
            &[
                (7, "Full Import", "FullImport"),
                (8, "Delta Import", "DeltaImport"),
                (9, "Full Synchronisation", "FullSynchronisation"),
                (10, "Delta Synchronisation", "DeltaSynchronisation"),
            ],
        ),
        (
            3,
            &[
                (11, "Full Import", "FullImport"),
                (12, "Full Synchronisation", "FullSynchronisation"),
                (13, "Export", "Export"),
            ],
        ),
        (
            4,
            &[
                (14, "Full Import", "FullImport"),
                (15, "Delta Import", "DeltaImport"),
                (16, "Full Synchronisation", "FullSynchronisation"),
                (17, "Delta Synchronisation", "DeltaSynchronisation"),
                (18, "Export", "Export"),
            ],
        ),
    ];
    for (system_id, profiles) in expected {
        let listed = emulator
            .get_json(&format!("{SYSTEMS}/{system_id}/run-profiles"))
            .await;
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), profiles.len(), "system {system_id}");
        for (item, (id, name, run_type)) in listed.iter().zip(profiles) {
            assert_eq!(item["id"], *id);
            assert_eq!(item["name"], *name);
            assert_eq!(item["runType"], *run_type);
            assert_eq!(item["connectedSystemId"], system_id);
        }
    }
    let ad = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    assert_eq!(ad[5]["partitionName"], "DC=uk,DC=corp,DC=example,DC=com");
    assert_eq!(ad[0]["partitionName"], Value::Null);
    let csv = emulator
        .get_json(&format!("{SYSTEMS}/3/run-profiles"))
        .await;
    assert_eq!(csv[0]["filePath"], "/var/jim/import/contractors.csv");
    assert_eq!(csv[2]["filePath"], "/var/jim/export/contractors.csv");
}

#[tokio::test]
async fn create_update_delete_round_trip() {
    let emulator = Emulator::start(&[]);
    let path = format!("{SYSTEMS}/1/run-profiles");
    let created = emulator
        .send_json(
            Method::POST,
            &path,
            &json!({"name": "Full Import (UK)", "runType": "FullImport", "partitionId": 3}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["id"], 19);
    assert_eq!(created["pageSize"], 100);
    assert_eq!(created["partitionName"], "DC=uk,DC=corp,DC=example,DC=com");

    let updated = emulator
        .send_json(
            Method::PUT,
            &format!("{path}/19"),
            &json!({"name": "Renamed", "runType": "Export"}),
        )
        .await;
    assert_eq!(updated.status(), 200);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["runType"], "FullImport");
    assert_eq!(updated["partitionName"], "DC=uk,DC=corp,DC=example,DC=com");

    let deleted = emulator
        .client
        .delete(emulator.url(&format!("{path}/19")))
        .header("X-Api-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let again = emulator
        .client
        .delete(emulator.url(&format!("{path}/19")))
        .header("X-Api-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);

    let next = emulator
        .send_json(
            Method::POST,
            &path,
            &json!({"name": "Another", "runType": "Export"}),
        )
        .await;
    let next: Value = next.json().await.unwrap();
    assert_eq!(next["id"], 20, "ids are never reused");
}

#[tokio::test]
async fn create_validation_errors() {
    let emulator = Emulator::start(&[]);
    let path = format!("{SYSTEMS}/1/run-profiles");
    let long_name = "x".repeat(201);
    // 101 emoji are 202 UTF-16 code units, the unit in which .NET measures the limit.
    let long_emoji_name = "\u{1F680}".repeat(101);
    let long_path = "p".repeat(501);
    let cases: Vec<(Value, &str)> = vec![
        (json!({"runType": "FullImport"}), "name"),
        (json!({"name": "", "runType": "FullImport"}), "name"),
        (json!({"name": "   ", "runType": "FullImport"}), "name"),
        (json!({"name": long_name, "runType": "FullImport"}), "name"),
        (
            json!({"name": long_emoji_name, "runType": "FullImport"}),
            "name",
        ),
        (json!({"name": "x"}), "runType"),
        (
            json!({"name": "x", "runType": "FullImport", "pageSize": 0}),
            "pageSize",
        ),
        (
            json!({"name": "x", "runType": "FullImport", "pageSize": 10001}),
            "pageSize",
        ),
        (
            json!({"name": "x", "runType": "FullImport", "filePath": long_path}),
            "filePath",
        ),
        (
            json!({"name": "x", "runType": "FullImport", "partitionId": 99}),
            "partitionId",
        ),
        (
            json!({"name": "x", "runType": "Export", "verifyImportContentHashes": true}),
            "verifyImportContentHashes",
        ),
    ];
    for (body, field) in cases {
        let response = emulator.send_json(Method::POST, &path, &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "VALIDATION_ERROR", "{body}");
        assert!(
            error["validationErrors"][field].is_array(),
            "{body}: {error}"
        );
    }
    let wrong_system = emulator
        .send_json(
            Method::POST,
            &format!("{SYSTEMS}/2/run-profiles"),
            &json!({"name": "x", "runType": "FullImport", "partitionId": 2}),
        )
        .await;
    assert_eq!(wrong_system.status(), 400);
    let missing = emulator
        .send_json(
            Method::POST,
            &format!("{SYSTEMS}/99/run-profiles"),
            &json!({"name": "x", "runType": "FullImport"}),
        )
        .await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn numeric_enum_is_rejected() {
    let emulator = Emulator::start(&[]);
    let response = emulator
        .send_json(
            Method::POST,
            &format!("{SYSTEMS}/1/run-profiles"),
            &json!({"name": "x", "runType": 0}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 400);
    assert!(body["errors"]["$.runType"].is_array(), "{body}");
}

#[tokio::test]
async fn read_only_key_cannot_change() {
    let emulator = Emulator::start(&[]);
    let listed = emulator
        .client
        .get(emulator.url(&format!("{SYSTEMS}/1/run-profiles")))
        .header("X-Api-Key", READ_ONLY_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    let started = emulator
        .client
        .post(emulator.url(&format!("{SYSTEMS}/1/run-profiles/1/execute")))
        .header("X-Api-Key", READ_ONLY_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 403);
    let body: Value = started.json().await.unwrap();
    assert_eq!(body["code"], "FORBIDDEN");
}

#[tokio::test]
async fn run_completes_with_counts() {
    let emulator = Emulator::start(&["--run-seconds", "1.5"]);
    let started = emulator.execute(1, 1).await;
    let activity_id = started["activityId"].as_str().unwrap().to_string();
    assert_eq!(activity_id.len(), 36);
    assert_eq!(started["taskId"].as_str().unwrap().len(), 36);
    assert!(started["warnings"].is_array());

    let snapshots = wait_for_final(&emulator, &activity_id).await;
    let first = &snapshots[0];
    assert_eq!(first["status"], "InProgress");
    assert_eq!(first["totalPhases"], 7);
    assert_eq!(first["phases"][0]["key"], "import.connect");
    let last = snapshots.last().unwrap();
    assert_eq!(last["status"], "Complete");
    assert_eq!(last["percentComplete"], 100);
    assert_eq!(last["objectsProcessed"], last["objectsToProcess"]);
    for phase in last["phases"].as_array().unwrap() {
        assert_eq!(phase["status"], "Completed", "{phase}");
    }
    let counts = &last["operationCounts"];
    for key in ["Added", "Updated", "Deleted", "NoChange"] {
        assert!(counts[key].is_u64(), "{key} in {counts}");
    }

    let record = emulator
        .get_json(&format!("/api/v1/activities/{activity_id}"))
        .await;
    assert_eq!(record["status"], "Complete");
    assert_eq!(record["targetType"], "ConnectedSystemRunProfile");
    assert_eq!(record["targetName"], "Full Import");
    assert_eq!(record["targetContext"], "Active Directory");
    assert_eq!(record["executionTime"], "00:00:01.5000000");
    assert!(record["totalAdded"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn running_profile_is_conflict() {
    let emulator = Emulator::start(&[]);
    let started = emulator.execute(1, 2).await;
    let again = emulator
        .post_empty(&format!("{SYSTEMS}/1/run-profiles/2/execute"))
        .await;
    assert_eq!(again.status(), 409);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["code"], "CONFLICT");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("Delta Import"), "{message}");
    assert!(
        message.contains(started["activityId"].as_str().unwrap()),
        "{message}"
    );
}

#[tokio::test]
async fn deselected_partition_is_rejected() {
    let emulator = Emulator::start(&[]);
    let response = emulator
        .control(
            Method::PUT,
            "/_emulator/partitions/3",
            Some(json!({"selected": false})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    assert_eq!(listed[5]["targetsDeselectedPartition"], true);
    let rejected = emulator
        .post_empty(&format!("{SYSTEMS}/1/run-profiles/6/execute"))
        .await;
    assert_eq!(rejected.status(), 400);
    let body: Value = rejected.json().await.unwrap();
    assert_eq!(body["code"], "BAD_REQUEST");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("no longer selected"));
}

#[tokio::test]
async fn outcome_failed_marks_phase() {
    let emulator = Emulator::start(&[]);
    let response = emulator
        .control(
            Method::PUT,
            "/_emulator/run-profiles/3/outcome",
            Some(json!({"status": "FailedWithError", "runSeconds": 0.5})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let started = emulator.execute(1, 3).await;
    let activity_id = started["activityId"].as_str().unwrap().to_string();
    let snapshots = wait_for_final(&emulator, &activity_id).await;
    let last = snapshots.last().unwrap();
    assert_eq!(last["status"], "FailedWithError");
    let failed = last["phases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|phase| phase["status"] == "Failed")
        .count();
    assert!(failed >= 1, "{last}");
    let record = emulator
        .get_json(&format!("/api/v1/activities/{activity_id}"))
        .await;
    assert!(record["errorMessage"].is_string());
}

#[tokio::test]
async fn requests_are_recorded_and_cleared() {
    let emulator = Emulator::start(&[]);
    emulator.get(&format!("{SYSTEMS}?page=2")).await;
    let recorded: Value = emulator
        .control(Method::GET, "/_emulator/requests", None)
        .await
        .json()
        .await
        .unwrap();
    let requests = recorded["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], SYSTEMS);
    assert_eq!(requests[0]["query"], "page=2");
    assert_eq!(requests[0]["status"], 200);
    assert_eq!(requests[0]["authenticated"], true);

    emulator
        .control(Method::DELETE, "/_emulator/requests", None)
        .await;
    let cleared: Value = emulator
        .control(Method::GET, "/_emulator/requests", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["requests"], json!([]));
}

#[tokio::test]
async fn reset_restores_estate() {
    let emulator = Emulator::start(&[]);
    let deleted = emulator
        .client
        .delete(emulator.url(&format!("{SYSTEMS}/1/run-profiles/1")))
        .header("X-Api-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    emulator.execute(1, 2).await;
    let reset = emulator
        .control(Method::POST, "/_emulator/reset", None)
        .await;
    assert_eq!(reset.status(), 204);
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 6);
    let activities = emulator.get_json("/api/v1/activities").await;
    assert_eq!(activities["totalCount"], 0);
}

#[tokio::test]
async fn activities_list_newest_first() {
    let emulator = Emulator::start(&[]);
    let first = emulator.execute(1, 1).await;
    let second = emulator.execute(2, 7).await;
    let listed = emulator
        .get_json("/api/v1/activities?page=1&pageSize=10")
        .await;
    assert_eq!(listed["totalCount"], 2);
    assert_eq!(listed["items"][0]["id"], second["activityId"]);
    assert_eq!(listed["items"][1]["id"], first["activityId"]);
}

#[test]
fn key_without_prefix_is_rejected() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jim-emulator"))
        .args(["--port", "0", "--api-key", "secret"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("jim_"), "{stderr}");
    assert!(
        !stderr.contains("secret"),
        "the key itself is not echoed: {stderr}"
    );
}

#[tokio::test]
async fn large_estate_starts_quickly() {
    let started = std::time::Instant::now();
    let emulator = Emulator::start(&["--extra-systems", "1000"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let body = emulator
        .get_json(&format!("{SYSTEMS}?page=41&pageSize=25"))
        .await;
    assert_eq!(body["totalCount"], 1004);
    assert_eq!(body["items"][0]["name"], "Synthetic System 1001");
    let profiles = emulator
        .get_json(&format!("{SYSTEMS}/1004/run-profiles"))
        .await;
    assert_eq!(profiles.as_array().unwrap().len(), 10);
    assert_eq!(profiles[0]["name"], "Full Import 01");
}
