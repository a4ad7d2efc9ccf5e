//! The generator's output: snapshots of every spec's generated code, focused
//! snapshots of the hard cases, the diagnostics of a corpus of broken specs,
//! and the freshness of the committed `generated/` crate.

use std::collections::BTreeMap;

use flowscribe_codegen::write::compare;
use flowscribe_codegen::{SpecSource, generate};
use flowscribe_tests::{files_in, specs, workspace_root};

fn sources(files: Vec<(String, String)>) -> Vec<SpecSource> {
    files
        .into_iter()
        .map(|(path, text)| SpecSource::new(path, text))
        .collect()
}

#[test]
fn snapshots_of_each_spec() {
    let generated = generate(sources(specs())).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    flowscribe_tests::assert_preformat_matches(sources(specs()), &generated.files);
    for (path, text) in &generated.files {
        let name = path.trim_start_matches("src/").replace(['/', '.'], "__");
        insta::assert_snapshot!(format!("spec__{name}"), text);
    }
}

#[test]
fn snapshots_of_hard_cases() {
    let cases = files_in(&workspace_root().join("tests/fixtures/cases"), &["yaml"]);
    assert!(cases.len() >= 4);
    for (path, text) in cases {
        let module = flowscribe_codegen::module_name(&path);
        let source = SpecSource::new(path.clone(), text);
        let generated = generate(vec![source.clone()]).unwrap_or_else(|d| panic!("{path}: {d}"));
        flowscribe_tests::assert_preformat_matches(vec![source], &generated.files);
        let types = &generated.files[&format!("src/{module}/types.rs")];
        insta::assert_snapshot!(format!("case__{module}"), types);
        // Cases with operations: their request types and response enums too.
        if !generated.summaries[0].operations.is_empty() {
            let requests = &generated.files[&format!("src/{module}/requests.rs")];
            insta::assert_snapshot!(format!("case_requests__{module}"), requests);
        }
        if !generated.warnings.is_empty() {
            for warning in generated.warnings.iter() {
                assert!(warning.line.is_some(), "{warning} has no line");
            }
            insta::assert_snapshot!(
                format!("case_warnings__{module}"),
                generated.warnings.to_string()
            );
        }
    }
}

#[test]
fn broken_specs_give_located_diagnostics() {
    let broken = files_in(&workspace_root().join("tests/fixtures/broken"), &["yaml"]);
    assert!(broken.len() >= 6);
    for (path, text) in broken {
        let module = flowscribe_codegen::module_name(&path);
        let diagnostics = match generate(vec![SpecSource::new(path.clone(), text)]) {
            Ok(_) => panic!("{path} should not generate"),
            Err(diagnostics) => diagnostics,
        };
        for diagnostic in diagnostics.iter() {
            assert_eq!(diagnostic.file, path);
            assert!(diagnostic.line.is_some(), "{diagnostic} has no line");
        }
        insta::assert_snapshot!(format!("broken__{module}"), diagnostics.to_string());
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generate(sources(specs())).expect("specs generate").files;
    let mut reversed = specs();
    reversed.reverse();
    let second = generate(sources(reversed)).expect("specs generate").files;
    assert_eq!(first, second);
}

#[test]
fn the_committed_generated_crate_is_fresh() {
    let generated = generate(sources(specs())).unwrap_or_else(|d| panic!("{d}"));
    let crate_dir = workspace_root().join("generated");
    let mut on_disk = BTreeMap::new();
    for path in generated.files.keys() {
        if let Ok(text) = std::fs::read_to_string(crate_dir.join(path)) {
            on_disk.insert(path.clone(), text);
        }
    }
    let staleness = compare(&generated.files, &on_disk);
    assert!(
        staleness.is_fresh(),
        "generated/ is stale; run `cargo xtask codegen`. Changed: {:?}; missing: {:?}",
        staleness.changed,
        staleness.missing
    );
}
