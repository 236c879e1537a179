//! Helpers shared by the client tests: fast options, a connection and canned bodies.

#![allow(dead_code)]

use std::time::Duration;

use jim_client::{Connection, ConnectionOptions, Credential};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{json, Value};

/// API key used by every test, so a test can check that it never leaks.
pub const API_KEY: &str = "jim_client_test_key_93b1c7";

pub const CONNECTED_SYSTEMS: &str = "/api/v1/synchronisation/connected-systems";

/// Options with retry delays shrunk to milliseconds.
pub fn fast_options() -> ConnectionOptions {
    ConnectionOptions {
        timeout: Duration::from_secs(10),
        retry_delay: Duration::from_millis(1),
        max_retry_delay: Duration::from_millis(5),
        max_retry_after: Duration::from_millis(20),
        ..ConnectionOptions::default()
    }
}

/// Creates a connection to `server` with the test API key, without sending a request.
pub fn connect(server: &ServerGuard) -> Connection {
    connect_with(server, fast_options())
}

pub fn connect_with(server: &ServerGuard, options: ConnectionOptions) -> Connection {
    Connection::new(&server.url(), Credential::ApiKey(API_KEY.into()), options).unwrap()
}

/// Mocks a JSON response to `method path` that requires the test API key.
pub async fn mock_json(
    server: &mut ServerGuard,
    method: &str,
    path: &str,
    status: usize,
    body: &Value,
) -> Mock {
    server
        .mock(method, path)
        .match_header("x-api-key", API_KEY)
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body.to_string())
        .create_async()
        .await
}

/// Mocks the one-page Connected System list.
pub async fn mock_system_list(server: &mut ServerGuard, systems: &[(i64, &str)]) -> Mock {
    let items: Vec<Value> = systems.iter().map(|(id, name)| system(*id, name)).collect();
    server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(page_body(items, 1, false).to_string())
        .create_async()
        .await
}

pub fn system(id: i64, name: &str) -> Value {
    json!({
        "id": id, "name": name, "description": null, "created": "2026-07-13T12:00:00Z",
        "status": "Active", "objectCount": 10, "connectorsCount": 0,
        "pendingExportObjectsCount": 0, "connectorName": "LDAP", "connectorId": 1
    })
}

pub fn page_body(items: Vec<Value>, page: u32, has_next_page: bool) -> Value {
    json!({
        "totalCount": 1000, "page": page, "pageSize": 100, "totalPages": 10,
        "hasNextPage": has_next_page, "hasPreviousPage": page > 1, "items": items
    })
}

pub fn run_profile(
    id: i64,
    connected_system_id: i64,
    run_type: &str,
    partition: Option<&str>,
) -> Value {
    json!({
        "id": id, "name": format!("Profile {id}"), "connectedSystemId": connected_system_id,
        "runType": run_type, "pageSize": 100, "partitionName": partition,
        "targetsDeselectedPartition": false, "filePath": null,
        "verifyImportContentHashes": false
    })
}

pub fn partition(id: i64, name: &str, connected_system_id: i64) -> Value {
    json!({
        "id": id, "name": name, "externalId": name, "selected": true,
        "connectedSystemId": connected_system_id, "containers": []
    })
}

/// JIM's own error body.
pub fn jim_error(code: &str, message: &str) -> Value {
    json!({
        "code": code, "message": message, "details": null, "validationErrors": null,
        "timestamp": "2026-07-13T12:00:00Z"
    })
}
