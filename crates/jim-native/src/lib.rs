//! C ABI over `jim-client`, loaded by the JIM PowerShell module through P/Invoke.
//!
//! Every export returns a [`JimStatus`], borrows its inputs for the call only, and returns
//! UTF-8 JSON strings that the caller releases with [`jim_string_free`]. Each export runs
//! inside one boundary that clears its output pointers, catches panics and writes the error
//! document. The generated header is `include/jim.h`.

mod activities;
mod args;
mod boundary;
mod connected_systems;
mod connection;
mod failure;
mod options;
mod run_profiles;
mod status;
mod strings;

#[cfg(test)]
mod tests;

pub use activities::{jim_activity_get, jim_activity_list, jim_activity_progress};
pub use connected_systems::{
    jim_connected_system_get, jim_connected_system_list, jim_partition_list,
};
pub use connection::{jim_connection_close, jim_connection_open, JimConnection};
pub use run_profiles::{
    jim_run_profile_create, jim_run_profile_delete, jim_run_profile_find, jim_run_profile_list,
    jim_run_profile_start, jim_run_profile_update,
};
pub use status::JimStatus;
pub use strings::{jim_library_version, jim_string_free};
