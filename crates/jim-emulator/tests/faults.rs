//! Faults on purpose: latency, 5xx responses, dropped connections, broken bodies and
//! restarts, set by flags and through `/_emulator/faults`.

mod common;

use std::time::{Duration, Instant};

use common::{assert_error_body, wait_for_final, Emulator, API_KEY, SYSTEMS};
use reqwest::Method;
use serde_json::{json, Value};

/// Builds a client that opens a new connection for every request, so that one dropped
/// connection does not affect the next request.
fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn get_fresh(emulator: &Emulator, path: &str) -> reqwest::Result<reqwest::Response> {
    fresh_client()
        .get(emulator.url(path))
        .header("X-Api-Key", API_KEY)
        .send()
        .await
}

#[tokio::test]
async fn error_fault_with_count() {
    let emulator = Emulator::start(&[]);
    emulator
        .set_faults(json!({"kind": "error", "status": 503, "count": 2, "retryAfterSeconds": 1}))
        .await;
    for _ in 0..2 {
        let response = emulator.get(SYSTEMS).await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "1");
        let body: Value = response.json().await.unwrap();
        assert_error_body(&body, "SERVICE_UNAVAILABLE");
    }
    assert_eq!(emulator.get(SYSTEMS).await.status(), 200);
    let faults: Value = emulator
        .control(Method::GET, "/_emulator/faults", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(faults["faults"][0]["count"], 0);
}

#[tokio::test]
async fn internal_and_bad_gateway_errors() {
    let emulator = Emulator::start(&[]);
    for (status, code) in [(500, "INTERNAL_ERROR"), (502, "BAD_GATEWAY")] {
        emulator
            .set_faults(json!({"kind": "error", "status": status, "count": 1}))
            .await;
        let response = emulator.get(SYSTEMS).await;
        assert_eq!(response.status(), status);
        let body: Value = response.json().await.unwrap();
        assert_error_body(&body, code);
    }
}

#[tokio::test]
async fn unhandled_error_skips_request() {
    let emulator = Emulator::start(&[]);
    let execute = format!("{SYSTEMS}/1/run-profiles/1/execute");
    emulator
        .set_faults(json!({"kind": "error", "count": 1, "pathPrefix": execute}))
        .await;
    assert_eq!(emulator.post_empty(&execute).await.status(), 503);
    let activities = emulator.get_json("/api/v1/activities").await;
    assert_eq!(activities["totalCount"], 0, "the run was not started");

    emulator
        .set_faults(json!({"kind": "error", "count": 1, "pathPrefix": execute, "handled": true}))
        .await;
    assert_eq!(emulator.post_empty(&execute).await.status(), 503);
    let activities = emulator.get_json("/api/v1/activities").await;
    assert_eq!(
        activities["totalCount"], 1,
        "the run was started before the response was lost"
    );
}

#[tokio::test]
async fn drop_before_response() {
    let emulator = Emulator::start(&[]);
    let execute = format!("{SYSTEMS}/1/run-profiles/2/execute");
    emulator
        .set_faults(json!({"kind": "dropBeforeResponse", "count": 1, "method": "POST"}))
        .await;
    let result = fresh_client()
        .post(emulator.url(&execute))
        .header("X-Api-Key", API_KEY)
        .send()
        .await;
    assert!(result.is_err(), "the connection was dropped: {result:?}");
    let activities = emulator.get_json("/api/v1/activities").await;
    assert_eq!(activities["totalCount"], 1, "the run was started");
    let recorded = emulator.recorded_requests().await;
    assert_eq!(recorded[0]["status"], Value::Null);
    assert_eq!(recorded[0]["fault"], "dropBeforeResponse");
    assert_eq!(get_fresh(&emulator, SYSTEMS).await.unwrap().status(), 200);
}

#[tokio::test]
async fn drop_mid_body() {
    let emulator = Emulator::start(&[]);
    emulator
        .set_faults(json!({"kind": "dropMidBody", "count": 1}))
        .await;
    let response = get_fresh(&emulator, SYSTEMS).await.unwrap();
    assert_eq!(response.status(), 200, "the headers arrive");
    assert!(response.bytes().await.is_err(), "the body is cut off");
    let recorded = emulator.recorded_requests().await;
    assert_eq!(recorded[0]["fault"], "dropMidBody");
}

#[tokio::test]
async fn truncated_and_malformed_json() {
    let emulator = Emulator::start(&[]);
    let whole = emulator.get(SYSTEMS).await.bytes().await.unwrap();
    for kind in ["truncatedJson", "malformedJson"] {
        emulator.set_faults(json!({"kind": kind, "count": 1})).await;
        let response = emulator.get(SYSTEMS).await;
        assert_eq!(response.status(), 200, "{kind}");
        let body = response.bytes().await.unwrap();
        assert!(serde_json::from_slice::<Value>(&body).is_err(), "{kind}");
        if kind == "truncatedJson" {
            assert!(body.len() < whole.len());
            assert!(whole.starts_with(&body));
        }
    }
    let healthy: Value = emulator.get(SYSTEMS).await.json().await.unwrap();
    assert_eq!(healthy["totalCount"], 4);
}

#[tokio::test]
async fn slow_body_and_latency() {
    let emulator = Emulator::start(&[]);
    emulator
        .set_faults(json!({"kind": "slowBody", "durationMs": 600, "count": 1}))
        .await;
    let started = Instant::now();
    let body: Value = emulator.get(SYSTEMS).await.json().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(550),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(body["totalCount"], 4, "the slow body is complete");

    emulator
        .set_faults(json!({"kind": "latency", "latencyMs": 400, "pathPrefix": "/api/v1/userinfo"}))
        .await;
    let started = Instant::now();
    assert_eq!(emulator.get("/api/v1/userinfo").await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(400));
    let started = Instant::now();
    emulator.get(SYSTEMS).await;
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "other paths are not delayed"
    );
}

#[tokio::test]
async fn rate_zero_never_applies() {
    let emulator = Emulator::start(&[]);
    emulator
        .set_faults(json!({"faults": [{"kind": "error", "rate": 0.0}]}))
        .await;
    for _ in 0..20 {
        assert_eq!(emulator.get(SYSTEMS).await.status(), 200);
    }
}

#[tokio::test]
async fn startup_fault_flags() {
    let emulator = Emulator::start(&[
        "--error-rate",
        "1",
        "--error-status",
        "500",
        "--fault-path-prefix",
        "/api/v1/activities",
    ]);
    assert_eq!(emulator.get("/api/v1/activities").await.status(), 500);
    assert_eq!(emulator.get(SYSTEMS).await.status(), 200);
    let cleared = emulator
        .control(Method::DELETE, "/_emulator/faults", None)
        .await;
    assert_eq!(cleared.status(), 204);
    assert_eq!(emulator.get("/api/v1/activities").await.status(), 200);
}

#[tokio::test]
async fn control_routes_never_faulted() {
    let emulator = Emulator::start(&["--drop-before-response-rate", "1"]);
    let faults = emulator
        .control(Method::GET, "/_emulator/faults", None)
        .await;
    assert_eq!(faults.status(), 200);
    assert!(get_fresh(&emulator, SYSTEMS).await.is_err());
    let reset = emulator
        .control(Method::POST, "/_emulator/reset", None)
        .await;
    assert_eq!(reset.status(), 204);
    assert_eq!(
        get_fresh(&emulator, SYSTEMS).await.unwrap().status(),
        200,
        "reset clears faults"
    );
}

#[tokio::test]
async fn invalid_fault_rules_rejected() {
    let emulator = Emulator::start(&[]);
    let bodies = [
        json!({"kind": "explode"}),
        json!({"kind": "error", "rate": 2.0}),
        json!({"kind": "error", "status": 404}),
        json!({"kind": "latency"}),
        json!({"kind": "error", "colour": "red"}),
    ];
    for body in bodies {
        let response = emulator
            .control(Method::PUT, "/_emulator/faults", Some(body.clone()))
            .await;
        assert_eq!(response.status(), 400, "{body}");
    }
}

#[tokio::test]
async fn restart_refuses_then_serves() {
    let emulator = Emulator::start(&["--run-seconds", "2.5"]);
    let created = emulator
        .send_json(
            Method::POST,
            &format!("{SYSTEMS}/2/run-profiles"),
            &json!({"name": "Survives", "runType": "Export"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let started = emulator.execute(1, 1).await;

    let restart = emulator
        .control(
            Method::POST,
            "/_emulator/restart",
            Some(json!({"downSeconds": 1})),
        )
        .await;
    assert_eq!(restart.status(), 202);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = get_fresh(&emulator, "/api/v1/health").await;
    let error = refused.expect_err("connections are refused while down");
    assert!(error.is_connect(), "{error:?}");

    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(response) = get_fresh(&emulator, "/api/v1/health").await {
            assert_eq!(response.status(), 200);
            break;
        }
        assert!(Instant::now() < deadline, "the emulator did not come back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/2/run-profiles"))
        .await;
    assert_eq!(
        listed.as_array().unwrap().last().unwrap()["name"],
        "Survives"
    );
    let snapshots = wait_for_final(&emulator, started["activityId"].as_str().unwrap()).await;
    assert_eq!(snapshots.last().unwrap()["status"], "Complete");
}
