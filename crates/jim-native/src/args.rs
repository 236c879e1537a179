//! Checks of the arguments an export receives: null pointers, UTF-8, JSON and IDs.
//!
//! Every export reads its arguments through these functions, so each rule is written once
//! and every failure is an `InvalidArgument` error that names the parameter.

use std::ffi::{c_char, CStr};

use serde::Serialize;
use serde_json::Value;

use crate::connection::JimConnection;
use crate::failure::Failure;
use crate::strings::into_c_string;

/// Borrows the connection behind a handle.
///
/// # Safety
///
/// `connection` must be null or a handle from `jim_connection_open` that has not been closed.
pub(crate) unsafe fn connection<'a>(
    connection: *const JimConnection,
) -> Result<&'a JimConnection, Failure> {
    // SAFETY: the caller guarantees that a non-null handle is live.
    unsafe { connection.as_ref() }.ok_or_else(|| {
        Failure::invalid_argument(
            "The connection handle is null. Open a connection with jim_connection_open first.",
        )
    })
}

/// Borrows a required UTF-8 string argument.
///
/// # Safety
///
/// `text` must be null or point to a NUL-terminated string that outlives the call.
pub(crate) unsafe fn required_text<'a>(
    text: *const c_char,
    parameter: &str,
) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { optional_text(text, parameter) }?
        .ok_or_else(|| Failure::invalid_argument(format!("The {parameter} argument is null.")))
}

/// Borrows an optional UTF-8 string argument, reading null as `None`.
///
/// # Safety
///
/// `text` must be null or point to a NUL-terminated string that outlives the call.
pub(crate) unsafe fn optional_text<'a>(
    text: *const c_char,
    parameter: &str,
) -> Result<Option<&'a str>, Failure> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller guarantees a NUL-terminated string that outlives the call.
    let bytes = unsafe { CStr::from_ptr(text) };
    bytes.to_str().map(Some).map_err(|error| {
        Failure::invalid_argument(format!(
            "The {parameter} argument is not valid UTF-8 (invalid byte at offset {}). Strings \
             must be passed as UTF-8 on every platform.",
            error.valid_up_to()
        ))
    })
}

/// Parses an optional JSON argument, reading null as `None`.
///
/// The parser's message gives only a position, never the text, so a secret inside the JSON
/// is never repeated in an error.
///
/// # Safety
///
/// `json` must be null or point to a NUL-terminated string that outlives the call.
pub(crate) unsafe fn optional_json(
    json: *const c_char,
    parameter: &str,
) -> Result<Option<Value>, Failure> {
    // SAFETY: forwarded from the caller.
    let Some(text) = (unsafe { optional_text(json, parameter) })? else {
        return Ok(None);
    };
    serde_json::from_str(text).map(Some).map_err(|error| {
        Failure::invalid_argument(format!(
            "The {parameter} argument is not valid JSON (line {}, column {}).",
            error.line(),
            error.column()
        ))
    })
}

/// Parses a required JSON argument.
///
/// # Safety
///
/// `json` must be null or point to a NUL-terminated string that outlives the call.
pub(crate) unsafe fn required_json(json: *const c_char, parameter: &str) -> Result<Value, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { optional_json(json, parameter) }?
        .ok_or_else(|| Failure::invalid_argument(format!("The {parameter} argument is null.")))
}

/// Rejects a null output pointer.
pub(crate) fn required_output<T>(output: *mut *mut T, parameter: &str) -> Result<(), Failure> {
    if output.is_null() {
        Err(Failure::invalid_argument(format!(
            "The {parameter} argument is null, so the result would have nowhere to go."
        )))
    } else {
        Ok(())
    }
}

/// Serializes `value` into `*output` as a string owned by the caller.
///
/// # Safety
///
/// `output` must be valid for a pointer-sized write (checked non-null by
/// [`required_output`]).
pub(crate) unsafe fn write_json<T: Serialize>(
    output: *mut *mut c_char,
    value: &T,
) -> Result<(), Failure> {
    let text = serde_json::to_string(value).map_err(|error| {
        Failure::internal(format!("The result could not be written as JSON: {error}."))
    })?;
    let string = into_c_string(text);
    if string.is_null() {
        return Err(Failure::internal(
            "The result could not be written as a C string.",
        ));
    }
    // SAFETY: the caller guarantees that `output` is valid for a write.
    unsafe { output.write(string) };
    Ok(())
}
