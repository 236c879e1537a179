//! Generates `include/jim.h` from the exports with cbindgen on every build.

use std::path::PathBuf;

fn main() {
    let crate_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .unwrap_or_else(|error| panic!("cbindgen.toml could not be read: {error}"));
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .unwrap_or_else(|error| panic!("the C header could not be generated: {error}"));
    // write_to_file leaves the file untouched when its content is unchanged, so a build does
    // not dirty the committed header.
    bindings.write_to_file(crate_dir.join("include").join("jim.h"));
}
