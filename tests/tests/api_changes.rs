//! The generator's report of API changes between two specs, on the fixture
//! pairs of `tests/fixtures/changes/` (one edit each), and on the stability
//! fixture, whose changes must all be additive.

use std::path::Path;

use flowscribe_codegen::surface::{Change, Impact, Surface, changes};
use flowscribe_codegen::{SpecSource, generate};
use flowscribe_tests::{files_in, workspace_root};

/// The surface of the crate generated from every spec of `dir`, each into
/// the module its file stem names.
fn surface_of(files: Vec<(String, String)>, module: Option<&str>) -> Surface {
    let sources = files
        .into_iter()
        .map(|(path, text)| {
            let mut source = SpecSource::new(path, text);
            source.module = module.map(str::to_owned);
            source
        })
        .collect();
    generate(sources).unwrap_or_else(|d| panic!("{d}")).surface
}

fn pair(dir: &Path) -> Vec<Change> {
    let read = |name: &str| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        vec![(path.display().to_string(), text)]
    };
    changes(
        &surface_of(read("before.yaml"), Some("records")),
        &surface_of(read("after.yaml"), Some("records")),
    )
}

fn report(changes: &[Change]) -> String {
    changes.iter().map(|c| format!("{c}\n")).collect()
}

#[test]
fn each_fixture_pair_reports_its_change() {
    let root = workspace_root().join("tests/fixtures/changes");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures/changes")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let found = pair(&dir);
        assert!(!found.is_empty(), "{name}: no change reported");
        insta::assert_snapshot!(format!("changes__{name}"), report(&found));
    }
}

#[test]
fn the_classification_of_each_fixture_pair() {
    let root = workspace_root().join("tests/fixtures/changes");
    let worst = |name: &str| pair(&root.join(name)).iter().map(|c| c.impact).min();
    assert_eq!(worst("field-added"), Some(Impact::Additive));
    assert_eq!(worst("enum-value-added"), Some(Impact::Additive));
    assert_eq!(worst("operation-deprecated"), Some(Impact::Additive));
    assert_eq!(worst("field-removed"), Some(Impact::Breaking));
    assert_eq!(worst("type-narrowed"), Some(Impact::Breaking));
    assert_eq!(worst("range-tightened"), Some(Impact::Behaviour));
}

#[test]
fn the_stability_fixture_only_adds() {
    let root = workspace_root().join("tests/fixtures/stability");
    let before = surface_of(files_in(&root.join("before"), &["yaml"]), None);
    let after = surface_of(files_in(&root.join("after"), &["yaml"]), None);
    let found = changes(&before, &after);
    insta::assert_snapshot!("changes__stability", report(&found));
    let breaking: Vec<&Change> = found
        .iter()
        .filter(|c| c.impact != Impact::Additive)
        .collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
    // Each addition the fixture makes is reported.
    let text = report(&found);
    for expected in [
        "LogRecord::dst_port: field `dst_port` added",
        "Action::Alert: variant added",
        "operation ShowLog: added",
        "error status 429 documented",
        "parameter dst_port: optional query parameter dst_port added",
        "alerts::(module): module added",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
}

#[test]
fn a_surface_round_trips_through_its_json() {
    let root = workspace_root().join("tests/fixtures/stability");
    let surface = surface_of(files_in(&root.join("after"), &["yaml"]), None);
    let text = serde_json::to_string_pretty(&surface).unwrap();
    let back: Surface = serde_json::from_str(&text).unwrap();
    assert_eq!(back, surface);
    assert!(changes(&surface, &back).is_empty());
}
