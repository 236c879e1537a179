//! Run Profiles: list, find, create, update, delete and start.

use std::ffi::c_char;

use crate::args;
use crate::boundary::{block_on, run_export};
use crate::connection::JimConnection;
use crate::status::JimStatus;

/// Lists the Run Profiles of a Connected System, each with `type` (the short run type
/// name), `partitionId` and `connectedSystemName` resolved.
///
/// Borrows `connection` for the call. On success it stores a JSON array of Run Profiles in
/// `*out_json`. On failure it stores an error document in `*out_error` when it is not null. The
/// caller owns the returned strings and releases them with `jim_string_free`. Safe to call from
/// several threads at once on the same connection.
///
/// # Safety
///
/// `connection` must be null or a live handle, and output pointers must be null or valid for a
/// pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_list(
    connection: *const JimConnection,
    connected_system_id: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_list", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let profiles = block_on(
                connection
                    .client
                    .run_profile_list(i64::from(connected_system_id)),
            )??;
            args::write_json(out_json, &profiles)
        })
    }
}

/// Finds a Run Profile by its ID alone, searching the Connected Systems for its owner.
///
/// Borrows `connection` for the call. On success it stores the Run Profile in `*out_json`. On
/// failure it stores an error document in `*out_error` when it is not null (no owner is
/// `JIM_STATUS_NOT_FOUND`). The caller owns the returned strings and releases them with
/// `jim_string_free`. Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_run_profile_list`.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_find(
    connection: *const JimConnection,
    run_profile_id: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_find", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let profile = block_on(
                connection
                    .client
                    .run_profile_find(i64::from(run_profile_id)),
            )??;
            args::write_json(out_json, &profile)
        })
    }
}

/// Creates a Run Profile on a Connected System.
///
/// Borrows `connection` and `request_json` for the call. `request_json` is an object with
/// `runType` (or `type`) by its short or long name, `name`, and optionally `pageSize`,
/// `partitionId`, `filePath` and `verifyImportContentHashes`. On success it stores the created
/// Run Profile in `*out_json`. On failure it stores an error document in `*out_error` when it
/// is not null. The caller owns the returned strings and releases them with `jim_string_free`.
/// Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_run_profile_list`, and `request_json` must be null or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_create(
    connection: *const JimConnection,
    connected_system_id: i32,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_create", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let request = args::required_json(request_json, "request_json")?;
            let profile = block_on(
                connection
                    .client
                    .run_profile_create(i64::from(connected_system_id), &request),
            )??;
            args::write_json(out_json, &profile)
        })
    }
}

/// Updates a Run Profile, sending only the fields that `request_json` carries.
///
/// Borrows `connection` and `request_json` for the call. `request_json` takes the fields of
/// `jim_run_profile_create`, none of them required. On success it stores the updated Run
/// Profile in `*out_json`. On failure it stores an error document in `*out_error` when it is
/// not null. The caller owns the returned strings and releases them with `jim_string_free`.
/// Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_run_profile_create`.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_update(
    connection: *const JimConnection,
    connected_system_id: i32,
    run_profile_id: i32,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_update", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let request = args::required_json(request_json, "request_json")?;
            let profile = block_on(connection.client.run_profile_update(
                i64::from(connected_system_id),
                i64::from(run_profile_id),
                &request,
            ))??;
            args::write_json(out_json, &profile)
        })
    }
}

/// Deletes a Run Profile.
///
/// Borrows `connection` for the call and returns no document. On failure it stores an error
/// document in `*out_error` when it is not null. The caller owns it and releases it with
/// `jim_string_free`. Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// `connection` must be null or a live handle, and `out_error` must be null or valid for a
/// pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_delete(
    connection: *const JimConnection,
    connected_system_id: i32,
    run_profile_id: i32,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_delete", &[], out_error, || {
            let connection = args::connection(connection)?;
            block_on(
                connection
                    .client
                    .run_profile_delete(i64::from(connected_system_id), i64::from(run_profile_id)),
            )??;
            Ok(())
        })
    }
}

/// Queues a Run Profile for execution. The request is never repeated once it may have
/// reached the server, so a run is never started twice by the library.
///
/// Borrows `connection` for the call. On success it stores `{"activityId", "taskId", "message",
/// "warnings"}` in `*out_json`. On failure it stores an error document in `*out_error` when it
/// is not null (a run the server refuses is `JIM_STATUS_BAD_REQUEST` with the server's
/// message). The caller owns the returned strings and releases them with `jim_string_free`.
/// Safe to call from several threads at once on the same connection.
///
/// # Safety
///
/// As for `jim_run_profile_list`.
#[no_mangle]
pub unsafe extern "C" fn jim_run_profile_start(
    connection: *const JimConnection,
    connected_system_id: i32,
    run_profile_id: i32,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("run_profile_start", &[out_json.cast()], out_error, || {
            args::required_output(out_json, "out_json")?;
            let connection = args::connection(connection)?;
            let execution = block_on(
                connection
                    .client
                    .run_profile_start(i64::from(connected_system_id), i64::from(run_profile_id)),
            )??;
            args::write_json(out_json, &execution)
        })
    }
}
