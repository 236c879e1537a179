//! Starting the real emulator binary for a test and talking to it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The full-rights API key every test emulator accepts.
pub const API_KEY: &str = "jim_test_key";
/// The read-only API key every test emulator accepts.
pub const READ_ONLY_KEY: &str = "jim_read_only_key";
/// The base path of Connected System routes.
pub const SYSTEMS: &str = "/api/v1/synchronisation/connected-systems";

/// A running emulator; dropping it kills the process.
pub struct Emulator {
    child: Child,
    pub base_url: String,
    pub client: reqwest::Client,
}

impl Emulator {
    /// Starts the emulator on a free port with the test keys and `extra` arguments.
    pub fn start(extra: &[&str]) -> Emulator {
        let mut args = vec![
            "--port",
            "0",
            "--api-key",
            API_KEY,
            "--read-only-api-key",
            READ_ONLY_KEY,
        ];
        args.extend_from_slice(extra);
        Emulator::start_with_args(&args)
    }

    /// Starts the emulator with exactly these arguments.
    pub fn start_with_args(args: &[&str]) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jim-emulator"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut first_line = String::new();
        BufReader::new(stdout)
            .read_line(&mut first_line)
            .expect("the emulator prints its base URL");
        let base_url = first_line.trim().to_string();
        assert!(
            base_url.starts_with("http://127.0.0.1:"),
            "unexpected first line: {first_line:?}"
        );
        Emulator {
            child,
            base_url,
            client: reqwest::Client::new(),
        }
    }

    /// Returns the absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Builds a request that carries the full-rights key.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("X-Api-Key", API_KEY)
    }

    /// Builds a request without any credential.
    pub fn anonymous(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Returns the `/api` requests the emulator recorded.
    pub async fn recorded_requests(&self) -> Vec<Value> {
        let body: Value = self
            .anonymous(reqwest::Method::GET, "/_emulator/requests")
            .send()
            .await
            .expect("request is sent")
            .json()
            .await
            .expect("body is JSON");
        body["requests"].as_array().cloned().unwrap_or_default()
    }

    /// Replaces the fault rules through the control route.
    pub async fn set_faults(&self, faults: Value) {
        let response = self
            .control(reqwest::Method::PUT, "/_emulator/faults", Some(faults))
            .await;
        assert_eq!(response.status(), 200, "PUT /_emulator/faults");
    }

    /// Sets how the next runs of a Run Profile end.
    pub async fn set_outcome(&self, profile_id: i32, outcome: Value) {
        let path = format!("/_emulator/run-profiles/{profile_id}/outcome");
        let response = self
            .control(reqwest::Method::PUT, &path, Some(outcome))
            .await;
        assert_eq!(response.status(), 200, "PUT {path}");
    }

    /// Obtains an access token with the client credentials grant.
    pub async fn client_credentials_token(&self) -> Value {
        let response = self
            .anonymous(reqwest::Method::POST, "/connect/token")
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "jim-powershell"),
            ])
            .send()
            .await
            .expect("request is sent");
        assert_eq!(response.status(), 200, "POST /connect/token");
        response.json().await.expect("body is JSON")
    }

    /// Sends a GET with the full-rights key.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("X-Api-Key", API_KEY)
            .send()
            .await
            .expect("request is sent")
    }

    /// Sends a GET with the full-rights key and parses a 200 body.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("body is JSON")
    }

    /// Sends a request with a JSON body and the full-rights key.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .header("X-Api-Key", API_KEY)
            .json(body)
            .send()
            .await
            .expect("request is sent")
    }

    /// Sends a POST without a body with the full-rights key.
    pub async fn post_empty(&self, path: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("X-Api-Key", API_KEY)
            .send()
            .await
            .expect("request is sent")
    }

    /// Starts a Run Profile and returns the 202 body.
    pub async fn execute(&self, system_id: i32, profile_id: i32) -> Value {
        let path = format!("{SYSTEMS}/{system_id}/run-profiles/{profile_id}/execute");
        let response = self.post_empty(&path).await;
        assert_eq!(response.status(), 202, "POST {path}");
        response.json().await.expect("body is JSON")
    }

    /// Sends an anonymous control request with an optional JSON body.
    pub async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request is sent")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asserts that a body is JIM's standard error body with this code.
pub fn assert_error_body(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    let object = body.as_object().expect("the error body is an object");
    for key in ["details", "validationErrors", "timestamp"] {
        assert!(object.contains_key(key), "{key} missing from {body}");
    }
    assert!(
        body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{body}"
    );
}

/// Asserts that a body is ASP.NET's problem details for a 400.
pub fn assert_problem_body(body: &Value) {
    assert!(body["type"].is_string(), "{body}");
    assert!(body["title"].is_string(), "{body}");
    assert_eq!(body["status"], 400, "{body}");
    assert!(body["errors"].is_object(), "{body}");
}

/// Checks whether a text is a GUID in the 8-4-4-4-12 form.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Polls an Activity's progress until it reaches a final status, returning every snapshot.
pub async fn wait_for_final(emulator: &Emulator, activity_id: &str) -> Vec<Value> {
    let path = format!("/api/v1/activities/{activity_id}/progress");
    let mut snapshots = Vec::new();
    for _ in 0..200 {
        let progress = emulator.get_json(&path).await;
        let status = progress["status"].as_str().unwrap_or("").to_string();
        snapshots.push(progress);
        if status != "InProgress" && status != "NotSet" {
            return snapshots;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("activity {activity_id} did not finish");
}
