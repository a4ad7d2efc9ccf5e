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
    let root = workspace_root();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let shown = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            (shown, text)
        })
        .collect()
}

/// A spec as a plain JSON value (for walking examples and `$ref`s).
pub fn spec_value(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).expect("the spec parses as YAML")
}

/// Asserts that generating `sources` with [`flowscribe_codegen::Options::preformat`]
/// off prints exactly `files` (what the default options printed): the items
/// the generator writes as text must read as prettyplease formats their
/// tokens. On a difference, names the file and shows the first lines that
/// differ.
pub fn assert_preformat_matches(
    sources: Vec<flowscribe_codegen::SpecSource>,
    files: &std::collections::BTreeMap<String, String>,
) {
    let options = flowscribe_codegen::Options { preformat: false };
    let reference = flowscribe_codegen::generate_with(sources, &options)
        .unwrap_or_else(|d| panic!("does not generate without preformat:\n{d}"));
    assert_eq!(
        reference.files.keys().collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>(),
        "preformat changes the set of files"
    );
    for (path, expected) in &reference.files {
        let actual = &files[path];
        if actual == expected {
            continue;
        }
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        let window = |text: &str| {
            text.lines()
                .skip(line.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{path}: the preformatted text differs from prettyplease's at line {}:\n--- prettyplease\n{}\n--- preformatted\n{}",
            line + 1,
            window(expected),
            window(actual)
        );
    }
}
