//! Authentication and rate limiting: API keys, bearer tokens from the emulated OIDC
//! provider, and the sliding-window limits.

mod common;

use common::{assert_error_body, Emulator, API_KEY, READ_ONLY_KEY, SYSTEMS};
use reqwest::Method;
use serde_json::{json, Value};

async fn userinfo_with_token(emulator: &Emulator, token: &str) -> reqwest::Response {
    emulator
        .anonymous(Method::GET, "/api/v1/userinfo")
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn api_key_header_any_case() {
    let emulator = Emulator::start(&[]);
    for name in ["X-Api-Key", "x-api-key", "X-API-KEY"] {
        let response = emulator
            .anonymous(Method::GET, "/api/v1/userinfo")
            .header(name, API_KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{name}");
    }
}

#[tokio::test]
async fn every_api_route_needs_credential() {
    // 36 anonymous requests would pass the default limit of 30 a minute.
    let emulator = Emulator::start(&["--anonymous-rate-limit", "0"]);
    let activity = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
    let routes = [
        (Method::GET, "/api/v1/userinfo".to_string()),
        (Method::GET, SYSTEMS.to_string()),
        (Method::GET, format!("{SYSTEMS}/1")),
        (Method::GET, format!("{SYSTEMS}/1/partitions")),
        (Method::GET, format!("{SYSTEMS}/1/run-profiles")),
        (Method::POST, format!("{SYSTEMS}/1/run-profiles")),
        (Method::PUT, format!("{SYSTEMS}/1/run-profiles/1")),
        (Method::DELETE, format!("{SYSTEMS}/1/run-profiles/1")),
        (Method::POST, format!("{SYSTEMS}/1/run-profiles/1/execute")),
        (Method::GET, "/api/v1/activities".to_string()),
        (Method::GET, format!("/api/v1/activities/{activity}")),
        (
            Method::GET,
            format!("/api/v1/activities/{activity}/progress"),
        ),
    ];
    for (method, path) in routes {
        for key in [None, Some("jim_not_a_key"), Some("no_prefix")] {
            let mut request = emulator
                .anonymous(method.clone(), &path)
                .json(&json!({"name": "x", "runType": "FullImport"}));
            if let Some(key) = key {
                request = request.header("X-Api-Key", key);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {path} with {key:?}");
            let body: Value = response.json().await.unwrap();
            assert_error_body(&body, "UNAUTHORISED");
        }
    }
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 6, "nothing changed");
}

#[tokio::test]
async fn anonymous_routes_ignore_bad_key() {
    let emulator = Emulator::start(&[]);
    for path in [
        "/api/v1/health",
        "/api/v1/health/version",
        "/api/v1/auth/config",
    ] {
        let response = emulator
            .anonymous(Method::GET, path)
            .header("X-Api-Key", "jim_wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn read_only_key_gets_403_on_changes() {
    let emulator = Emulator::start(&[]);
    let changes = [
        (Method::POST, format!("{SYSTEMS}/1/run-profiles")),
        (Method::PUT, format!("{SYSTEMS}/1/run-profiles/1")),
        (Method::DELETE, format!("{SYSTEMS}/1/run-profiles/1")),
        (Method::POST, format!("{SYSTEMS}/1/run-profiles/1/execute")),
    ];
    for (method, path) in changes {
        let response = emulator
            .anonymous(method.clone(), &path)
            .header("X-Api-Key", READ_ONLY_KEY)
            .json(&json!({"name": "Changed", "runType": "FullImport"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_error_body(&body, "FORBIDDEN");
    }
    let listed = emulator
        .get_json(&format!("{SYSTEMS}/1/run-profiles"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 6);
    assert_eq!(listed[0]["name"], "Full Import");
    let activities = emulator.get_json("/api/v1/activities").await;
    assert_eq!(activities["totalCount"], 0);

    let info: Value = emulator
        .anonymous(Method::GET, "/api/v1/userinfo")
        .header("X-Api-Key", READ_ONLY_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["isAdministrator"], false);
}

#[tokio::test]
async fn userinfo_fields() {
    let emulator = Emulator::start(&[]);
    let info = emulator.get_json("/api/v1/userinfo").await;
    for key in [
        "authorised",
        "isAdministrator",
        "name",
        "authMethod",
        "metaverseObjectId",
        "roles",
    ] {
        assert!(
            info.as_object().unwrap().contains_key(key),
            "{key} missing from {info}"
        );
    }
    assert_eq!(info["authorised"], false);
    assert_eq!(info["metaverseObjectId"], Value::Null);
}

#[tokio::test]
async fn auth_config_points_at_emulator() {
    let emulator = Emulator::start(&["--oidc-client-id", "my-client"]);
    let response = emulator
        .anonymous(Method::GET, "/api/v1/auth/config")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let config: Value = response.json().await.unwrap();
    assert_eq!(config["authority"], emulator.base_url);
    assert_eq!(config["clientId"], "my-client");
    assert!(config["scopes"]
        .as_array()
        .is_some_and(|scopes| !scopes.is_empty()));
    assert_eq!(config["responseType"], "code");
    assert_eq!(config["usePkce"], true);
    assert_eq!(config["codeChallengeMethod"], "S256");

    let discovery: Value = emulator
        .anonymous(Method::GET, "/.well-known/openid-configuration")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], emulator.base_url);
    assert_eq!(
        discovery["token_endpoint"],
        format!("{}/connect/token", emulator.base_url)
    );
}

#[tokio::test]
async fn no_sso_is_503() {
    let emulator = Emulator::start(&["--no-sso"]);
    let response = emulator
        .anonymous(Method::GET, "/api/v1/auth/config")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "sso_not_configured");
    let discovery = emulator
        .anonymous(Method::GET, "/.well-known/openid-configuration")
        .send()
        .await
        .unwrap();
    assert_eq!(discovery.status(), 404);
}

#[tokio::test]
async fn discovery_leads_to_token() {
    let emulator = Emulator::start(&[]);
    let config: Value = emulator
        .anonymous(Method::GET, "/api/v1/auth/config")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let authority = config["authority"].as_str().unwrap();
    let discovery: Value = emulator
        .client
        .get(format!("{authority}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token_endpoint = discovery["token_endpoint"].as_str().unwrap();
    let client_id = config["clientId"].as_str().unwrap();
    let response = emulator
        .client
        .post(token_endpoint)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let tokens: Value = response.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(userinfo_with_token(&emulator, access).await.status(), 200);
}

#[tokio::test]
async fn client_credentials_token_works() {
    let emulator = Emulator::start(&[]);
    let tokens = emulator.client_credentials_token().await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 300);
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(access.split('.').count(), 3, "shaped like a JWT");
    assert!(tokens["refresh_token"].is_string());

    let response = userinfo_with_token(&emulator, access).await;
    assert_eq!(response.status(), 200);
    let info: Value = response.json().await.unwrap();
    assert_eq!(info["authorised"], true);
    assert_eq!(info["authMethod"], "Bearer");
    let started = emulator
        .anonymous(Method::POST, &format!("{SYSTEMS}/1/run-profiles/1/execute"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let recorded = emulator.recorded_requests().await;
    assert!(recorded
        .iter()
        .all(|request| request["authenticated"] == true));
}

#[tokio::test]
async fn refresh_token_grant() {
    let emulator = Emulator::start(&[]);
    let tokens = emulator.client_credentials_token().await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let response = emulator
        .anonymous(Method::POST, "/connect/token")
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", "jim-powershell"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let refreshed: Value = response.json().await.unwrap();
    let access = refreshed["access_token"].as_str().unwrap();
    assert_ne!(access, tokens["access_token"].as_str().unwrap());
    assert!(refreshed["refresh_token"].is_string());
    assert!(refreshed["expires_in"].is_u64());
    assert_eq!(userinfo_with_token(&emulator, access).await.status(), 200);

    let unknown = emulator
        .anonymous(Method::POST, "/connect/token")
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "nonsense"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let error: Value = unknown.json().await.unwrap();
    assert_eq!(error["error"], "invalid_grant");
}

#[tokio::test]
async fn expired_token_is_401() {
    let emulator = Emulator::start(&["--token-lifetime", "1"]);
    let tokens = emulator.client_credentials_token().await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(userinfo_with_token(&emulator, access).await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let expired = userinfo_with_token(&emulator, access).await;
    assert_eq!(expired.status(), 401);
    let body: Value = expired.json().await.unwrap();
    assert_error_body(&body, "UNAUTHORISED");
    assert!(body["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn expire_route_and_unknown_token() {
    let emulator = Emulator::start(&[]);
    let tokens = emulator.client_credentials_token().await;
    let access = tokens["access_token"].as_str().unwrap();
    let expired = emulator
        .control(Method::POST, "/_emulator/tokens/expire", None)
        .await;
    assert_eq!(expired.status(), 200);
    assert_eq!(userinfo_with_token(&emulator, access).await.status(), 401);
    assert_eq!(userinfo_with_token(&emulator, "a.b.c").await.status(), 401);
    let basic = emulator
        .anonymous(Method::GET, "/api/v1/userinfo")
        .basic_auth("user", Some("password"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
}

#[tokio::test]
async fn token_endpoint_rejects_bad_requests() {
    let emulator = Emulator::start(&["--oidc-client-secret", "s3cret"]);
    type Form = &'static [(&'static str, &'static str)];
    let cases: [(Form, u16, &str); 5] = [
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "jim-powershell"),
            ],
            400,
            "invalid_client",
        ),
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "other"),
                ("client_secret", "s3cret"),
            ],
            400,
            "invalid_client",
        ),
        (
            &[("client_id", "jim-powershell"), ("client_secret", "s3cret")],
            400,
            "invalid_request",
        ),
        (
            &[
                ("grant_type", "password"),
                ("client_id", "jim-powershell"),
                ("client_secret", "s3cret"),
            ],
            400,
            "unsupported_grant_type",
        ),
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "jim-powershell"),
                ("client_secret", "s3cret"),
            ],
            200,
            "",
        ),
    ];
    for (form, status, error) in cases {
        let response = emulator
            .anonymous(Method::POST, "/connect/token")
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{form:?}");
        let body: Value = response.json().await.unwrap();
        if !error.is_empty() {
            assert_eq!(body["error"], error, "{form:?}");
        }
    }
    let basic = emulator
        .anonymous(Method::POST, "/connect/token")
        .basic_auth("jim-powershell", Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
}

#[tokio::test]
async fn authenticated_rate_limit() {
    let emulator = Emulator::start(&["--rate-limit", "3"]);
    for _ in 0..3 {
        assert_eq!(emulator.get(SYSTEMS).await.status(), 200);
    }
    let limited = emulator.get(SYSTEMS).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.unwrap();
    assert_error_body(&body, "TOO_MANY_REQUESTS");

    let other_key = emulator
        .anonymous(Method::GET, SYSTEMS)
        .header("X-Api-Key", READ_ONLY_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(other_key.status(), 200, "each client has its own window");
    let health = emulator.get("/api/v1/health").await;
    assert_eq!(health.status(), 200, "health is never limited");
    let version = emulator.get("/api/v1/health/version").await;
    assert_eq!(version.status(), 200);
}

#[tokio::test]
async fn anonymous_rate_limit_per_ip() {
    let emulator = Emulator::start(&["--anonymous-rate-limit", "2"]);
    for _ in 0..2 {
        let response = emulator
            .anonymous(Method::GET, "/api/v1/userinfo")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let limited = emulator
        .anonymous(Method::GET, "/api/v1/auth/config")
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    for path in ["/api/v1/health", "/.well-known/openid-configuration"] {
        let response = emulator.anonymous(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path} is not limited");
    }
    assert_eq!(
        emulator.get(SYSTEMS).await.status(),
        200,
        "authenticated requests count apart"
    );
    let reset = emulator
        .control(Method::POST, "/_emulator/reset", None)
        .await;
    assert_eq!(reset.status(), 204);
    let after_reset = emulator
        .anonymous(Method::GET, "/api/v1/auth/config")
        .send()
        .await
        .unwrap();
    assert_eq!(after_reset.status(), 200);
}

#[tokio::test]
async fn retry_after_as_http_date() {
    let emulator = Emulator::start(&["--rate-limit", "1", "--retry-after-http-date"]);
    assert_eq!(emulator.get(SYSTEMS).await.status(), 200);
    let limited = emulator.get(SYSTEMS).await;
    assert_eq!(limited.status(), 429);
    let retry_after = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(retry_after.ends_with(" GMT"), "{retry_after}");
}

#[tokio::test]
async fn rate_limited_requests_are_recorded() {
    let emulator = Emulator::start(&["--rate-limit", "1"]);
    emulator.get(SYSTEMS).await;
    emulator.get(SYSTEMS).await;
    let recorded = emulator.recorded_requests().await;
    let statuses: Vec<&Value> = recorded.iter().map(|request| &request["status"]).collect();
    assert_eq!(statuses, [&json!(200), &json!(429)]);
}
