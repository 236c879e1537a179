//! Strings handed to the caller, and their release.

use std::ffi::{c_char, CString};
use std::ptr;

/// Moves `text` into a NUL-terminated string owned by the caller, released with
/// [`jim_string_free`]. JSON never contains a raw NUL, so this returns null only for text
/// that is not JSON and contains one.
pub(crate) fn into_c_string(text: String) -> *mut c_char {
    match CString::new(text) {
        Ok(string) => string.into_raw(),
        Err(_) => ptr::null_mut(),
    }
}

/// Releases a string that the library returned through `out_json` or `out_error`.
///
/// Borrows nothing and returns nothing. `string` must be null or a pointer that this library
/// returned and that has not been released yet, and after the call it must not be used. Passing
/// null does nothing. Safe to call from several threads at once, each on its own string.
///
/// # Safety
///
/// `string` must be null or a string returned by this library and not yet released.
#[no_mangle]
pub unsafe extern "C" fn jim_string_free(string: *mut c_char) {
    if string.is_null() {
        return;
    }
    // SAFETY: the caller guarantees that `string` came from `CString::into_raw` in this
    // library and is released only once.
    drop(unsafe { CString::from_raw(string) });
}

/// Returns the version of this library, such as `0.1.0`.
///
/// Borrows nothing. The returned string is static: it must not be released or modified. Safe
/// to call from several threads at once.
#[no_mangle]
pub extern "C" fn jim_library_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
