//! Connected Systems and their partitions.

use std::ffi::c_char;

use crate::args;
use crate::boundary::{block_on, run_export};
use crate::connection::JimConnection;
use crate::status::JimStatus;

/// Lists every Connected System, following every page of the server's list.
///
/// Borrows `connection` for the call. On success it stores a JSON array of list items in
/// `*out_json`. On failure it stores an error document in `*out_error` when it is not null. The
/// caller owns the returned strings and releases them with `jim_string_free`. Safe to call from
/// several threads at once on the same connection.
///
/// # Safety
///
/// `connection` must be null or a live handle, and output pointers must be null or valid for a
/// pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_connected_system_list(
    connection: *const JimConnection,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export(
            "connected_system_list",
            &[out_json.cast()],
            out_error,
            || {
                args::required_output(out_json, "out_json")?;
                let connection = args::connection(connection)?;
                let systems = block_on(connection.client.connected_system_list())??;
                args::write_json(out_json, &systems)
            },
        )
    }
}

/// Reads one Connected System in detail.
///
/// Borrows `connection` for the call. On success it stores the detail object in `*out_json`. On
/// failure it stores an error document in `*out_error` when it is not null (an unknown ID is
/// `JIM_STATUS_NOT_FOUND`). The caller owns the returned strings and releases them with
/// `jim_string_free`. Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_connected_system_list`.
#[no_mangle]
pub unsafe extern "C" fn jim_connected_system_get(
    connection: *const JimConnection,
    connected_system_id: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export(
            "connected_system_get",
            &[out_json.cast()],
            out_error,
            || {
                args::required_output(out_json, "out_json")?;
                let connection = args::connection(connection)?;
                let system = block_on(
                    connection
                        .client
                        .connected_system_get(i64::from(connected_system_id)),
                )??;
                args::write_json(out_json, &system)
            },
        )
    }
}

/// Lists the partitions of a Connected System.
///
/// Borrows `connection` for the call. On success it stores a JSON array of partitions in
/// `*out_json` (empty when the connector has no partitions). On failure it stores an error
/// document in `*out_error` when it is not null. The caller owns the returned strings and
/// releases them with `jim_string_free`. Safe to call from several threads at once on the same
/// connection.
///
/// # Safety
///
/// As for `jim_connected_system_list`.
#[no_mangle]
pub unsafe extern "C" fn jim_partition_list(
    connection: *const JimConnection,
    connected_system_id: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("partition_list", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let partitions = block_on(
                connection
                    .client
                    .partition_list(i64::from(connected_system_id)),
            )??;
            args::write_json(out_json, &partitions)
        })
    }
}
