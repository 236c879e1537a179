//! Exports that reach the server, checked against mockito.

use std::ffi::c_char;
use std::ptr;

use mockito::Matcher;
use serde_json::{json, Value};

use super::support::*;
use crate::*;

const SYSTEMS: &str = "/api/v1/synchronisation/connected-systems";
const ACTIVITY: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

/// Result of one export call: the status and both documents, already released.
struct Outcome {
    status: JimStatus,
    json: Option<Value>,
    error: Option<Value>,
}

/// Calls an export with fresh output pointers set to a stale value.
fn call(export: impl FnOnce(*mut *mut c_char, *mut *mut c_char) -> JimStatus) -> Outcome {
    let mut out_json = stale_pointer();
    let mut out_error = stale_pointer();
    let status = export(&mut out_json, &mut out_error);
    let json = if out_json == stale_pointer() {
        None
    } else {
        take_json(out_json)
    };
    Outcome {
        status,
        json,
        error: take_json(out_error),
    }
}

#[test]
fn connected_system_list_returns_array() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", SYSTEMS)
        .match_query(Matcher::Any)
        .with_body(
            json!({"items": [{"id": 1, "name": "Active Directory"}], "totalCount": 1,
                   "page": 1, "pageSize": 100, "totalPages": 1, "hasNextPage": false,
                   "hasPreviousPage": false})
            .to_string(),
        )
        .create();

    let outcome = call(|j, e| unsafe { jim_connected_system_list(connection, j, e) });

    assert_eq!(outcome.status, JimStatus::Ok);
    assert!(outcome.error.is_none());
    assert_eq!(
        outcome.json.unwrap(),
        json!([{"id": 1, "name": "Active Directory"}])
    );
    unsafe { jim_connection_close(connection) };
}

#[test]
fn empty_list_is_empty_array() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", SYSTEMS)
        .match_query(Matcher::Any)
        .with_body(json!({"items": [], "hasNextPage": false}).to_string())
        .create();

    let outcome = call(|j, e| unsafe { jim_connected_system_list(connection, j, e) });

    assert_eq!(outcome.status, JimStatus::Ok);
    assert_eq!(outcome.json.unwrap(), json!([]));
    unsafe { jim_connection_close(connection) };
}

#[test]
fn utf8_names_round_trip() {
    let (mut server, connection) = open_connection();
    let name = "Import – Zürich 東京";
    server
        .mock("GET", format!("{SYSTEMS}/1").as_str())
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(json!({"id": 1, "name": name}).to_string())
        .create();
    let created = server
        .mock("POST", format!("{SYSTEMS}/1/run-profiles").as_str())
        .match_body(Matcher::Json(
            json!({"name": name, "runType": "FullImport"}),
        ))
        .with_status(201)
        .with_body(
            json!({"id": 9, "name": name, "connectedSystemId": 1, "runType": "FullImport",
                   "partitionName": null})
            .to_string(),
        )
        .expect(1)
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1/partitions").as_str())
        .with_body("[]")
        .create();
    let request = c_string(&json!({"name": name, "type": "FullImport"}).to_string());

    let system = call(|j, e| unsafe { jim_connected_system_get(connection, 1, j, e) });
    let profile =
        call(|j, e| unsafe { jim_run_profile_create(connection, 1, request.as_ptr(), j, e) });

    assert_eq!(system.json.unwrap()["name"], name);
    assert_eq!(profile.status, JimStatus::Ok, "{:?}", profile.error);
    let profile = profile.json.unwrap();
    assert_eq!(profile["name"], name);
    assert_eq!(profile["connectedSystemName"], name);
    created.assert();
    unsafe { jim_connection_close(connection) };
}

#[test]
fn not_found_error_document() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", format!("{SYSTEMS}/99").as_str())
        .with_status(404)
        .with_body(
            json!({"code": "NOT_FOUND", "message": "Connected system not found",
                   "details": null, "validationErrors": null,
                   "timestamp": "2026-07-13T12:00:00Z"})
            .to_string(),
        )
        .create();

    let outcome = call(|j, e| unsafe { jim_connected_system_get(connection, 99, j, e) });

    assert_eq!(outcome.status, JimStatus::NotFound);
    assert!(outcome.json.is_none());
    let document = outcome.error.unwrap();
    assert_error_document(&document, "NotFound", "connected_system_get");
    let message = document["message"].as_str().unwrap();
    assert!(
        message.starts_with("Connected System 99 was not found."),
        "{message}"
    );
    assert_eq!(document["httpStatus"], 404);
    assert_eq!(document["code"], "NOT_FOUND");
    assert_eq!(document["serverMessage"], "Connected system not found");
    assert_eq!(document["validationErrors"], Value::Null);
    assert_eq!(document["retryAfterSeconds"], Value::Null);
    assert_eq!(document["method"], "GET");
    assert_eq!(
        document["path"],
        "/api/v1/synchronisation/connected-systems/99"
    );
    unsafe { jim_connection_close(connection) };
}

#[test]
fn validation_error_document() {
    let (mut server, connection) = open_connection();
    server
        .mock("PUT", format!("{SYSTEMS}/1/run-profiles/42").as_str())
        .with_status(400)
        .with_body(
            json!({"title": "One or more validation errors occurred.", "status": 400,
                   "errors": {"name": ["The name must be 1 to 200 characters."]}})
            .to_string(),
        )
        .create();
    let request = c_string(r#"{"name": ""}"#);

    let outcome =
        call(|j, e| unsafe { jim_run_profile_update(connection, 1, 42, request.as_ptr(), j, e) });

    assert_eq!(outcome.status, JimStatus::BadRequest);
    let document = outcome.error.unwrap();
    assert_error_document(&document, "BadRequest", "run_profile_update");
    assert_eq!(
        document["validationErrors"],
        json!({"name": ["The name must be 1 to 200 characters."]})
    );
    assert_eq!(
        document["serverMessage"],
        "One or more validation errors occurred."
    );
    assert_eq!(document["method"], "PUT");
    unsafe { jim_connection_close(connection) };
}

#[test]
fn rate_limited_error_document() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", format!("{SYSTEMS}/1/partitions").as_str())
        .with_status(429)
        .with_header("retry-after", "0")
        .with_body(r#"{"code": "TOO_MANY_REQUESTS", "message": "Slow down"}"#)
        .expect(4)
        .create();

    let outcome = call(|j, e| unsafe { jim_partition_list(connection, 1, j, e) });

    assert_eq!(outcome.status, JimStatus::RateLimited);
    let document = outcome.error.unwrap();
    assert_error_document(&document, "RateLimited", "partition_list");
    assert_eq!(document["retryAfterSeconds"], 0);
    unsafe { jim_connection_close(connection) };
}

#[test]
fn malformed_body_error_document() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", format!("{SYSTEMS}/1/run-profiles").as_str())
        .with_body(r#"[{"id": 1, "name": "#)
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1/partitions").as_str())
        .with_body("[]")
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1").as_str())
        .with_body(r#"{"id":1,"name":"A"}"#)
        .create();

    let outcome = call(|j, e| unsafe { jim_run_profile_list(connection, 1, j, e) });

    assert_eq!(outcome.status, JimStatus::InvalidResponse);
    let document = outcome.error.unwrap();
    assert_error_document(&document, "InvalidResponse", "run_profile_list");
    assert_eq!(document["httpStatus"], 200);
    assert_eq!(
        document["path"],
        "/api/v1/synchronisation/connected-systems/1/run-profiles"
    );
    unsafe { jim_connection_close(connection) };
}

#[test]
fn run_profile_list_resolved() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", format!("{SYSTEMS}/1/run-profiles").as_str())
        .with_body(
            json!([{"id": 7, "name": "Delta Sync", "connectedSystemId": 1,
                    "runType": "DeltaSynchronisation", "pageSize": 100,
                    "partitionName": "DC=uk,DC=corp", "targetsDeselectedPartition": false,
                    "filePath": null, "verifyImportContentHashes": false}])
            .to_string(),
        )
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1/partitions").as_str())
        .with_body(json!([{"id": 3, "name": "DC=uk,DC=corp"}]).to_string())
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1").as_str())
        .with_body(json!({"id": 1, "name": "Active Directory"}).to_string())
        .create();

    let outcome = call(|j, e| unsafe { jim_run_profile_list(connection, 1, j, e) });

    assert_eq!(outcome.status, JimStatus::Ok, "{:?}", outcome.error);
    let profiles = outcome.json.unwrap();
    let profile = &profiles[0];
    assert_eq!(profile["type"], "DeltaSync");
    assert_eq!(profile["runType"], "DeltaSynchronisation");
    assert_eq!(profile["partitionId"], 3);
    assert_eq!(profile["connectedSystemName"], "Active Directory");
    assert_eq!(profile["targetsDeselectedPartition"], false);
    unsafe { jim_connection_close(connection) };
}

#[test]
fn run_profile_find_without_owner() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", SYSTEMS)
        .match_query(Matcher::Any)
        .with_body(json!({"items": [{"id": 1, "name": "AD"}], "hasNextPage": false}).to_string())
        .create();
    server
        .mock("GET", format!("{SYSTEMS}/1/run-profiles").as_str())
        .with_body("[]")
        .create();

    let outcome = call(|j, e| unsafe { jim_run_profile_find(connection, 42, j, e) });

    assert_eq!(outcome.status, JimStatus::NotFound);
    let document = outcome.error.unwrap();
    assert_error_document(&document, "NotFound", "run_profile_find");
    assert_eq!(
        document["message"],
        "Run Profile 42 was not found on any Connected System."
    );
    assert_eq!(document["httpStatus"], Value::Null);
    unsafe { jim_connection_close(connection) };
}

#[test]
fn run_profile_delete_and_start() {
    let (mut server, connection) = open_connection();
    let deleted = server
        .mock("DELETE", format!("{SYSTEMS}/1/run-profiles/7").as_str())
        .with_status(204)
        .expect(1)
        .create();
    let started = server
        .mock(
            "POST",
            format!("{SYSTEMS}/1/run-profiles/8/execute").as_str(),
        )
        .with_status(202)
        .with_body(
            json!({"activityId": ACTIVITY, "taskId": "5d1f0e6a-1c2b-4d3e-8f90-a1b2c3d4e5f6",
                   "message": "Queued", "warnings": []})
            .to_string(),
        )
        .expect(1)
        .create();

    let mut out_error = stale_pointer();
    let delete_status = unsafe { jim_run_profile_delete(connection, 1, 7, &mut out_error) };
    let start = call(|j, e| unsafe { jim_run_profile_start(connection, 1, 8, j, e) });

    assert_eq!(delete_status, JimStatus::Ok);
    assert!(out_error.is_null());
    assert_eq!(start.status, JimStatus::Ok);
    let execution = start.json.unwrap();
    assert_eq!(execution["activityId"], ACTIVITY);
    assert_eq!(execution["warnings"], json!([]));
    deleted.assert();
    started.assert();
    unsafe { jim_connection_close(connection) };
}

#[test]
fn run_profile_start_not_replayed() {
    let (mut server, connection) = open_connection();
    let unavailable = server
        .mock(
            "POST",
            format!("{SYSTEMS}/1/run-profiles/8/execute").as_str(),
        )
        .with_status(503)
        .expect(1)
        .create();

    let outcome = call(|j, e| unsafe { jim_run_profile_start(connection, 1, 8, j, e) });

    assert_eq!(outcome.status, JimStatus::ServerError);
    assert_error_document(&outcome.error.unwrap(), "ServerError", "run_profile_start");
    unavailable.assert();
    unsafe { jim_connection_close(connection) };
}

#[test]
fn activity_progress_and_get() {
    let (mut server, connection) = open_connection();
    server
        .mock(
            "GET",
            format!("/api/v1/activities/{ACTIVITY}/progress").as_str(),
        )
        .with_body(
            json!({"id": ACTIVITY, "status": "InProgress", "percentComplete": 40}).to_string(),
        )
        .create();
    server
        .mock("GET", format!("/api/v1/activities/{ACTIVITY}").as_str())
        .with_body(json!({"id": ACTIVITY, "status": "Complete", "totalAdded": 5}).to_string())
        .create();
    let activity = c_string(ACTIVITY);

    let progress =
        call(|j, e| unsafe { jim_activity_progress(connection, activity.as_ptr(), j, e) });
    let record = call(|j, e| unsafe { jim_activity_get(connection, activity.as_ptr(), j, e) });

    assert_eq!(progress.status, JimStatus::Ok);
    assert_eq!(progress.json.unwrap()["percentComplete"], 40);
    assert_eq!(record.status, JimStatus::Ok);
    assert_eq!(record.json.unwrap()["totalAdded"], 5);
    unsafe { jim_connection_close(connection) };
}

#[test]
fn activity_list_returns_array() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", "/api/v1/activities")
        .match_query(Matcher::UrlEncoded("pageSize".into(), "5".into()))
        .with_body(
            json!({"items": [{"id": ACTIVITY, "status": "Complete"}], "hasNextPage": false})
                .to_string(),
        )
        .create();

    let listed = call(|j, e| unsafe { jim_activity_list(connection, 5, j, e) });
    let below_one = call(|j, e| unsafe { jim_activity_list(connection, 0, j, e) });

    assert_eq!(listed.status, JimStatus::Ok);
    assert_eq!(listed.json.unwrap()[0]["id"], ACTIVITY);
    assert_eq!(below_one.status, JimStatus::InvalidArgument);
    unsafe { jim_connection_close(connection) };
}

#[test]
fn activity_id_not_guid_sends_nothing() {
    let (mut server, connection) = open_connection();
    let never = server
        .mock("GET", Matcher::Regex("^/api/v1/activities".into()))
        .expect(0)
        .create();
    let activity = c_string("42");

    let outcome =
        call(|j, e| unsafe { jim_activity_progress(connection, activity.as_ptr(), j, e) });

    assert_eq!(outcome.status, JimStatus::InvalidArgument);
    assert_error_document(
        &outcome.error.unwrap(),
        "InvalidArgument",
        "activity_progress",
    );
    never.assert();
    unsafe { jim_connection_close(connection) };
}

#[test]
fn returned_strings_owned_by_caller() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", format!("{SYSTEMS}/1/partitions").as_str())
        .with_body(json!([{"id": 3, "name": "DC=corp"}]).to_string())
        .create();
    let mut out_json: *mut c_char = ptr::null_mut();
    let mut out_error: *mut c_char = ptr::null_mut();

    let status = unsafe { jim_partition_list(connection, 1, &mut out_json, &mut out_error) };
    // Close the connection first: the returned string must outlive it.
    unsafe { jim_connection_close(connection) };

    assert_eq!(status, JimStatus::Ok);
    assert!(out_error.is_null());
    let text = take_text(out_json).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()[0]["id"], 3);
}
