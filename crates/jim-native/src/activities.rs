//! Activities: the progress and the record of a run.

use std::ffi::c_char;

use crate::args;
use crate::boundary::{block_on, run_export};
use crate::connection::JimConnection;
use crate::status::JimStatus;

/// Reads the progress of an Activity, the document to poll while a run is in progress.
///
/// Borrows `connection` and `activity_id` (a GUID, checked before any request) for the call. On
/// success it stores the progress document in `*out_json`. On failure it stores an error
/// document in `*out_error` when it is not null. The caller owns the returned strings and
/// releases them with `jim_string_free`. Safe to call from several threads at once on the same
/// connection.
///
/// # Safety
///
/// `connection` must be null or a live handle, `activity_id` must be null or NUL-terminated,
/// and output pointers must be null or valid for a pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_activity_progress(
    connection: *const JimConnection,
    activity_id: *const c_char,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("activity_progress", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let activity_id = args::required_text(activity_id, "activity_id")?;
            let progress = block_on(connection.client.activity_progress(activity_id))??;
            args::write_json(out_json, &progress)
        })
    }
}

/// Reads the full record of an Activity.
///
/// Borrows `connection` and `activity_id` (a GUID, checked before any request) for the call. On
/// success it stores the Activity in `*out_json`. On failure it stores an error document in
/// `*out_error` when it is not null. The caller owns the returned strings and releases them
/// with `jim_string_free`. Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_activity_progress`.
#[no_mangle]
pub unsafe extern "C" fn jim_activity_get(
    connection: *const JimConnection,
    activity_id: *const c_char,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("activity_get", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let activity_id = args::required_text(activity_id, "activity_id")?;
            let activity = block_on(connection.client.activity_get(activity_id))??;
            args::write_json(out_json, &activity)
        })
    }
}

/// Lists Activities newest first, at most `max_count` of them, following the server's pages.
///
/// Borrows `connection` for the call. On success it stores a JSON array of Activities in
/// `*out_json`. On failure it stores an error document in `*out_error` when it is not null (a
/// `max_count` below 1 is `JIM_STATUS_INVALID_ARGUMENT`). The caller owns the returned strings
/// and releases them with `jim_string_free`. Safe to call from several threads at once on the
/// same connection.
///
/// # Safety
///
/// `connection` must be null or a live handle, and output pointers must be null or valid for a
/// pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_activity_list(
    connection: *const JimConnection,
    max_count: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("activity_list", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let max_count = u32::try_from(max_count).unwrap_or(0);
            let activities = block_on(connection.client.activity_list(max_count))??;
            args::write_json(out_json, &activities)
        })
    }
}
