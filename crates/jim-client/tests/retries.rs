//! Retry rules: what is repeated, how often, and what is never repeated.

mod common;

use std::time::{Duration, Instant};

use common::*;
use jim_client::{Connection, ConnectionOptions, Credential, ErrorKind};
use mockito::Server;
use serde_json::json;

const EXECUTE: &str = "/api/v1/synchronisation/connected-systems/1/run-profiles/7/execute";

#[tokio::test]
async fn read_retried_after_429_with_retry_after() {
    let mut server = Server::new_async().await;
    let limited = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(429)
        .with_header("retry-after", "1")
        .with_body(jim_error("TOO_MANY_REQUESTS", "Rate limit exceeded").to_string())
        .expect(1)
        .create_async()
        .await;
    let ok = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_body(json!({"id": 1, "name": "AD"}).to_string())
        .expect(1)
        .create_async()
        .await;
    // The one-second Retry-After is honoured but capped, so the test waits 300 ms.
    let options = ConnectionOptions {
        max_retry_after: Duration::from_millis(300),
        ..fast_options()
    };

    let started = Instant::now();
    let system = connect_with(&server, options)
        .connected_system_get(1)
        .await
        .unwrap();

    assert_eq!(system.name, "AD");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    limited.assert_async().await;
    ok.assert_async().await;
}

#[tokio::test]
async fn read_retried_after_503() {
    let mut server = Server::new_async().await;
    let unavailable = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1/partitions").as_str())
        .with_status(503)
        .with_body(jim_error("SERVICE_UNAVAILABLE", "Starting up").to_string())
        .expect(2)
        .create_async()
        .await;
    let ok = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1/partitions").as_str())
        .with_body("[]")
        .expect(1)
        .create_async()
        .await;

    let partitions = connect(&server).partition_list(1).await.unwrap();

    assert!(partitions.is_empty());
    unavailable.assert_async().await;
    ok.assert_async().await;
}

#[tokio::test]
async fn read_gives_up_after_max_retries() {
    let mut server = Server::new_async().await;
    let gateway = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(502)
        .with_body("Bad gateway")
        .expect(4)
        .create_async()
        .await;

    let error = connect(&server).connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ServerError);
    let message = error.to_string();
    assert!(message.contains("HTTP 502 Bad Gateway"), "{message}");
    assert!(message.contains("after 4 attempts"), "{message}");
    gateway.assert_async().await;
}

#[tokio::test]
async fn rate_limit_outlasting_retries() {
    let mut server = Server::new_async().await;
    let limited = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(429)
        .with_header("retry-after", "0")
        .with_body(jim_error("TOO_MANY_REQUESTS", "Rate limit exceeded").to_string())
        .expect(2)
        .create_async()
        .await;
    let options = ConnectionOptions {
        max_retries: 1,
        ..fast_options()
    };

    let error = connect_with(&server, options)
        .connected_system_get(1)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(
        error.server_response().unwrap().retry_after_seconds,
        Some(0)
    );
    limited.assert_async().await;
}

#[tokio::test]
async fn zero_max_retries_sends_once() {
    let mut server = Server::new_async().await;
    let unavailable = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    let options = ConnectionOptions {
        max_retries: 0,
        ..fast_options()
    };

    let error = connect_with(&server, options)
        .connected_system_get(1)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ServerError);
    unavailable.assert_async().await;
}

#[tokio::test]
async fn execute_not_retried_on_503() {
    let mut server = Server::new_async().await;
    let unavailable = server
        .mock("POST", EXECUTE)
        .with_status(503)
        .with_body(jim_error("SERVICE_UNAVAILABLE", "Worker busy").to_string())
        .expect(1)
        .create_async()
        .await;

    let error = connect(&server).run_profile_start(1, 7).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ServerError);
    let message = error.to_string();
    assert!(message.contains("may have been queued"), "{message}");
    unavailable.assert_async().await;
}

#[tokio::test]
async fn execute_retried_after_429() {
    let mut server = Server::new_async().await;
    let limited = server
        .mock("POST", EXECUTE)
        .with_status(429)
        .with_header("retry-after", "0")
        .expect(1)
        .create_async()
        .await;
    let accepted = server
        .mock("POST", EXECUTE)
        .with_status(202)
        .with_body(
            json!({"activityId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
                   "taskId": "9a0c4f89-3f25-41d3-04e0-0305e82c3301",
                   "message": "Run profile queued", "warnings": []})
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;

    let execution = connect(&server).run_profile_start(1, 7).await.unwrap();

    assert_eq!(
        execution.activity_id,
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    );
    limited.assert_async().await;
    accepted.assert_async().await;
}

#[tokio::test]
async fn change_not_retried_on_502() {
    let mut server = Server::new_async().await;
    let path = "/api/v1/synchronisation/connected-systems/1/run-profiles/7";
    let gateway = server
        .mock("DELETE", path)
        .with_status(502)
        .expect(1)
        .create_async()
        .await;

    let error = connect(&server).run_profile_delete(1, 7).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert!(
        error.to_string().contains("may have carried out"),
        "{error}"
    );
    gateway.assert_async().await;
}

#[tokio::test]
async fn connection_refused_retried_then_reported() {
    // Bind a port and release it, so that nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let connection = Connection::new(
        &format!("http://{address}"),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .unwrap();

    let error = connection.connected_system_get(1).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ConnectionFailed);
    let message = error.to_string();
    assert!(message.contains(&format!("http://{address}")), "{message}");
    assert!(message.contains("after 4 attempts"), "{message}");
    assert!(!message.contains(API_KEY), "{message}");
}

#[tokio::test]
async fn execute_retried_when_connect_fails() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let connection = Connection::new(
        &format!("http://{address}"),
        Credential::ApiKey(API_KEY.into()),
        fast_options(),
    )
    .unwrap();

    let error = connection.run_profile_start(1, 7).await.unwrap_err();

    // Nothing was sent, so the request was repeated and the message does not warn of a
    // queued run.
    assert_eq!(error.kind(), ErrorKind::ConnectionFailed);
    let message = error.to_string();
    assert!(message.contains("after 4 attempts"), "{message}");
    assert!(!message.contains("may have been queued"), "{message}");
}

#[tokio::test]
async fn timeout_not_retried() {
    let mut server = Server::new_async().await;
    let slow = server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_chunked_body(|writer| {
            std::thread::sleep(Duration::from_millis(400));
            writer.write_all(br#"{"id": 1, "name": "Slow"}"#)
        })
        .expect(1)
        .create_async()
        .await;
    let options = ConnectionOptions {
        timeout: Duration::from_millis(100),
        ..fast_options()
    };

    let error = connect_with(&server, options)
        .connected_system_get(1)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::TimedOut);
    assert!(error.to_string().contains("timed out"), "{error}");
    slow.assert_async().await;
}

#[tokio::test]
async fn retry_after_http_date_honoured() {
    let mut server = Server::new_async().await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
    server
        .mock("GET", format!("{CONNECTED_SYSTEMS}/1").as_str())
        .with_status(429)
        .with_header("retry-after", &date)
        .expect(2)
        .create_async()
        .await;
    let options = ConnectionOptions {
        max_retries: 1,
        ..fast_options()
    };

    let error = connect_with(&server, options)
        .connected_system_get(1)
        .await
        .unwrap_err();

    let seconds = error
        .server_response()
        .unwrap()
        .retry_after_seconds
        .unwrap();
    assert!((118..=121).contains(&seconds), "{seconds}");
    assert!(
        error
            .to_string()
            .contains(&format!("Wait {seconds} seconds")),
        "{error}"
    );
}
