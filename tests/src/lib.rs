//! Shared helpers of the workspace's integration tests: where things are, and
//! a small validator of example values against OpenAPI 3.0 schemas.

pub mod calls;
pub mod cases;
pub mod example_check;
pub mod oracle;
pub mod prism;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .expect("the tests crate lives inside the workspace")
}

/// Every spec under `specs/`, as (path relative to the root, text), in name order.
pub fn specs() -> Vec<(String, String)> {
    files_in(&workspace_root().join("specs"), &["yaml", "yml", "json"])
}

/// Every file with one of `extensions` directly in `dir`, as (path relative to
/// the workspace root, text), in name order.
pub fn files_in(dir: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    xtask::corpus::read_specs(&workspace_root(), dir, extensions).unwrap_or_else(|e| panic!("{e}"))
}

/// A spec as a plain JSON value (for walking examples and `$ref`s).
pub fn spec_value(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).expect("the spec parses as YAML")
}
