//! Exports that reach the server, checked against mockito.

use std::ffi::c_char;
use std::ptr;

use serde_json::json;

use super::support::*;
use crate::*;

#[test]
fn connected_system_list_returns_array() {
    let (mut server, connection) = open_connection();
    server
        .mock("GET", "/api/v1/synchronisation/connected-systems")
        .match_query(mockito::Matcher::Any)
        .with_status(200)
        .with_body(
            json!({"items": [{"id": 1, "name": "Active Directory"}], "totalCount": 1,
                   "page": 1, "pageSize": 100, "totalPages": 1, "hasNextPage": false,
                   "hasPreviousPage": false})
            .to_string(),
        )
        .create();
    let mut out_json: *mut c_char = ptr::null_mut();
    let mut out_error: *mut c_char = ptr::null_mut();
    let status = unsafe { jim_connected_system_list(connection, &mut out_json, &mut out_error) };
    assert_eq!(status, JimStatus::Ok);
    assert!(out_error.is_null());
    let systems = take_json(out_json).unwrap();
    assert_eq!(systems, json!([{"id": 1, "name": "Active Directory"}]));
    unsafe { jim_connection_close(connection) };
}
