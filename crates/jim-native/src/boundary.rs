//! The one boundary every export runs inside.
//!
//! It clears the output pointers before anything else, catches any panic so that it never
//! unwinds into the caller, and turns a failure into the returned status and an error
//! document in `*out_error`.

use std::any::Any;
use std::ffi::{c_char, c_void};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::failure::Failure;
use crate::status::JimStatus;
use crate::strings::into_c_string;

/// Runs the body of export `operation` (its name without the `jim_` prefix).
///
/// `outputs` are the export's output pointers other than `out_error`, cast to
/// `*mut *mut c_void`; each one that is not null is set to null before `body` runs.
///
/// # Safety
///
/// Each pointer in `outputs` and `out_error` must be null or valid for a pointer-sized
/// write.
pub(crate) unsafe fn run_export(
    operation: &'static str,
    outputs: &[*mut *mut c_void],
    out_error: *mut *mut c_char,
    body: impl FnOnce() -> Result<(), Failure>,
) -> JimStatus {
    for &output in outputs {
        if !output.is_null() {
            // SAFETY: the caller guarantees that a non-null output is valid for a write.
            unsafe { output.write(ptr::null_mut()) };
        }
    }
    if !out_error.is_null() {
        // SAFETY: as above.
        unsafe { out_error.write(ptr::null_mut()) };
    }

    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return JimStatus::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::internal(format!(
            "The JIM native library failed unexpectedly in {operation}: {}. This is a bug in \
             the library; the connection can still be used.",
            describe_panic(payload.as_ref())
        )),
    };

    if !out_error.is_null() {
        let document = into_c_string(failure.to_document(operation));
        // SAFETY: as above.
        unsafe { out_error.write(document) };
    }
    failure.status
}

/// Runs `future` to completion on the process-wide runtime.
pub(crate) fn block_on<F: Future>(future: F) -> Result<F::Output, Failure> {
    let runtime = jim_client::runtime()?;
    Ok(runtime.block_on(future))
}

fn describe_panic(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
