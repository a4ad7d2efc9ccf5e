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
