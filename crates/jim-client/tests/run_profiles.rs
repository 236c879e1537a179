//! Run Profiles: resolved fields, finding by ID alone and its cache, changes and execution.

mod common;

use common::*;
use jim_client::ErrorKind;
use mockito::{Matcher, Mock, Server, ServerGuard};
use serde_json::json;

fn profiles_path(connected_system_id: i64) -> String {
    format!("{CONNECTED_SYSTEMS}/{connected_system_id}/run-profiles")
}

/// Mocks the three reads behind a Run Profile list of system 1: the profiles, two
/// partitions and the system.
async fn mock_system_one(server: &mut ServerGuard) -> Vec<Mock> {
    let profiles = json!([
        run_profile(7, 1, "FullImport", Some("DC=uk,DC=corp")),
        run_profile(8, 1, "FullSynchronisation", None),
        run_profile(9, 1, "DeltaSynchronisation", Some("DC=gone,DC=corp")),
    ]);
    let partitions = json!([
        partition(3, "DC=uk,DC=corp", 1),
        partition(4, "DC=fr,DC=corp", 1)
    ]);
    vec![
        mock_json(server, "GET", &profiles_path(1), 200, &profiles).await,
        mock_json(
            server,
            "GET",
            &format!("{CONNECTED_SYSTEMS}/1/partitions"),
            200,
            &partitions,
        )
        .await,
        mock_json(
            server,
            "GET",
            &format!("{CONNECTED_SYSTEMS}/1"),
            200,
            &json!({"id": 1, "name": "Active Directory"}),
        )
        .await,
    ]
}

#[tokio::test]
async fn list_resolves_type_partition_and_system() {
    let mut server = Server::new_async().await;
    mock_system_one(&mut server).await;

    let profiles = connect(&server).run_profile_list(1).await.unwrap();

    assert_eq!(profiles.len(), 3);
    let import = &profiles[0];
    assert_eq!(import.short_type.as_deref(), Some("FullImport"));
    assert_eq!(import.partition_id, Some(3));
    assert_eq!(
        import.connected_system_name.as_deref(),
        Some("Active Directory")
    );
    let sync = &profiles[1];
    assert_eq!(sync.run_type, "FullSynchronisation");
    assert_eq!(sync.short_type.as_deref(), Some("FullSync"));
    assert_eq!(sync.partition_id, None);
    let unmatched = &profiles[2];
    assert_eq!(unmatched.short_type.as_deref(), Some("DeltaSync"));
    assert_eq!(unmatched.partition_id, None);

    let document = serde_json::to_value(import).unwrap();
    assert_eq!(document["type"], "FullImport");
    assert_eq!(document["runType"], "FullImport");
    assert_eq!(document["partitionId"], 3);
    assert_eq!(document["partitionName"], "DC=uk,DC=corp");
    assert_eq!(document["connectedSystemName"], "Active Directory");
    assert_eq!(document["pageSize"], 100);
    assert_eq!(document["verifyImportContentHashes"], false);
    assert!(document["filePath"].is_null());
    assert_eq!(
        serde_json::to_value(sync).unwrap()["partitionId"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn list_of_missing_system_not_found() {
    let mut server = Server::new_async().await;
    let body = jim_error("NOT_FOUND", "Connected system not found");
    for path in [
        profiles_path(9),
        format!("{CONNECTED_SYSTEMS}/9/partitions"),
    ] {
        mock_json(&mut server, "GET", &path, 404, &body).await;
    }
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/9"),
        404,
        &body,
    )
    .await;

    let error = connect(&server).run_profile_list(9).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(
        error
            .to_string()
            .starts_with("Connected System 9 was not found."),
        "{error}"
    );
}

#[tokio::test]
async fn find_searches_systems_then_uses_cache() {
    let mut server = Server::new_async().await;
    let list = server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .with_body(
            page_body(
                vec![system(1, "AD"), system(2, "HR"), system(3, "Payroll")],
                1,
                false,
            )
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    let first = mock_json(
        &mut server,
        "GET",
        &profiles_path(1),
        200,
        &json!([run_profile(7, 1, "FullImport", None)]),
    )
    .await
    .expect(1);
    let second = mock_json(&mut server, "GET", &profiles_path(2), 200, &json!([]))
        .await
        .expect(1);
    let third = mock_json(
        &mut server,
        "GET",
        &profiles_path(3),
        200,
        &json!([run_profile(42, 3, "Export", Some("OU=Payroll"))]),
    )
    .await
    .expect(2);
    let partitions = mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/3/partitions"),
        200,
        &json!([partition(11, "OU=Payroll", 3)]),
    )
    .await
    .expect(2);
    let detail = mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/3"),
        200,
        &json!({"id": 3, "name": "Payroll"}),
    )
    .await
    .expect(1);
    let connection = connect(&server);

    let found = connection.run_profile_find(42).await.unwrap();
    assert_eq!(found.connected_system_id, 3);
    assert_eq!(found.connected_system_name.as_deref(), Some("Payroll"));
    assert_eq!(found.partition_id, Some(11));
    assert_eq!(found.short_type.as_deref(), Some("Export"));

    // The second find goes straight to the remembered owner.
    let again = connection.run_profile_find(42).await.unwrap();
    assert_eq!(again, found);

    list.assert_async().await;
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
    partitions.assert_async().await;
    detail.assert_async().await;
}

#[tokio::test]
async fn find_uses_owners_learned_from_list() {
    let mut server = Server::new_async().await;
    let reads = mock_system_one(&mut server).await;
    let list = server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let connection = connect(&server);

    connection.run_profile_list(1).await.unwrap();
    let found = connection.run_profile_find(8).await.unwrap();

    assert_eq!(found.id, 8);
    assert_eq!(
        found.connected_system_name.as_deref(),
        Some("Active Directory")
    );
    list.assert_async().await;
    drop(reads);
}

#[tokio::test]
async fn find_forgets_owner_on_404() {
    let mut server = Server::new_async().await;
    mock_system_list(&mut server, &[(1, "AD"), (2, "HR")]).await;
    let moved_from = mock_json(
        &mut server,
        "GET",
        &profiles_path(1),
        200,
        &json!([run_profile(5, 1, "Export", None)]),
    )
    .await;
    let empty = mock_json(&mut server, "GET", &profiles_path(2), 200, &json!([])).await;
    let partitions_one = mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1/partitions"),
        200,
        &json!([]),
    )
    .await;
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/2/partitions"),
        200,
        &json!([]),
    )
    .await;
    let connection = connect(&server);
    assert_eq!(
        connection
            .run_profile_find(5)
            .await
            .unwrap()
            .connected_system_id,
        1
    );

    // System 1 disappears and profile 5 now sits on system 2.
    moved_from.remove_async().await;
    empty.remove_async().await;
    partitions_one.remove_async().await;
    let not_found = jim_error("NOT_FOUND", "Connected system not found");
    for path in [
        profiles_path(1),
        format!("{CONNECTED_SYSTEMS}/1/partitions"),
        format!("{CONNECTED_SYSTEMS}/1"),
    ] {
        mock_json(&mut server, "GET", &path, 404, &not_found).await;
    }
    mock_json(
        &mut server,
        "GET",
        &profiles_path(2),
        200,
        &json!([run_profile(5, 2, "Export", None)]),
    )
    .await;

    let found = connection.run_profile_find(5).await.unwrap();

    assert_eq!(found.connected_system_id, 2);
    assert_eq!(found.connected_system_name.as_deref(), Some("HR"));
}

#[tokio::test]
async fn find_unknown_id_not_found() {
    let mut server = Server::new_async().await;
    mock_system_list(&mut server, &[(1, "AD"), (2, "HR")]).await;
    mock_json(&mut server, "GET", &profiles_path(1), 200, &json!([])).await;
    // A system deleted while the search runs is skipped.
    mock_json(
        &mut server,
        "GET",
        &profiles_path(2),
        404,
        &jim_error("NOT_FOUND", "Gone"),
    )
    .await;

    let error = connect(&server).run_profile_find(77).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.to_string(),
        "Run Profile 77 was not found on any Connected System."
    );
}

#[tokio::test]
async fn find_reports_failed_list_over_not_found() {
    let mut server = Server::new_async().await;
    mock_system_list(&mut server, &[(1, "AD"), (2, "HR")]).await;
    mock_json(&mut server, "GET", &profiles_path(1), 200, &json!([])).await;
    mock_json(
        &mut server,
        "GET",
        &profiles_path(2),
        403,
        &jim_error("FORBIDDEN", "No access"),
    )
    .await;

    let error = connect(&server).run_profile_find(77).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Forbidden);
}

#[tokio::test]
async fn find_reads_many_systems() {
    let mut server = Server::new_async().await;
    let systems: Vec<(i64, String)> = (1..=30).map(|id| (id, format!("System {id}"))).collect();
    let named: Vec<(i64, &str)> = systems
        .iter()
        .map(|(id, name)| (*id, name.as_str()))
        .collect();
    mock_system_list(&mut server, &named).await;
    for id in 1..=30 {
        let profiles = if id == 30 {
            json!([run_profile(300, 30, "DeltaImport", None)])
        } else {
            json!([])
        };
        mock_json(&mut server, "GET", &profiles_path(id), 200, &profiles).await;
    }
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/30/partitions"),
        200,
        &json!([]),
    )
    .await;

    let found = connect(&server).run_profile_find(300).await.unwrap();

    assert_eq!(found.connected_system_id, 30);
    assert_eq!(found.connected_system_name.as_deref(), Some("System 30"));
    assert_eq!(found.short_type.as_deref(), Some("DeltaImport"));
}

#[tokio::test]
async fn create_sends_long_type_name() {
    let mut server = Server::new_async().await;
    let created = server
        .mock("POST", profiles_path(1).as_str())
        .match_header("x-api-key", API_KEY)
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(json!({
            "name": "Delta Sync", "runType": "DeltaSynchronisation", "partitionId": 3
        })))
        .with_status(201)
        .with_body(run_profile(50, 1, "DeltaSynchronisation", Some("DC=uk,DC=corp")).to_string())
        .expect(1)
        .create_async()
        .await;
    mock_system_one(&mut server).await;

    let profile = connect(&server)
        .run_profile_create(
            1,
            &json!({"name": "Delta Sync", "type": "DeltaSync", "partitionId": 3}),
        )
        .await
        .unwrap();

    assert_eq!(profile.id, 50);
    assert_eq!(profile.short_type.as_deref(), Some("DeltaSync"));
    assert_eq!(profile.partition_id, Some(3));
    assert_eq!(
        profile.connected_system_name.as_deref(),
        Some("Active Directory")
    );
    created.assert_async().await;
}

#[tokio::test]
async fn create_succeeds_when_resolution_fails() {
    let mut server = Server::new_async().await;
    server
        .mock("POST", profiles_path(1).as_str())
        .with_status(201)
        .with_body(run_profile(51, 1, "FullImport", Some("DC=uk,DC=corp")).to_string())
        .create_async()
        .await;
    for path in [
        format!("{CONNECTED_SYSTEMS}/1/partitions"),
        format!("{CONNECTED_SYSTEMS}/1"),
    ] {
        server
            .mock("GET", path.as_str())
            .with_status(500)
            .create_async()
            .await;
    }

    let profile = connect(&server)
        .run_profile_create(
            1,
            &json!({"name": "Import", "runType": "FullImport", "partitionId": 3}),
        )
        .await
        .unwrap();

    assert_eq!(profile.id, 51);
    assert_eq!(profile.short_type.as_deref(), Some("FullImport"));
    assert_eq!(profile.partition_id, Some(3));
    assert_eq!(profile.connected_system_name, None);
}

#[tokio::test]
async fn create_unknown_type_sends_nothing() {
    let mut server = Server::new_async().await;
    let never = server
        .mock("POST", Matcher::Any)
        .expect(0)
        .create_async()
        .await;

    let error = connect(&server)
        .run_profile_create(1, &json!({"name": "x", "type": "Reconcile"}))
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.to_string().contains("FullSync, DeltaSync and Export"),
        "{error}"
    );
    never.assert_async().await;
}

#[tokio::test]
async fn create_validation_errors_both_shapes() {
    let jim_shape = json!({
        "code": "VALIDATION_ERROR", "message": "The request is invalid.", "details": null,
        "validationErrors": {"name": ["The name must be 1 to 200 characters."]},
        "timestamp": "2026-07-13T12:00:00Z"
    });
    let problem_details = json!({
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "One or more validation errors occurred.", "status": 400,
        "errors": {"name": ["The name must be 1 to 200 characters."]}
    });
    for body in [jim_shape, problem_details] {
        let mut server = Server::new_async().await;
        mock_json(&mut server, "POST", &profiles_path(1), 400, &body).await;

        let error = connect(&server)
            .run_profile_create(1, &json!({"name": "", "runType": "Export"}))
            .await
            .unwrap_err();

        assert_eq!(error.kind(), ErrorKind::BadRequest, "{body}");
        let response = error.server_response().unwrap();
        let errors = response.validation_errors.as_ref().unwrap();
        assert_eq!(
            errors["name"][0], "The name must be 1 to 200 characters.",
            "{body}"
        );
        let message = error.to_string();
        assert!(
            message.contains("create a Run Profile on Connected System 1"),
            "{message}"
        );
        assert!(
            message.contains("name: The name must be 1 to 200 characters."),
            "{message}"
        );
    }
}

#[tokio::test]
async fn update_sends_only_given_fields() {
    let mut server = Server::new_async().await;
    let updated = server
        .mock("PUT", format!("{}/7", profiles_path(1)).as_str())
        .match_body(Matcher::Json(json!({"name": "Renamed"})))
        .with_body(run_profile(7, 1, "FullImport", Some("DC=uk,DC=corp")).to_string())
        .expect(1)
        .create_async()
        .await;
    mock_system_one(&mut server).await;

    let profile = connect(&server)
        .run_profile_update(1, 7, &json!({"Name": "Renamed", "pageSize": null}))
        .await
        .unwrap();

    assert_eq!(profile.partition_id, Some(3));
    updated.assert_async().await;
}

#[tokio::test]
async fn update_missing_profile_names_both() {
    let mut server = Server::new_async().await;
    let body = jim_error("NOT_FOUND", "Run profile not found");
    mock_json(
        &mut server,
        "PUT",
        &format!("{}/42", profiles_path(1)),
        404,
        &body,
    )
    .await;

    let error = connect(&server)
        .run_profile_update(1, 42, &json!({"name": "x"}))
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    let message = error.to_string();
    assert!(
        message.starts_with("Run Profile 42 was not found on Connected System 1."),
        "{message}"
    );
    assert!(message.contains("Run profile not found"), "{message}");
}

#[tokio::test]
async fn delete_returns_on_204() {
    let mut server = Server::new_async().await;
    let deleted = server
        .mock("DELETE", format!("{}/7", profiles_path(1)).as_str())
        .match_header("x-api-key", API_KEY)
        .with_status(204)
        .expect(1)
        .create_async()
        .await;

    connect(&server).run_profile_delete(1, 7).await.unwrap();

    deleted.assert_async().await;
}

#[tokio::test]
async fn start_returns_activity() {
    let mut server = Server::new_async().await;
    let body = json!({
        "activityId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "taskId": "5d1f0e6a-1c2b-4d3e-8f90-a1b2c3d4e5f6",
        "message": "Run profile 'Full Import' queued",
        "warnings": ["Partition DC=old is no longer selected."]
    });
    mock_json(
        &mut server,
        "POST",
        &format!("{}/7/execute", profiles_path(1)),
        202,
        &body,
    )
    .await;

    let execution = connect(&server).run_profile_start(1, 7).await.unwrap();

    assert_eq!(
        execution.activity_id,
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    );
    assert_eq!(
        execution.task_id.as_deref(),
        Some("5d1f0e6a-1c2b-4d3e-8f90-a1b2c3d4e5f6")
    );
    assert_eq!(
        execution.warnings,
        ["Partition DC=old is no longer selected."]
    );
    assert_eq!(serde_json::to_value(&execution).unwrap(), body);
}

#[tokio::test]
async fn start_rejected_shows_server_message() {
    let mut server = Server::new_async().await;
    let body = jim_error(
        "BAD_REQUEST",
        "Run profile 'Full Import' is already running.",
    );
    let rejected = mock_json(
        &mut server,
        "POST",
        &format!("{}/7/execute", profiles_path(1)),
        400,
        &body,
    )
    .await
    .expect(1);

    let error = connect(&server).run_profile_start(1, 7).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::BadRequest);
    assert!(error.to_string().contains("is already running"), "{error}");
    rejected.assert_async().await;
}

#[tokio::test]
async fn find_keeps_at_most_eight_lookups_in_flight() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    let mut server = Server::new_async().await;
    let systems: Vec<(i64, String)> = (1..=24).map(|id| (id, format!("System {id}"))).collect();
    let named: Vec<(i64, &str)> = systems
        .iter()
        .map(|(id, name)| (*id, name.as_str()))
        .collect();
    mock_system_list(&mut server, &named).await;
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    for id in 1..=24 {
        let (current, max) = (in_flight.clone(), max_in_flight.clone());
        server
            .mock("GET", profiles_path(id).as_str())
            .with_chunked_body(move |writer| {
                let now = current.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(30));
                current.fetch_sub(1, Ordering::SeqCst);
                writer.write_all(b"[]")
            })
            .create_async()
            .await;
    }

    let error = connect(&server).run_profile_find(999).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    let max = max_in_flight.load(Ordering::SeqCst);
    assert!(max <= 8, "{max} lookups were in flight at once");
    assert!(max >= 2, "the lookups ran one at a time");
}
