//! Connected System list and detail, partitions, and how HTTP errors are reported.

mod common;

use common::*;
use jim_client::{Error, ErrorKind};
use mockito::{Matcher, Server};
use serde_json::json;

#[tokio::test]
async fn list_follows_every_page() {
    let mut server = Server::new_async().await;
    let mut mocks = Vec::new();
    for (page, first_id, count, more) in
        [(1, 1, 100, true), (2, 101, 100, true), (3, 201, 17, false)]
    {
        let items = (first_id..first_id + count)
            .map(|id| system(id, &format!("System {id}")))
            .collect();
        let mock = server
            .mock("GET", CONNECTED_SYSTEMS)
            .match_query(Matcher::AllOf(vec![
                Matcher::UrlEncoded("page".into(), page.to_string()),
                Matcher::UrlEncoded("pageSize".into(), "100".into()),
            ]))
            .match_header("x-api-key", API_KEY)
            .with_body(page_body(items, page, more).to_string())
            .expect(1)
            .create_async()
            .await;
        mocks.push(mock);
    }

    let systems = connect(&server).connected_system_list().await.unwrap();

    assert_eq!(systems.len(), 217);
    assert_eq!(systems[0].id, 1);
    assert_eq!(systems[216].id, 217);
    assert_eq!(systems[216].other["connectorName"], "LDAP");
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn list_keeps_duplicate_row_once() {
    let mut server = Server::new_async().await;
    server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::UrlEncoded("page".into(), "1".into()))
        .with_body(page_body(vec![system(1, "A"), system(2, "B")], 1, true).to_string())
        .create_async()
        .await;
    server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::UrlEncoded("page".into(), "2".into()))
        .with_body(page_body(vec![system(2, "B"), system(3, "C")], 2, false).to_string())
        .create_async()
        .await;

    let systems = connect(&server).connected_system_list().await.unwrap();

    let ids: Vec<i64> = systems.iter().map(|system| system.id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn list_rejects_page_with_nothing_new() {
    let mut server = Server::new_async().await;
    let repeated = server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .with_body(page_body(vec![system(1, "A")], 1, true).to_string())
        .expect(2)
        .create_async()
        .await;

    let error = connect(&server).connected_system_list().await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.to_string().contains("page 2"), "{error}");
    repeated.assert_async().await;
}

#[tokio::test]
async fn list_stops_at_page_limit() {
    let mut server = Server::new_async().await;
    let endless = server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .with_body_from_request(|request| {
            let page: i64 = request
                .path_and_query()
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("page="))
                .unwrap()
                .parse()
                .unwrap();
            page_body(vec![system(page, "Endless")], 1, true)
                .to_string()
                .into_bytes()
        })
        .expect(3)
        .create_async()
        .await;
    let options = jim_client::ConnectionOptions {
        max_pages: 3,
        ..fast_options()
    };

    let error = connect_with(&server, options)
        .connected_system_list()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.to_string().contains("after 3 pages"), "{error}");
    endless.assert_async().await;
}

#[tokio::test]
async fn get_returns_detail() {
    let mut server = Server::new_async().await;
    let body = json!({"id": 5, "name": "HR", "connector": {"id": 2, "name": "CSV"},
                      "pendingExportCount": 3});
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/5"),
        200,
        &body,
    )
    .await;

    let system = connect(&server).connected_system_get(5).await.unwrap();

    assert_eq!(system.id, 5);
    assert_eq!(system.name, "HR");
    assert_eq!(serde_json::to_value(&system).unwrap(), body);
}

#[tokio::test]
async fn get_not_found_names_system() {
    let mut server = Server::new_async().await;
    let body = jim_error("NOT_FOUND", "Connected system not found");
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/99"),
        404,
        &body,
    )
    .await;

    let error = connect(&server).connected_system_get(99).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    let message = error.to_string();
    assert!(
        message.starts_with("Connected System 99 was not found."),
        "{message}"
    );
    assert!(message.contains("Connected system not found"), "{message}");
    let response = error.server_response().unwrap();
    assert_eq!(response.http_status, 404);
    assert_eq!(response.code.as_deref(), Some("NOT_FOUND"));
    let request = error.request().unwrap();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/v1/synchronisation/connected-systems/99");
}

#[tokio::test]
async fn get_rejects_non_positive_id_without_request() {
    let mut server = Server::new_async().await;
    let never = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;

    let error = connect(&server).connected_system_get(0).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    never.assert_async().await;
}

#[tokio::test]
async fn partitions_listed() {
    let mut server = Server::new_async().await;
    let body = json!([
        partition(3, "DC=uk,DC=corp", 1),
        partition(4, "DC=fr,DC=corp", 1)
    ]);
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1/partitions"),
        200,
        &body,
    )
    .await;

    let partitions = connect(&server).partition_list(1).await.unwrap();

    assert_eq!(partitions.len(), 2);
    assert_eq!(partitions[0].id, 3);
    assert_eq!(partitions[1].name, "DC=fr,DC=corp");
    assert_eq!(partitions[0].other["selected"], true);
}

#[tokio::test]
async fn partitions_empty_array() {
    let mut server = Server::new_async().await;
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/2/partitions"),
        200,
        &json!([]),
    )
    .await;

    let partitions = connect(&server).partition_list(2).await.unwrap();

    assert!(partitions.is_empty());
}

#[tokio::test]
async fn unauthorised_names_api_key() {
    let mut server = Server::new_async().await;
    let body = jim_error("UNAUTHORISED", "A valid API key is required");
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1"),
        401,
        &body,
    )
    .await;

    let error = connect(&server).connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Unauthorised);
    let message = error.to_string();
    assert!(message.contains("rejected the API key"), "{message}");
    assert!(!message.contains(API_KEY), "{message}");
}

#[tokio::test]
async fn forbidden_reported() {
    let mut server = Server::new_async().await;
    let body = jim_error("FORBIDDEN", "Administrator role required");
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1/partitions"),
        403,
        &body,
    )
    .await;

    let error = connect(&server).partition_list(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Forbidden);
    let message = error.to_string();
    assert!(message.contains("lacks permission"), "{message}");
    assert!(message.contains("Administrator role required"), "{message}");
}

#[tokio::test]
async fn conflict_reported() {
    let mut server = Server::new_async().await;
    let body = jim_error("CONFLICT", "The system is being deleted");
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1"),
        409,
        &body,
    )
    .await;

    let error = connect(&server).connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert!(error.to_string().contains("The system is being deleted"));
}

#[tokio::test]
async fn non_json_error_body_names_status() {
    let mut server = Server::new_async().await;
    server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(500)
        .with_header("content-type", "text/html")
        .with_body("<html><body>Internal Server Error</body></html>")
        .create_async()
        .await;

    let error = connect(&server).connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ServerError);
    let message = error.to_string();
    assert!(
        message.contains("HTTP 500 Internal Server Error"),
        "{message}"
    );
    assert!(message.contains("read Connected System 1"), "{message}");
    assert!(!message.contains("<html>"), "{message}");
    assert_eq!(error.server_response().unwrap().server_message, None);
}

#[tokio::test]
async fn malformed_success_body_is_invalid_response() {
    let mut server = Server::new_async().await;
    server
        .mock("GET", CONNECTED_SYSTEMS)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(r#"{"items": [{"id": 1, "name": "Trunc"#)
        .create_async()
        .await;

    let error = connect(&server).connected_system_list().await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    let message = error.to_string();
    assert!(
        message.contains("GET /api/v1/synchronisation/connected-systems"),
        "{message}"
    );
    assert!(message.contains("not the JSON expected"), "{message}");
    assert!(matches!(
        error,
        Error::InvalidResponse {
            http_status: 200,
            ..
        }
    ));
}

#[tokio::test]
async fn wrong_shape_success_body_is_invalid_response() {
    let mut server = Server::new_async().await;
    mock_json(
        &mut server,
        "GET",
        &format!("{CONNECTED_SYSTEMS}/1"),
        200,
        &json!([1, 2]),
    )
    .await;

    let error = connect(&server).connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
}

#[tokio::test]
async fn url_path_prefix_kept() {
    let mut server = Server::new_async().await;
    let body = json!({"id": 5, "name": "HR"});
    let prefixed = mock_json(
        &mut server,
        "GET",
        &format!("/jim{CONNECTED_SYSTEMS}/5"),
        200,
        &body,
    )
    .await;
    let connection = jim_client::Connection::new(
        &format!("{}/jim/", server.url()),
        jim_client::Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .unwrap();

    let system = connection.connected_system_get(5).await.unwrap();

    assert_eq!(system.name, "HR");
    prefixed.assert_async().await;
}
