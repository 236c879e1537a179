//! Opening a connection, bearer tokens and their refresh, and Activities.

mod common;

use common::*;
use jim_client::{Connection, ConnectionOptions, Credential, ErrorKind, SecretString};
use mockito::{Matcher, Server, ServerGuard};
use serde_json::{json, Value};

const ACTIVITY: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

fn bearer(access: Option<&str>, refresh: Option<&str>) -> Credential {
    Credential::Bearer {
        access_token: access.map(SecretString::from),
        refresh_token: refresh.map(SecretString::from),
    }
}

async fn mock_user_info_for(server: &mut ServerGuard, header: &str, value: &str) -> mockito::Mock {
    server
        .mock("GET", "/api/v1/userinfo")
        .match_header(header, value)
        .with_body(
            json!({"authorised": true, "isAdministrator": true, "name": "Ada",
                   "authMethod": "Bearer", "metaverseObjectId": null, "roles": []})
            .to_string(),
        )
        .create_async()
        .await
}

#[tokio::test]
async fn open_proves_api_key() {
    let mut server = Server::new_async().await;
    let user_info = mock_user_info_for(&mut server, "x-api-key", API_KEY)
        .await
        .expect(1);
    server
        .mock("GET", "/api/v1/health/version")
        .with_body(r#"{"product":"JIM","version":"2.4.1"}"#)
        .create_async()
        .await;

    let (_, info) = Connection::open(
        &format!("{}/", server.url()),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .await
    .unwrap();

    assert_eq!(info.url, server.url());
    assert_eq!(info.version.as_deref(), Some("2.4.1"));
    assert_eq!(info.user_info["name"], "Ada");
    user_info.assert_async().await;
}

#[tokio::test]
async fn open_ignores_version_failure() {
    let mut server = Server::new_async().await;
    mock_user_info_for(&mut server, "x-api-key", API_KEY).await;
    server
        .mock("GET", "/api/v1/health/version")
        .with_status(404)
        .create_async()
        .await;

    let (_, info) = Connection::open(
        &server.url(),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .await
    .unwrap();

    assert_eq!(info.version, None);
}

#[tokio::test]
async fn open_rejected_key_is_unauthorised() {
    let mut server = Server::new_async().await;
    let health = server
        .mock("GET", "/api/v1/health")
        .expect(0)
        .create_async()
        .await;
    server
        .mock("GET", "/api/v1/userinfo")
        .with_status(401)
        .with_body(jim_error("UNAUTHORISED", "Invalid API key").to_string())
        .create_async()
        .await;

    let error = Connection::open(
        &server.url(),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .await
    .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Unauthorised);
    let message = error.to_string();
    assert!(message.contains("rejected the API key"), "{message}");
    assert!(message.contains("Check that the key"), "{message}");
    assert!(!message.contains(API_KEY), "{message}");
    assert!(!format!("{error:?}").contains(API_KEY));
    health.assert_async().await;
}

#[tokio::test]
async fn open_wrong_server_not_found() {
    let mut server = Server::new_async().await;
    server
        .mock("GET", "/api/v1/userinfo")
        .with_status(404)
        .create_async()
        .await;

    let error = Connection::open(
        &server.url(),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .await
    .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(
        error
            .to_string()
            .contains("does not look like a JIM server"),
        "{error}"
    );
}

#[test]
fn new_rejects_bad_url() {
    for url in [
        "",
        "not a url",
        "ftp://127.0.0.1/",
        "http://127.0.0.1/?x=1",
        "mailto:a@b.c",
    ] {
        let error = Connection::new(
            url,
            Credential::ApiKey(API_KEY.into()),
            ConnectionOptions::default(),
        )
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{url}");
    }
}

#[test]
fn debug_output_hides_secrets() {
    let credential = bearer(Some("access-secret-1"), Some("refresh-secret-2"));
    let debug_output = format!("{credential:?}");
    assert!(!debug_output.contains("access-secret-1"), "{debug_output}");
    assert!(!debug_output.contains("refresh-secret-2"), "{debug_output}");
    let connection = Connection::new(
        "http://127.0.0.1:9",
        Credential::ApiKey(API_KEY.into()),
        ConnectionOptions::default(),
    )
    .unwrap();
    assert!(!format!("{connection:?}").contains(API_KEY));
}

#[tokio::test]
async fn bearer_refreshed_once_on_401() {
    let mut server = Server::new_async().await;
    let rejected = server
        .mock("GET", "/api/v1/userinfo")
        .match_header("authorization", "Bearer expired-token")
        .with_status(401)
        .expect(1)
        .create_async()
        .await;
    let accepted = mock_user_info_for(&mut server, "authorization", "Bearer fresh-token")
        .await
        .expect(1);
    let token = server
        .mock("POST", "/connect/token")
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("refresh_token".into(), "refresh-1".into()),
            Matcher::UrlEncoded("client_id".into(), "jim-powershell".into()),
        ]))
        .with_body(
            json!({"access_token": "fresh-token", "refresh_token": "refresh-2",
                   "expires_in": 300, "token_type": "Bearer"})
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    let detail = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .match_header("authorization", "Bearer fresh-token")
        .with_body(json!({"id": 1, "name": "AD"}).to_string())
        .expect(1)
        .create_async()
        .await;
    let options = ConnectionOptions {
        token_endpoint: Some(format!("{}/connect/token", server.url())),
        client_id: Some("jim-powershell".to_owned()),
        ..fast_options()
    };

    let (connection, info) = Connection::open(
        &server.url(),
        bearer(Some("expired-token"), Some("refresh-1")),
        options,
    )
    .await
    .unwrap();
    // The refreshed token is kept, so the next request needs no refresh.
    connection.connected_system_get(1).await.unwrap();

    assert_eq!(info.user_info["name"], "Ada");
    rejected.assert_async().await;
    accepted.assert_async().await;
    token.assert_async().await;
    detail.assert_async().await;
}

#[tokio::test]
async fn bearer_refresh_discovers_token_endpoint() {
    let mut server = Server::new_async().await;
    let authority = format!("{}/realms/jim", server.url());
    server
        .mock("GET", "/api/v1/auth/config")
        .with_body(
            json!({"authority": format!("{authority}/"), "clientId": "jim-web",
                   "scopes": ["openid"], "responseType": "code", "usePkce": true,
                   "codeChallengeMethod": "S256"})
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    server
        .mock("GET", "/realms/jim/.well-known/openid-configuration")
        .with_body(
            json!({"issuer": authority,
                   "token_endpoint": format!("{authority}/protocol/openid-connect/token")})
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    let token = server
        .mock("POST", "/realms/jim/protocol/openid-connect/token")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("client_id".into(), "jim-web".into()),
        ]))
        .with_body(json!({"access_token": "fresh-token", "expires_in": 300}).to_string())
        .expect(1)
        .create_async()
        .await;
    server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .match_header("authorization", "Bearer old-token")
        .with_status(401)
        .create_async()
        .await;
    let detail = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .match_header("authorization", "Bearer fresh-token")
        .with_body(json!({"id": 1, "name": "AD"}).to_string())
        .expect(1)
        .create_async()
        .await;
    let connection = Connection::new(
        &server.url(),
        bearer(Some("old-token"), Some("r")),
        fast_options(),
    )
    .unwrap();

    let system = connection.connected_system_get(1).await.unwrap();

    assert_eq!(system.name, "AD");
    token.assert_async().await;
    detail.assert_async().await;
}

#[tokio::test]
async fn bearer_refresh_failure_is_unauthorised() {
    let mut server = Server::new_async().await;
    server
        .mock("GET", "/api/v1/userinfo")
        .with_status(401)
        .create_async()
        .await;
    server
        .mock("POST", "/token")
        .with_status(400)
        .with_body(
            json!({"error": "invalid_grant", "error_description": "Token is not active"})
                .to_string(),
        )
        .create_async()
        .await;
    let options = ConnectionOptions {
        token_endpoint: Some(format!("{}/token", server.url())),
        ..fast_options()
    };

    let error = Connection::open(
        &server.url(),
        bearer(Some("old"), Some("refresh-secret")),
        options,
    )
    .await
    .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Unauthorised);
    let message = error.to_string();
    assert!(message.contains("Token is not active"), "{message}");
    assert!(message.contains("Sign in again"), "{message}");
    assert!(!message.contains("refresh-secret"), "{message}");
}

#[tokio::test]
async fn bearer_without_refresh_token_not_refreshed() {
    let mut server = Server::new_async().await;
    let rejected = server
        .mock("GET", "/api/v1/userinfo")
        .with_status(401)
        .expect(1)
        .create_async()
        .await;
    let config = server
        .mock("GET", "/api/v1/auth/config")
        .expect(0)
        .create_async()
        .await;

    let error = Connection::open(&server.url(), bearer(Some("old"), None), fast_options())
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Unauthorised);
    assert!(
        error.to_string().contains("rejected the access token"),
        "{error}"
    );
    rejected.assert_async().await;
    config.assert_async().await;
}

#[tokio::test]
async fn refresh_token_alone_gets_access_token() {
    let mut server = Server::new_async().await;
    server
        .mock("POST", "/token")
        .with_body(json!({"access_token": "fresh-token"}).to_string())
        .expect(1)
        .create_async()
        .await;
    let accepted = mock_user_info_for(&mut server, "authorization", "Bearer fresh-token")
        .await
        .expect(1);
    let options = ConnectionOptions {
        token_endpoint: Some(format!("{}/token", server.url())),
        ..fast_options()
    };

    Connection::open(&server.url(), bearer(None, Some("refresh-1")), options)
        .await
        .unwrap();

    accepted.assert_async().await;
}

#[tokio::test]
async fn activity_progress_read() {
    let mut server = Server::new_async().await;
    let body = json!({
        "id": ACTIVITY, "status": "InProgress", "message": "Importing",
        "objectsProcessed": 120, "objectsToProcess": 100, "percentComplete": null,
        "operationCounts": {"Added": 3}, "phases": [], "totalPhases": 8
    });
    mock_json(
        &mut server,
        "GET",
        &format!("/api/v1/activities/{ACTIVITY}/progress"),
        200,
        &body,
    )
    .await;

    let progress = connect(&server)
        .activity_progress(&ACTIVITY.to_uppercase())
        .await
        .unwrap();

    assert_eq!(progress.status, "InProgress");
    assert_eq!(serde_json::to_value(&progress).unwrap(), body);
}

#[tokio::test]
async fn activity_get_read() {
    let mut server = Server::new_async().await;
    let body = json!({"id": ACTIVITY, "status": "CompleteWithError", "targetName": "Full Import",
                      "errorMessage": "Connector failed", "totalErrors": 2});
    mock_json(
        &mut server,
        "GET",
        &format!("/api/v1/activities/{ACTIVITY}"),
        200,
        &body,
    )
    .await;

    let activity = connect(&server).activity_get(ACTIVITY).await.unwrap();

    assert_eq!(activity.status, "CompleteWithError");
    assert_eq!(activity.other["errorMessage"], "Connector failed");
}

#[tokio::test]
async fn activity_list_follows_pages_up_to_count() {
    let mut server = Server::new_async().await;
    let activity =
        |n: u32| json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "status": "Complete"});
    let first: Vec<Value> = (1..=100).map(activity).collect();
    let second: Vec<Value> = (101..=200).map(activity).collect();
    let page_one = server
        .mock("GET", "/api/v1/activities")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("page".into(), "1".into()),
            Matcher::UrlEncoded("pageSize".into(), "100".into()),
        ]))
        .with_status(200)
        .with_body(page_body(first, 1, true).to_string())
        .expect(1)
        .create_async()
        .await;
    let page_two = server
        .mock("GET", "/api/v1/activities")
        .match_query(Matcher::UrlEncoded("page".into(), "2".into()))
        .with_status(200)
        .with_body(page_body(second, 2, true).to_string())
        .expect(1)
        .create_async()
        .await;

    let activities = connect(&server).activity_list(150).await.unwrap();

    assert_eq!(activities.len(), 150);
    assert_eq!(activities[0].id, "00000000-0000-4000-8000-000000000001");
    assert_eq!(activities[149].id, "00000000-0000-4000-8000-000000000150");
    page_one.assert_async().await;
    page_two.assert_async().await;
}

#[tokio::test]
async fn activity_list_stops_at_last_page() {
    let mut server = Server::new_async().await;
    let items = vec![json!({"id": ACTIVITY, "status": "InProgress"})];
    server
        .mock("GET", "/api/v1/activities")
        .match_query(Matcher::UrlEncoded("pageSize".into(), "20".into()))
        .with_status(200)
        .with_body(page_body(items, 1, false).to_string())
        .expect(1)
        .create_async()
        .await;

    let activities = connect(&server).activity_list(20).await.unwrap();

    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0].status, "InProgress");
}

#[tokio::test]
async fn activity_list_rejects_zero_count() {
    let mut server = Server::new_async().await;
    let never = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;

    let error = connect(&server).activity_list(0).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    never.assert_async().await;
}

#[tokio::test]
async fn activity_not_found() {
    let mut server = Server::new_async().await;
    let body = jim_error("NOT_FOUND", "Activity not found");
    mock_json(
        &mut server,
        "GET",
        &format!("/api/v1/activities/{ACTIVITY}"),
        404,
        &body,
    )
    .await;

    let error = connect(&server).activity_get(ACTIVITY).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(error
        .to_string()
        .starts_with(&format!("Activity {ACTIVITY} was not found.")));
}

#[tokio::test]
async fn activity_id_checked_before_request() {
    let mut server = Server::new_async().await;
    let never = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let connection = connect(&server);

    for bad in ["42", "", "3f2504e0-4f89-41d3-9a0c", "../../userinfo"] {
        let error = connection.activity_progress(bad).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
        let error = connection.activity_get(bad).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
    }
    never.assert_async().await;
}

#[tokio::test]
async fn execute_repeated_once_after_refresh() {
    let mut server = Server::new_async().await;
    let execute = "/api/v1/synchronisation/connected-systems/1/run-profiles/7/execute";
    let rejected = server
        .mock("POST", execute)
        .match_header("authorization", "Bearer expired-token")
        .with_status(401)
        .expect(1)
        .create_async()
        .await;
    let accepted = server
        .mock("POST", execute)
        .match_header("authorization", "Bearer fresh-token")
        .with_status(202)
        .with_body(json!({"activityId": ACTIVITY, "taskId": ACTIVITY, "warnings": []}).to_string())
        .expect(1)
        .create_async()
        .await;
    server
        .mock("POST", "/token")
        .with_body(json!({"access_token": "fresh-token"}).to_string())
        .expect(1)
        .create_async()
        .await;
    let options = ConnectionOptions {
        token_endpoint: Some(format!("{}/token", server.url())),
        ..fast_options()
    };
    let connection = Connection::new(
        &server.url(),
        bearer(Some("expired-token"), Some("r")),
        options,
    )
    .unwrap();

    let execution = connection.run_profile_start(1, 7).await.unwrap();

    assert_eq!(execution.activity_id, ACTIVITY);
    rejected.assert_async().await;
    accepted.assert_async().await;
}

#[tokio::test]
async fn concurrent_401s_share_one_refresh() {
    let mut server = Server::new_async().await;
    for id in 1..=4 {
        let path = format!("{CONNECTED_SYSTEMS}/{id}");
        server
            .mock("GET", path.as_str())
            .match_header("authorization", "Bearer expired-token")
            .with_status(401)
            .create_async()
            .await;
        server
            .mock("GET", path.as_str())
            .match_header("authorization", "Bearer fresh-token")
            .with_body(json!({"id": id, "name": format!("System {id}")}).to_string())
            .create_async()
            .await;
    }
    let token = server
        .mock("POST", "/token")
        .with_body(json!({"access_token": "fresh-token", "refresh_token": "r2"}).to_string())
        .expect(1)
        .create_async()
        .await;
    let options = ConnectionOptions {
        token_endpoint: Some(format!("{}/token", server.url())),
        ..fast_options()
    };
    let connection = Connection::new(
        &server.url(),
        bearer(Some("expired-token"), Some("r1")),
        options,
    )
    .unwrap();

    let (first, second, third, fourth) = tokio::join!(
        connection.connected_system_get(1),
        connection.connected_system_get(2),
        connection.connected_system_get(3),
        connection.connected_system_get(4),
    );

    assert_eq!(first.unwrap().name, "System 1");
    assert_eq!(second.unwrap().name, "System 2");
    assert_eq!(third.unwrap().name, "System 3");
    assert_eq!(fourth.unwrap().name, "System 4");
    token.assert_async().await;
}
