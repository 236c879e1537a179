//! Opening and closing a connection handle.

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::boundary::{block_on, run_export};
use crate::status::JimStatus;
use crate::{args, options};

/// An open connection to a JIM server. The handle is opaque to the caller.
pub struct JimConnection {
    pub(crate) client: jim_client::Connection,
}

/// Opens a connection to the JIM server at `url` and proves the credential with
/// `GET /api/v1/userinfo`.
///
/// Borrows `url` (an http or https URL, optionally with a path prefix), `api_key` (may be null
/// when `options_json` carries bearer tokens) and `options_json` (may be null) for the call. On
/// success it stores a new handle in `*out_connection`, released with `jim_connection_close`,
/// and `{"url", "version", "userInfo"}` in `*out_json`. On failure it stores an error document
/// in `*out_error` when it is not null. A rejected credential is `JIM_STATUS_UNAUTHORISED`. The
/// caller owns the returned strings and releases them with `jim_string_free`. Safe to call from
/// several threads at once.
///
/// # Safety
///
/// String arguments must be null or NUL-terminated, and output pointers must be null or valid
/// for a pointer-sized write.
#[no_mangle]
pub unsafe extern "C" fn jim_connection_open(
    url: *const c_char,
    api_key: *const c_char,
    options_json: *const c_char,
    out_connection: *mut *mut JimConnection,
    out_json: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> JimStatus {
    let outputs = [out_connection.cast::<*mut c_void>(), out_json.cast()];
    // SAFETY: the caller guarantees the pointers as documented above.
    unsafe {
        run_export("connection_open", &outputs, out_error, || {
            args::required_output(out_connection, "out_connection")?;
            args::required_output(out_json, "out_json")?;
            let url = args::required_text(url, "url")?;
            let api_key = args::optional_text(api_key, "api_key")?;
            let options = args::optional_json(options_json, "options_json")?;
            let (credential, settings) = options::parse(api_key, options.as_ref())?;

            let (client, info) =
                block_on(jim_client::Connection::open(url, credential, settings))??;
            args::write_json(out_json, &info)?;
            let handle = Box::into_raw(Box::new(JimConnection { client }));
            out_connection.write(handle);
            Ok(())
        })
    }
}

/// Closes a connection handle and releases its HTTP client and connection pool.
///
/// Takes ownership of `connection`, which must not be used afterwards. Passing null does
/// nothing. Must not be called while another thread is still using the same handle.
///
/// # Safety
///
/// `connection` must be null or a handle from `jim_connection_open` that has not been closed.
#[no_mangle]
pub unsafe extern "C" fn jim_connection_close(connection: *mut JimConnection) {
    if connection.is_null() {
        return;
    }
    // SAFETY: the caller guarantees a live handle that is closed only once.
    let handle = unsafe { Box::from_raw(connection) };
    // The HTTP client's pool is dropped inside the runtime so that its connections close
    // cleanly. A panic while dropping must not unwind into the caller.
    let _ = catch_unwind(AssertUnwindSafe(move || match jim_client::runtime() {
        Ok(runtime) => {
            let _entered = runtime.enter();
            drop(handle);
        }
        Err(_) => drop(handle),
    }));
}
