//! The `Cargo.toml`s the generator writes: the crate's, and those of the
//! parts a large API is split into (see [`crate::emit::parts`]), whose
//! features the crate's turn on.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{CrateOptions, MANIFEST_HEADER, RuntimeDependency};
use crate::Generated;
use crate::emit::features::UNREFERENCED_TYPES;
use crate::emit::parts::Part;

/// The `Cargo.toml` of the crate generated as `generated`.
pub fn cargo_toml(generated: &Generated, options: &CrateOptions) -> String {
    let mut out = format!(
        "{MANIFEST_HEADER}\n[package]\nname = {:?}\nversion = {:?}\nedition = \"2024\"\n\n\
         [dependencies]\n{}",
        options.name,
        options.version,
        common_dependencies(&options.runtime, Path::new("")),
    );
    for parts in generated.parts.values() {
        for part in parts.all() {
            let optional = if part == &parts.shared {
                ""
            } else {
                ", optional = true"
            };
            let _ = writeln!(out, "{}{optional} }}", dependency(options, part, "parts"));
        }
    }
    out.push_str("\n[features]\n");
    let forwards = forwarded_features(generated);
    let forwarded = |feature: &str| -> String {
        let list = forwards.get(feature).map(Vec::as_slice).unwrap_or_default();
        let quoted: Vec<String> = list.iter().map(|f| format!("{f:?}")).collect();
        format!("{feature} = [{}]", quoted.join(", "))
    };
    let mut default = vec!["serialize".to_owned()];
    default.extend(generated.features.iter().cloned());
    let quoted: Vec<String> = default.iter().map(|f| format!("{f:?}")).collect();
    let _ = writeln!(out, "default = [{}]", quoted.join(", "));
    out.push_str(
        "# `Serialize` for the types only responses use (records written back out as JSON).\n",
    );
    let _ = writeln!(out, "{}", forwarded("serialize"));
    if !generated.features.is_empty() {
        out.push_str(
            "# One feature per group of operations: a user of one group compiles one group.\n",
        );
        for feature in &generated.features {
            let _ = writeln!(out, "{}", forwarded(feature));
        }
    }
    for feature in &generated.optional_features {
        if feature == UNREFERENCED_TYPES {
            out.push_str(
                "# The types no operation uses (webhook payloads, say), off by default: turn this on to use them.\n",
            );
        } else {
            out.push_str("# Off by default.\n");
        }
        let _ = writeln!(out, "{}", forwarded(feature));
    }
    if !generated.optional_features.is_empty() {
        out.push_str("\n# docs.rs documents every type, whatever the default features.\n[package.metadata.docs.rs]\nall-features = true\n");
    }
    out
}

/// The `Cargo.toml` of every part, by its path relative to the crate's
/// directory (`parts/github_shared/Cargo.toml`).
pub fn part_manifests(generated: &Generated, options: &CrateOptions) -> BTreeMap<String, String> {
    let mut manifests = BTreeMap::new();
    for parts in generated.parts.values() {
        let groups: Vec<&String> = parts.groups.iter().flat_map(|p| &p.groups).collect();
        for part in parts.all() {
            let mut out = format!(
                "{MANIFEST_HEADER}\n[package]\nname = {:?}\nversion = {:?}\nedition = \"2024\"\n\
                 description = {:?}\n\n[dependencies]\n{}",
                package_name(options, part),
                options.version,
                format!(
                    "A part of the crate `{}`, which re-exports it: depend on that crate.",
                    options.name
                ),
                common_dependencies(&options.runtime, Path::new("../..")),
            );
            let shared = part == &parts.shared;
            if !shared {
                let _ = writeln!(out, "{} }}", dependency(options, &parts.shared, ".."));
            }
            out.push_str(
                "\n[features]\n# Turned on by the features of the same names of the crate that re-exports this one.\nserialize = []\n",
            );
            let own: Vec<&String> = if shared {
                groups.clone()
            } else {
                part.groups.iter().collect()
            };
            for group in own {
                let _ = writeln!(out, "{group} = []");
            }
            if shared {
                let _ = writeln!(out, "{UNREFERENCED_TYPES} = []");
            }
            manifests.insert(format!("{}/Cargo.toml", part.dir()), out);
        }
    }
    manifests
}

/// A part's package name: the crate's, then the part's key.
fn package_name(options: &CrateOptions, part: &Part) -> String {
    format!("{}-{}", options.name, part.key.replace('_', "-"))
}

/// The dependency on `part` from a manifest whose parts are under `parts`,
/// without its closing brace: the part's exact version, so that the parts
/// published with a crate are the ones it was generated with.
fn dependency(options: &CrateOptions, part: &Part, parts: &str) -> String {
    format!(
        "{} = {{ package = {:?}, version = \"={}\", path = \"{parts}/{}\"",
        part.key,
        package_name(options, part),
        options.version,
        part.key
    )
}

/// The runtime, serde and serde_json, as a manifest `up` directories below
/// the crate's gets them (a relative runtime path is the crate's).
fn common_dependencies(runtime: &RuntimeDependency, up: &Path) -> String {
    let runtime = match runtime {
        RuntimeDependency::Path(path) => {
            let path = if path.is_relative() {
                up.join(path)
            } else {
                path.clone()
            };
            format!("{{ path = {:?} }}", path.display().to_string())
        }
        RuntimeDependency::Version(version) => format!("{version:?}"),
    };
    format!(
        "flowscribe-runtime = {runtime}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n"
    )
}

/// What each of the crate's features turns on in its parts: a group's
/// feature its part and the shared part's feature of the same name,
/// `serialize` every part's, `unreferenced-types` the shared parts'.
fn forwarded_features(generated: &Generated) -> BTreeMap<String, Vec<String>> {
    let mut forwards: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |feature: &str, entry: String| {
        forwards.entry(feature.to_owned()).or_default().push(entry);
    };
    for parts in generated.parts.values() {
        let shared = &parts.shared.key;
        add("serialize", format!("{shared}/serialize"));
        add(UNREFERENCED_TYPES, format!("{shared}/{UNREFERENCED_TYPES}"));
        for part in &parts.groups {
            let key = &part.key;
            add("serialize", format!("{key}?/serialize"));
            for group in &part.groups {
                add(group, format!("dep:{key}"));
                add(group, format!("{key}/{group}"));
                add(group, format!("{shared}/{group}"));
            }
        }
    }
    forwards
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;
    use crate::{Layout, SpecSource, generate_with_layout};

    /// A spec past the feature threshold: 210 operations tagged `alpha` and
    /// `beta`, each group with a type of its own.
    fn large_spec() -> String {
        let mut spec = "openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths:\n".to_owned();
        for i in 0..210 {
            let (tag, schema) = if i % 2 == 0 {
                ("alpha", "A")
            } else {
                ("beta", "B")
            };
            spec.push_str(&format!(
                "  /r{i}:\n    get:\n      operationId: op{i}\n      tags: [{tag}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{schema}'}}\n"
            ));
        }
        spec.push_str("components:\n  schemas:\n    A: {type: object, properties: {x: {type: string}}}\n    B: {type: object, properties: {y: {type: string}}}\n");
        spec
    }

    fn options() -> CrateOptions {
        CrateOptions {
            name: "big".to_owned(),
            version: "0.1.0".to_owned(),
            runtime: RuntimeDependency::Path(PathBuf::from("../runtime")),
        }
    }

    #[test]
    fn the_crate_turns_on_its_parts_through_its_features() {
        let spec = large_spec();
        let generated =
            generate_with_layout(vec![SpecSource::new("big.yaml", spec)], Layout::Parts).unwrap();
        let manifest = cargo_toml(&generated, &options());
        let lines: Vec<&str> = manifest.lines().collect();
        for line in [
            r#"big_shared = { package = "big-big-shared", version = "=0.1.0", path = "parts/big_shared" }"#,
            r#"big_part_1 = { package = "big-big-part-1", version = "=0.1.0", path = "parts/big_part_1", optional = true }"#,
            r#"alpha = ["dep:big_part_1", "big_part_1/alpha", "big_shared/alpha"]"#,
            r#"serialize = ["big_shared/serialize", "big_part_1?/serialize"]"#,
            r#"default = ["serialize", "alpha", "beta"]"#,
        ] {
            assert!(lines.contains(&line), "{line}\n{manifest}");
        }
        let parts = part_manifests(&generated, &options());
        let part = &parts["parts/big_part_1/Cargo.toml"];
        let shared = &parts["parts/big_shared/Cargo.toml"];
        for (text, line) in [
            (part, r#"name = "big-big-part-1""#),
            (
                part,
                r#"big_shared = { package = "big-big-shared", version = "=0.1.0", path = "../big_shared" }"#,
            ),
            // A relative runtime path is the crate's.
            (
                part,
                r#"flowscribe-runtime = { path = "../../../runtime" }"#,
            ),
            (part, "alpha = []"),
            (part, "serialize = []"),
            (shared, "beta = []"),
            (shared, "unreferenced-types = []"),
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        }
        assert!(!shared.contains("big_part_1"), "{shared}");
        // Two types are one file, in the shared part, each under its group.
        let types = &generated.files["parts/big_shared/src/types.rs"];
        assert!(
            types.contains("#[cfg(feature = \"alpha\")]\n/// The `A` schema.\n#[derive(Debug, Clone, PartialEq, Default)]\n#[non_exhaustive]\npub struct A {"),
            "{types}"
        );
        assert!(
            generated.files["parts/big_part_1/src/requests/alpha.rs"]
                .contains("pub struct Op0Request")
        );
    }

    #[test]
    fn a_group_of_two_large_apis_turns_on_the_parts_of_both() {
        let spec = large_spec();
        let sources = vec![
            SpecSource::new("big.yaml", spec.clone()),
            SpecSource::new("other.yaml", spec),
        ];
        let generated = generate_with_layout(sources, Layout::Parts).unwrap();
        let manifest = cargo_toml(&generated, &options());
        let alpha = r#"alpha = ["dep:big_part_1", "big_part_1/alpha", "big_shared/alpha", "dep:other_part_1", "other_part_1/alpha", "other_shared/alpha"]"#;
        assert!(manifest.lines().any(|l| l == alpha), "{manifest}");
        let parts = part_manifests(&generated, &options());
        assert_eq!(parts.len(), 4, "{:?}", parts.keys());
    }

    #[test]
    fn one_file_for_a_build_script_holds_a_large_api_whole() {
        let spec = large_spec();
        let split = generate_with_layout(
            vec![SpecSource::new("big.yaml", spec.clone())],
            Layout::Parts,
        )
        .unwrap();
        let error = super::super::single_file(&split).unwrap_err();
        assert!(
            error.contains("`big`") && error.contains("OneCrate"),
            "{error}"
        );
        let whole = generate_with_layout(vec![SpecSource::new("big.yaml", spec)], Layout::OneCrate)
            .unwrap();
        let file = super::super::single_file(&whole).unwrap();
        assert!(file.contains("pub struct Op0Request"));
        assert!(!file.contains("big_shared"));
    }

    #[test]
    fn parts_a_generation_no_longer_has_are_removed() {
        let dir = std::env::temp_dir().join(format!("flowscribe-parts-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let spec = large_spec();
        let split = generate_with_layout(
            vec![SpecSource::new("big.yaml", spec.clone())],
            Layout::Parts,
        )
        .unwrap();
        super::super::write_crate(&split, &dir, &options()).unwrap();
        assert!(dir.join("parts/big_part_1/Cargo.toml").is_file());
        assert!(dir.join("parts/big_shared/src/lib.rs").is_file());
        let whole = generate_with_layout(vec![SpecSource::new("big.yaml", spec)], Layout::OneCrate)
            .unwrap();
        assert!(whole.parts.is_empty());
        let written = super::super::write_crate(&whole, &dir, &options()).unwrap();
        assert!(!dir.join("parts").exists(), "parts/ is left");
        let part_files = split
            .files
            .keys()
            .filter(|p| p.starts_with("parts/"))
            .count();
        // Their sources, and the two manifests.
        assert_eq!(written.removed, part_files + 2);
        assert!(!cargo_toml(&whole, &options()).contains("big_shared"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
