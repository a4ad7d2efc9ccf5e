//! The generator's output: focused snapshots of the hard cases, the
//! diagnostics of a corpus of broken specs, and the freshness of the
//! committed `generated/` crate, which is the golden file of the specs'
//! output (so it has no snapshot of its own).

use std::collections::BTreeMap;
use std::path::Path;

use flowscribe_codegen::write::compare;
use flowscribe_codegen::{Layout, SpecSource, generate, generate_with_layout};
use flowscribe_tests::{files_in, specs, workspace_root};

fn sources(files: Vec<(String, String)>) -> Vec<SpecSource> {
    files
        .into_iter()
        .map(|(path, text)| SpecSource::new(path, text))
        .collect()
}

#[test]
fn snapshots_of_hard_cases() {
    let cases = files_in(&workspace_root().join("tests/fixtures/cases"), &["yaml"]);
    assert!(cases.len() >= 4);
    for (path, text) in cases {
        let module = flowscribe_codegen::module_name(&path);
        let source = SpecSource::new(path.clone(), text);
        let generated = generate(vec![source]).unwrap_or_else(|d| panic!("{path}: {d}"));
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
    let broken = files_in(
        &workspace_root().join("tests/fixtures/broken"),
        &["yaml", "json"],
    );
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

/// Every file under `dir`, recursively, keyed by its path relative to
/// `base`.
fn read_tree(base: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_tree(base, &path, files);
        } else {
            let relative = path.strip_prefix(base).expect("under the base");
            let key = relative.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{key}: {e}"));
            files.insert(key, text);
        }
    }
}

/// `generated/src` holds exactly what the specs produce: no file differs,
/// none is missing, and none is left over from an earlier generation.
#[test]
fn the_committed_generated_crate_is_fresh() {
    // As `cargo xtask codegen` writes it: one crate.
    let generated =
        generate_with_layout(sources(specs()), Layout::OneCrate).unwrap_or_else(|d| panic!("{d}"));
    let crate_dir = workspace_root().join("generated");
    let mut on_disk = BTreeMap::new();
    read_tree(&crate_dir, &crate_dir.join("src"), &mut on_disk);
    let staleness = compare(&generated.files, &on_disk);
    assert!(
        staleness.is_fresh(),
        "generated/ is stale; run `cargo xtask codegen`. Changed: {:?}; missing: {:?}; \
         not generated any more: {:?}",
        staleness.changed,
        staleness.missing,
        staleness.extra
    );
    // The API surface beside it, which the change report compares with.
    let mut surface = generated.surface;
    surface.crate_version = xtask::changes::crate_version(&crate_dir).expect("version");
    let expected = xtask::changes::surface_text(&surface).expect("encodes");
    let committed = std::fs::read_to_string(crate_dir.join(xtask::changes::SURFACE_FILE))
        .expect("generated/api-surface.json");
    assert!(
        committed == expected,
        "generated/api-surface.json is stale; run `cargo xtask codegen`"
    );
}

/// The comparison behind the freshness test and `codegen --check` notices
/// each kind of staleness.
#[test]
fn staleness_names_changed_missing_and_left_over_files() {
    let generated: BTreeMap<String, String> = [("src/a.rs", "a"), ("src/b.rs", "b")]
        .into_iter()
        .map(|(p, t)| (p.to_owned(), t.to_owned()))
        .collect();
    let mut on_disk = generated.clone();
    assert!(compare(&generated, &on_disk).is_fresh());
    on_disk.insert("src/old.rs".to_owned(), "old".to_owned());
    on_disk.insert("src/a.rs".to_owned(), "edited".to_owned());
    on_disk.remove("src/b.rs");
    let staleness = compare(&generated, &on_disk);
    assert_eq!(staleness.changed, ["src/a.rs"]);
    assert_eq!(staleness.missing, ["src/b.rs"]);
    assert_eq!(staleness.extra, ["src/old.rs"]);
}

/// Two specs that opt in to root re-exports and share an item name are an
/// error at each spec's `x-root-exports`, naming the other spec.
#[test]
fn two_specs_cannot_re_export_one_name_at_the_root() {
    let spec = |title: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: {title}, version: \"1\"}}\nx-root-exports: true\n\
             paths: {{}}\ncomponents:\n  schemas:\n    Shared: {{type: string, enum: [a]}}\n    \
             {title}Only: {{type: string, enum: [b]}}\n"
        )
    };
    let sources = vec![
        SpecSource::new("specs/one.yaml", spec("One")),
        SpecSource::new("specs/two.yaml", spec("Two")),
    ];
    let diagnostics = generate(sources).expect_err("a root name clash");
    insta::assert_snapshot!("root_export_clash", diagnostics.to_string());
    // Listing the name in one spec's `except` resolves it.
    let mut fixed = spec("Two");
    fixed = fixed.replace("x-root-exports: true", "x-root-exports: {except: [Shared]}");
    let generated = generate(vec![
        SpecSource::new("specs/one.yaml", spec("One")),
        SpecSource::new("specs/two.yaml", fixed),
    ])
    .unwrap_or_else(|d| panic!("{d}"));
    let root = &generated.files["src/lib.rs"];
    assert!(root.contains("pub use one::{OneOnly, Shared};"), "{root}");
    assert!(
        root.contains("pub use two::{TwoOnly};") || root.contains("pub use two::TwoOnly;"),
        "{root}"
    );
}

/// The mutants the fuzzer (`cargo xtask fuzz`) once found a generator bug
/// with: each generates, or is refused with a diagnostic, within the time
/// limit, and every file it writes parses.
#[test]
fn fuzz_regressions_generate_or_fail_cleanly() {
    let fixtures = files_in(
        &workspace_root().join(xtask::fuzz::REGRESSIONS),
        &["yaml", "json"],
    );
    assert!(fixtures.len() >= 4);
    for (path, text) in fixtures {
        let outcome = xtask::checked::generate_checked(
            SpecSource::new(path.clone(), text),
            std::time::Duration::from_secs(60),
        );
        assert!(!outcome.is_bug(), "{path}: {outcome:?}");
    }
}
