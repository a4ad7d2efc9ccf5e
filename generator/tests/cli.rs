//! `flowscribe generate`, run as a user runs it: a complete crate from the
//! Petstore, and the API changes of a second run.

use std::path::{Path, PathBuf};
use std::process::Command;

fn petstore() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/petstore/petstore.yaml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn flowscribe(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_flowscribe"))
        .args(args)
        .output()
        .expect("the flowscribe binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn generate_writes_a_complete_crate_and_reports_changes_on_the_next_run() {
    let dir = scratch("cli-petstore");
    let out = dir.join("petstore-client");
    let spec = dir.join("petstore.yaml");
    std::fs::copy(petstore(), &spec).expect("copied");
    let (ok, stderr) = flowscribe(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--runtime-version",
        "0.2",
    ]);
    assert!(ok, "{stderr}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"petstore\""), "{manifest}");
    assert!(
        manifest.contains("flowscribe-runtime = \"0.2\""),
        "{manifest}"
    );
    for file in [
        "src/lib.rs",
        "src/petstore/mod.rs",
        "src/petstore/types.rs",
        "src/petstore/client.rs",
        "api-surface.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // A second run after the spec gained a field reports it.
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "        tag: {type: string, description: A free-form tag.}\n        status:",
        "        tag: {type: string, description: A free-form tag.}\n        color: {type: string}\n        status:",
    );
    std::fs::write(&spec, text).unwrap();
    let (ok, stderr) = flowscribe(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("additive: petstore::Pet::color: field `color` added (`Option<String>`)"),
        "{stderr}"
    );
}

#[test]
fn a_users_own_manifest_is_left_alone_and_bad_input_is_named() {
    let dir = scratch("cli-own-manifest");
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let (ok, stderr) = flowscribe(&[
        "generate",
        petstore().to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("left alone"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );

    let (ok, stderr) = flowscribe(&["generate", "--out", dir.to_str().unwrap()]);
    assert!(!ok && stderr.contains("no spec given"), "{stderr}");
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n").unwrap();
    let (ok, stderr) = flowscribe(&[
        "generate",
        broken.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("broken.yaml:7: error"), "{stderr}");
}

#[test]
fn the_single_file_form_is_one_module_tree() {
    let text = std::fs::read_to_string(petstore()).unwrap();
    let generated = flowscribe_codegen::generate(vec![flowscribe_codegen::SpecSource::new(
        "petstore.yaml",
        text,
    )])
    .expect("generates");
    let single = flowscribe_codegen::package::single_file(&generated).expect("flattens");
    let file = syn::parse_file(&single).expect("valid Rust");
    assert!(file.attrs.is_empty(), "no inner attributes for include!");
    let syn::Item::Mod(module) = &file.items[0] else {
        panic!("the first item is the API's module");
    };
    assert_eq!(module.ident, "petstore");
    let inner: Vec<String> = module
        .content
        .as_ref()
        .expect("inline")
        .1
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(inner, ["client", "requests", "types"]);
}
