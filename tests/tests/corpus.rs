//! The corpus of public OpenAPI descriptions (`tests/corpus/manifest.yaml`):
//! each generates, every diagnostic carries a line, and a summary of what it
//! became (types, operations, diagnostics) matches its snapshot.
//!
//! The quick suite runs by default; `FLOWSCRIBE_CORPUS=full` adds the large
//! specs (GitHub's REST description). `cargo xtask corpus` also `cargo
//! check`s the generated crates; CI runs both.

use flowscribe_codegen::generate;
use xtask::corpus::{Manifest, summary};

#[test]
fn corpus_specs_generate_and_match_their_summaries() {
    let root = flowscribe_tests::workspace_root();
    let manifest = Manifest::load(&root).expect("the corpus manifest loads");
    let full = Manifest::full_requested();
    let mut seen = 0;
    for spec in manifest.selected(full) {
        let source = manifest
            .source(&root, spec)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.name));
        let shown = source.path.clone();
        let result = generate(vec![source]);
        let outline = summary(spec, &shown, &result);
        let generated = result.unwrap_or_else(|d| panic!("{} does not generate:\n{d}", spec.name));
        for warning in generated.warnings.iter() {
            assert!(warning.line.is_some(), "{warning} has no line");
        }
        insta::assert_snapshot!(format!("corpus__{}", spec.name), outline);
        seen += 1;
    }
    assert!(seen >= 16, "only {seen} corpus specs ran");
}

/// Large JSON descriptions are read in pieces on several threads; each
/// must come out as the same document that reading it whole gives.
#[test]
fn corpus_json_descriptions_read_in_pieces_as_read_whole() {
    let root = flowscribe_tests::workspace_root();
    let manifest = Manifest::load(&root).expect("the corpus manifest loads");
    let mut compared = 0;
    for spec in manifest.selected(Manifest::full_requested()) {
        let source = manifest
            .source(&root, spec)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.name));
        if !source.path.ends_with(".json") {
            continue;
        }
        let whole = serde_json::from_str::<openapiv3::OpenAPI>(&source.text);
        let read = flowscribe_codegen::load::read_json(&source.text);
        match (whole, read) {
            (Ok(whole), Ok(read)) => {
                assert!(whole == read, "{}: the documents differ", spec.name);
                // The model's maps compare without their order, which
                // decides the order of the generated items.
                let text = |document: &openapiv3::OpenAPI| serde_json::to_string(document).ok();
                assert!(
                    text(&whole) == text(&read),
                    "{}: the documents' members come in another order",
                    spec.name
                );
            }
            (Err(whole), Err(read)) => {
                assert_eq!(whole.to_string(), read.to_string(), "{}", spec.name)
            }
            (whole, read) => panic!(
                "{}: whole {:?}, in pieces {:?}",
                spec.name,
                whole.err(),
                read.err()
            ),
        }
        compared += 1;
    }
    assert!(compared >= 3, "only {compared} JSON corpus specs");
}
