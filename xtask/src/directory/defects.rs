//! The list of directory descriptions that fail for a defect of their own
//! (`tests/corpus/directory-defects.yaml`), and the check that every failure
//! is on it, as it is written there, and that no entry is stale.

use std::collections::BTreeMap;
use std::path::Path;

/// Where the list lives, relative to the workspace root.
pub const DEFECTS: &str = "tests/corpus/directory-defects.yaml";

/// One description that fails for a defect of its own.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    /// Its path under the package's `api/` folder.
    pub file: String,
    /// Text of the generator's first error.
    pub error: String,
    /// What is wrong with the description.
    pub why: String,
}

/// Reads the list.
pub fn load(root: &Path) -> Result<Vec<Defect>, String> {
    let path = root.join(DEFECTS);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let defects: Vec<Defect> =
        serde_yaml::from_str(&text).map_err(|e| format!("{DEFECTS}: {e}"))?;
    for defect in &defects {
        if defect.why.trim().is_empty() {
            return Err(format!(
                "{DEFECTS}: the entry of {} does not say why it is a defect",
                defect.file
            ));
        }
    }
    Ok(defects)
}

/// The problems of a run against the list: a failure that is not listed or
/// fails otherwise than listed, and a listed description that generated or
/// is not in the directory. `failures` maps each failed description to its
/// first error; `generated` holds those that generated.
pub fn check(
    defects: &[Defect],
    failures: &BTreeMap<String, String>,
    generated: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let listed: BTreeMap<&str, &Defect> = defects.iter().map(|d| (d.file.as_str(), d)).collect();
    for (file, error) in failures {
        match listed.get(file.as_str()) {
            None => problems.push(format!(
                "{file} fails and is not on the list of defects ({DEFECTS}): {error}"
            )),
            Some(defect) if !error.contains(&defect.error) => problems.push(format!(
                "{file} fails otherwise than {DEFECTS} says: {error}"
            )),
            Some(_) => {}
        }
    }
    for defect in defects {
        if generated.contains(&defect.file) {
            problems.push(format!(
                "{} generates now: remove its entry from {DEFECTS}",
                defect.file
            ));
        } else if !failures.contains_key(&defect.file) {
            problems.push(format!(
                "{} is listed in {DEFECTS} but is not in the directory",
                defect.file
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_listed_as_it_is_and_no_entry_is_stale() {
        let defects = vec![
            Defect {
                file: "a.json".into(),
                error: "pattern".into(),
                why: "a number".into(),
            },
            Defect {
                file: "b.json".into(),
                error: "x".into(),
                why: "y".into(),
            },
        ];
        let failures: BTreeMap<String, String> = [
            ("a.json".to_owned(), "bad pattern here".to_owned()),
            ("c.json".to_owned(), "new failure".to_owned()),
        ]
        .into();
        let generated = ["b.json".to_owned()].into();
        let problems = check(&defects, &failures, &generated);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("c.json fails and is not on the list"));
        assert!(problems[1].starts_with("b.json generates now"));
        let failures: BTreeMap<String, String> = [("a.json".to_owned(), "other".to_owned())].into();
        let problems = check(&defects[..1], &failures, &Default::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("fails otherwise"));
    }

    #[test]
    fn the_committed_list_reads_and_says_why() {
        let root = crate::codegen::workspace_root();
        let defects = load(&root).expect("the list reads");
        assert!(defects.iter().all(|d| !d.error.is_empty()));
    }
}
