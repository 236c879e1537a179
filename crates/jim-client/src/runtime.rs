//! The one tokio runtime that every connection in the process shares.
//!
//! The runtime is created on first use and never dropped. Its two worker threads are
//! stopped by the operating system when the process exits, so a host process never waits
//! on them and exits with its own exit code.

use once_cell::sync::OnceCell;
use tokio::runtime::Runtime;

use crate::error::{Error, Result};

static RUNTIME: OnceCell<Runtime> = OnceCell::new();

/// Returns the process-wide runtime, creating it on first use.
///
/// # Errors
///
/// [`Error::Internal`] when the operating system refuses to start the worker threads.
pub fn runtime() -> Result<&'static Runtime> {
    RUNTIME.get_or_try_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("jim-client")
            .enable_all()
            .build()
            .map_err(|error| Error::Internal {
                message: format!("The JIM client could not start its worker threads: {error}."),
            })
    })
}
