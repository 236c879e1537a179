//! Tests of the exports, calling them as a C caller would, against mockito servers.

mod support;

mod arguments;
mod connection;
mod operations;
