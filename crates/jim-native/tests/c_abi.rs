//! Builds a C program against `include/jim.h` and the shared library, and runs it.
//!
//! This checks what the Rust tests cannot: that the header compiles and that the exported
//! symbols link. It also checks that a process that used the library exits with its own exit
//! status and writes nothing to stderr, with its connection closed or left open.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use mockito::Server;

const API_KEY: &str = "jim_c_driver_key_5e81";

/// Returns the directory that contains the shared library: the parent of `deps/`, where the
/// test executable runs from.
fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

/// Compiles the driver, or returns `None` when no C compiler is installed.
fn build_driver() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jim_c_driver");
    let library_dir = library_dir();
    let compiled = Command::new("cc")
        .arg("-std=c99")
        .arg("-Wall")
        .arg("-Werror")
        .arg("-o")
        .arg(&output)
        .arg(manifest.join("tests/c/driver.c"))
        .arg("-I")
        .arg(manifest.join("include"))
        .arg("-L")
        .arg(&library_dir)
        .arg("-ljim_native")
        .arg(format!("-Wl,-rpath,{}", library_dir.display()))
        .output();
    match compiled {
        Err(error) => {
            eprintln!("skipped: no C compiler ({error})");
            None
        }
        Ok(result) => {
            assert!(
                result.status.success(),
                "the C driver did not compile:\n{}",
                String::from_utf8_lossy(&result.stderr)
            );
            Some(output)
        }
    }
}

#[test]
fn c_caller_exits_with_own_status() {
    let Some(driver) = build_driver() else {
        return;
    };
    let mut server = Server::new();
    server
        .mock("GET", "/api/v1/userinfo")
        .match_header("x-api-key", API_KEY)
        .with_body(r#"{"authorised": false, "name": "C driver", "roles": []}"#)
        .create();
    server
        .mock("GET", "/api/v1/synchronisation/connected-systems/99")
        .with_status(404)
        .with_body(r#"{"code": "NOT_FOUND", "message": "Connected system not found"}"#)
        .create();

    for mode in ["close", "leave-open"] {
        let result = Command::new(&driver)
            .arg(server.url())
            .arg(API_KEY)
            .arg(mode)
            .output()
            .unwrap();

        let stdout = String::from_utf8_lossy(&result.stdout);
        assert_eq!(result.status.code(), Some(42), "{mode}: {stdout}");
        assert!(
            result.stderr.is_empty(),
            "{mode}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}
