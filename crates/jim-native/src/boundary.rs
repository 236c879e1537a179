//! The one boundary every export runs inside.
//!
//! It clears the output pointers before anything else, catches any panic so that it never
//! unwinds into the caller, and turns a failure into the returned status and an error
//! document in `*out_error`.
//!
//! The host is PowerShell, where text on stderr is noise, so a panic inside an export is not
//! printed by the panic hook: its message and location go into the error document instead.
//! A panic on any other thread still reaches the hook that was installed before.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_void};
use std::future::Future;
use std::panic::{self, catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Once;

use crate::failure::Failure;
use crate::status::JimStatus;
use crate::strings::into_c_string;

thread_local! {
    /// Depth of exports running on this thread, so that the hook can tell their panics apart.
    static EXPORT_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Location of the last panic inside an export on this thread.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// Wraps the process's panic hook so that panics inside exports are recorded, not printed.
fn install_panic_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if EXPORT_DEPTH.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let location = info
                .location()
                .map(|location| format!("{}:{}", location.file(), location.line()));
            PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
        }));
    });
}

/// Runs the body of export `operation` (its name without the `jim_` prefix).
///
/// `outputs` are the export's output pointers other than `out_error`, cast to
/// `*mut *mut c_void`. Each one that is not null is set to null before `body` runs.
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

    install_panic_hook();
    EXPORT_DEPTH.with(|depth| depth.set(depth.get() + 1));
    let outcome = catch_unwind(AssertUnwindSafe(body));
    EXPORT_DEPTH.with(|depth| depth.set(depth.get() - 1));

    let failure = match outcome {
        Ok(Ok(())) => return JimStatus::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => {
            let location = PANIC_LOCATION
                .with(|slot| slot.borrow_mut().take())
                .map(|location| format!(" at {location}"))
                .unwrap_or_default();
            Failure::internal(format!(
                "The JIM native library failed unexpectedly in {operation}{location}: {}. This \
                 is a bug in the library, so please report it with this message.",
                describe_panic(payload.as_ref())
            ))
        }
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
