//! Helpers shared by the export tests.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use mockito::{Mock, Server, ServerGuard};
use serde_json::{json, Value};

use crate::{jim_connection_open, jim_string_free, JimConnection, JimStatus};

/// API key used by every test, so a test can check that it never leaks.
pub(crate) const API_KEY: &str = "jim_test_secret_key_4f2a9c";

/// Options that keep retries fast.
pub(crate) const FAST_OPTIONS: &str = r#"{"retryDelayMilliseconds": 1, "timeoutSeconds": 10}"#;

/// Takes ownership of a returned string, parses it as JSON and releases it.
pub(crate) fn take_json(string: *mut c_char) -> Option<Value> {
    if string.is_null() {
        return None;
    }
    let text = unsafe { CStr::from_ptr(string) }
        .to_str()
        .unwrap()
        .to_owned();
    unsafe { jim_string_free(string) };
    Some(serde_json::from_str(&text).unwrap())
}

/// Takes ownership of a returned string and releases it, returning its text.
pub(crate) fn take_text(string: *mut c_char) -> Option<String> {
    if string.is_null() {
        return None;
    }
    let text = unsafe { CStr::from_ptr(string) }
        .to_str()
        .unwrap()
        .to_owned();
    unsafe { jim_string_free(string) };
    Some(text)
}

pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// Mocks `GET /api/v1/userinfo` for the test API key.
pub(crate) fn mock_user_info(server: &mut ServerGuard) -> Mock {
    server
        .mock("GET", "/api/v1/userinfo")
        .match_header("x-api-key", API_KEY)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(
            json!({
                "authorised": false, "isAdministrator": false, "name": "Automation key",
                "authMethod": "ApiKey", "metaverseObjectId": null, "roles": ["Administrator"]
            })
            .to_string(),
        )
        .create()
}

/// Mocks `GET /api/v1/health/version`.
pub(crate) fn mock_version(server: &mut ServerGuard) -> Mock {
    server
        .mock("GET", "/api/v1/health/version")
        .with_status(200)
        .with_body(r#"{"product":"JIM","version":"2.4.1"}"#)
        .create()
}

/// Starts a server with userinfo and version mocked and opens a connection to it.
pub(crate) fn open_connection() -> (ServerGuard, *mut JimConnection) {
    let mut server = Server::new();
    mock_user_info(&mut server);
    mock_version(&mut server);
    let connection = open_to(&server.url());
    (server, connection)
}

/// Opens a connection to `url` with the test API key, panicking on failure.
pub(crate) fn open_to(url: &str) -> *mut JimConnection {
    let url = c_string(url);
    let key = c_string(API_KEY);
    let options = c_string(FAST_OPTIONS);
    let mut connection: *mut JimConnection = ptr::null_mut();
    let mut out_json: *mut c_char = ptr::null_mut();
    let mut out_error: *mut c_char = ptr::null_mut();
    let status = unsafe {
        jim_connection_open(
            url.as_ptr(),
            key.as_ptr(),
            options.as_ptr(),
            &mut connection,
            &mut out_json,
            &mut out_error,
        )
    };
    let error = take_text(out_error);
    assert_eq!(status, JimStatus::Ok, "{error:?}");
    take_json(out_json);
    assert!(!connection.is_null());
    connection
}

/// Returns a pointer that is neither null nor a valid string, to check that outputs are
/// cleared.
pub(crate) fn stale_pointer() -> *mut c_char {
    ptr::NonNull::<c_char>::dangling().as_ptr()
}

/// Asserts that an error document has the fixed fields and never mentions the API key.
pub(crate) fn assert_error_document(document: &Value, status: &str, operation: &str) {
    assert_eq!(document["status"], status, "{document}");
    assert_eq!(document["operation"], operation, "{document}");
    let message = document["message"].as_str().unwrap();
    assert!(message.ends_with('.'), "{message}");
    for field in [
        "httpStatus",
        "code",
        "serverMessage",
        "validationErrors",
        "retryAfterSeconds",
        "method",
        "path",
    ] {
        assert!(
            document.get(field).is_some(),
            "{field} missing from {document}"
        );
    }
    assert!(
        !document.to_string().contains(API_KEY),
        "API key in {document}"
    );
}
