//! Client for the REST API of JIM (Junctional Identity Manager), the library behind the JIM
//! PowerShell module.
//!
//! A [`Connection`] talks to one server with one HTTP client and its connection pool. Its
//! methods are `async`, and callers outside tokio block on the process-wide [`runtime()`].
//! Reads are retried on rate limiting, gateway errors and connection failures. Changes are
//! retried only when the server cannot have acted on them.

mod auth;
mod connection;
mod error;
mod failure;
mod models;
mod options;
mod run_profiles;
mod run_type;
mod runtime;
mod transport;

pub use connection::Connection;
pub use error::{Error, ErrorKind, RequestSummary, Result, ServerResponse};
pub use models::{
    Activity, ActivityProgress, ConnectedSystem, ConnectedSystemSummary, ConnectionInfo, Partition,
    RunProfile, RunProfileExecution,
};
pub use options::{ConnectionOptions, Credential};
pub use run_type::RunType;
pub use runtime::runtime;
pub use secrecy::SecretString;
