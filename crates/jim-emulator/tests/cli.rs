//! The command line: start-up checks, `--help`, logging and clean exits on signals.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_jim-emulator");

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BINARY).args(args).output().unwrap()
}

#[test]
fn help_documents_flags_and_routes() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    let flags = [
        "--port",
        "--api-key",
        "--read-only-api-key",
        "--run-seconds",
        "--extra-systems",
        "--profiles-per-system",
        "--oidc-client-id",
        "--oidc-client-secret",
        "--token-lifetime",
        "--no-sso",
        "--rate-limit",
        "--anonymous-rate-limit",
        "--retry-after-http-date",
        "--latency-ms",
        "--error-rate",
        "--error-status",
        "--drop-before-response-rate",
        "--drop-mid-body-rate",
        "--truncated-json-rate",
        "--malformed-json-rate",
        "--slow-body-ms",
        "--slow-body-rate",
        "--fault-path-prefix",
    ];
    for flag in flags {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    let routes = [
        "/_emulator/requests",
        "/_emulator/reset",
        "/_emulator/run-profiles/{id}/outcome",
        "/_emulator/partitions/{id}",
        "/_emulator/faults",
        "/_emulator/restart",
        "/_emulator/tokens/expire",
    ];
    for route in routes {
        assert!(help.contains(route), "{route} missing from --help");
    }
}

#[test]
fn api_key_is_required() {
    let output = run(&["--port", "0"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--api-key"), "{stderr}");
}

#[test]
fn read_only_key_prefix_checked() {
    let output = run(&[
        "--port",
        "0",
        "--api-key",
        "jim_ok",
        "--read-only-api-key",
        "bad",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("jim_"), "{stderr}");
}

#[test]
fn invalid_numbers_rejected() {
    let cases: [&[&str]; 3] = [
        &["--run-seconds", "-1"],
        &["--error-rate", "2"],
        &["--error-status", "404", "--error-rate", "0.5"],
    ];
    for extra in cases {
        let mut args = vec!["--port", "0", "--api-key", "jim_ok"];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert!(!output.status.success(), "{extra:?}");
        assert!(!output.stderr.is_empty(), "{extra:?} explains the failure");
    }
}

/// Starts the emulator with stderr captured and returns it with its base URL.
fn start_logged() -> (std::process::Child, String) {
    let mut child = Command::new(BINARY)
        .args(["--port", "0", "--api-key", "jim_secret_key_value"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_string())
}

fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_with_timeout(child: &mut std::process::Child) -> std::process::ExitStatus {
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the emulator did not exit after the signal");
}

#[tokio::test]
async fn logs_requests_without_secrets() {
    let (mut child, base_url) = start_logged();
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{base_url}/api/v1/userinfo?token=query_secret"))
        .header("X-Api-Key", "jim_secret_key_value")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let missing = client
        .get(format!("{base_url}/api/v1/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    signal(&child, "TERM");
    let status = wait_with_timeout(&mut child);
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("GET /api/v1/userinfo 200"), "{stderr}");
    assert!(stderr.contains("GET /api/v1/nowhere 404"), "{stderr}");
    assert!(!stderr.contains("jim_secret_key_value"), "{stderr}");
    assert!(!stderr.contains("query_secret"), "{stderr}");
}

#[test]
fn exits_cleanly_on_sigint() {
    let (mut child, _) = start_logged();
    signal(&child, "INT");
    let status = wait_with_timeout(&mut child);
    assert!(status.success(), "{status:?}");
}

#[test]
fn prints_loopback_base_url() {
    let (mut child, base_url) = start_logged();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    let port: u16 = base_url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let _ = child.kill();
    let _ = child.wait();
}
