//! What a regeneration changed in the generated crate's public API: the
//! surface `codegen` writes beside the crate (`generated/api-surface.json`),
//! compared with a committed one, reported, added to the crate's changelog,
//! and held against the crate's version.

use std::fs;
use std::path::Path;
use std::process::Command;

use flowscribe_codegen::surface::{Change, Impact, Surface};

/// The surface file, relative to the generated crate.
pub const SURFACE_FILE: &str = "api-surface.json";

/// The changelog, relative to the generated crate.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The heading under which `codegen` adds changes.
const UNRELEASED: &str = "## Unreleased";

/// The surface as `codegen` writes it: pretty JSON, one trailing newline.
pub fn surface_text(surface: &Surface) -> Result<String, String> {
    serde_json::to_string_pretty(surface)
        .map(|text| text + "\n")
        .map_err(|e| format!("cannot encode the API surface: {e}"))
}

/// The `version` of the crate whose `Cargo.toml` is in `crate_dir`.
pub fn crate_version(crate_dir: &Path) -> Result<String, String> {
    let path = crate_dir.join("Cargo.toml");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .take_while(|line| !line.starts_with('[') || line.trim() == "[package]")
        .find_map(|line| {
            let value = line
                .trim()
                .strip_prefix("version")?
                .trim()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
        .ok_or_else(|| format!("{} has no package version", path.display()))
}

/// The surface committed at git revision `rev` (as `generated/api-surface.json`),
/// or `None` with the reason when there is none to compare with.
pub fn committed_surface(root: &Path, rev: &str) -> Result<Surface, String> {
    let object = format!("{rev}:generated/{SURFACE_FILE}");
    let output = Command::new("git")
        .args(["show", &object])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "no `generated/{SURFACE_FILE}` at `{rev}`: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`generated/{SURFACE_FILE}` at `{rev}` does not decode: {e}"))
}

/// The report of `changes`, one line each, under a line that counts them.
pub fn report(changes: &[Change], since: &str) -> String {
    if changes.is_empty() {
        return format!("API changes since {since}: none\n");
    }
    let count = |impact| changes.iter().filter(|c| c.impact == impact).count();
    let mut text = format!(
        "API changes since {since}: {} breaking, {} breaking in behaviour, {} additive\n",
        count(Impact::Breaking),
        count(Impact::Behaviour),
        count(Impact::Additive)
    );
    for change in changes {
        text.push_str(&format!("  {change}\n"));
    }
    text
}

/// Adds each change not yet listed under the changelog's "Unreleased"
/// heading (creating the file or the heading as needed). Returns how many
/// lines were added.
pub fn update_changelog(path: &Path, changes: &[Change]) -> Result<usize, String> {
    let mut text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::from(
            "# Changelog of flowscribe-sdk\n\n\
             `cargo xtask codegen` adds every change of the public API under \"Unreleased\";\n\
             a release renames that heading to the version.\n",
        ),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let start = match text.find(UNRELEASED) {
        Some(start) => start,
        None => {
            let after_intro = match text.find("\n## ") {
                Some(i) => i + 1,
                None => {
                    if !text.ends_with("\n\n") {
                        text.push('\n');
                    }
                    text.len()
                }
            };
            text.insert_str(after_intro, &format!("{UNRELEASED}\n\n"));
            after_intro
        }
    };
    let body_start = start + UNRELEASED.len();
    let section_end = text[body_start..]
        .find("\n## ")
        .map_or(text.len(), |i| body_start + i + 1);
    let section = &text[body_start..section_end];
    let new: Vec<String> = changes
        .iter()
        .map(|change| format!("- {change}"))
        .filter(|line| !section.lines().any(|existing| existing == line))
        .collect();
    if new.is_empty() {
        return Ok(0);
    }
    let mut insert = String::new();
    let trimmed = section.trim_end();
    insert.push_str(trimmed);
    insert.push_str(if trimmed.is_empty() { "\n\n" } else { "\n" });
    for line in &new {
        insert.push_str(line);
        insert.push('\n');
    }
    if section_end < text.len() {
        insert.push('\n');
    }
    text.replace_range(body_start..section_end, &insert);
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(new.len())
}

/// Fails when `changes` hold a breaking change (in API or behaviour) and
/// `version` is not a semver-major step from `base` (for `0.y.z`, a step of
/// `y`).
pub fn check_version_bump(changes: &[Change], base: &str, version: &str) -> Result<(), String> {
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.impact != Impact::Additive)
        .collect();
    if breaking.is_empty() {
        return Ok(());
    }
    let parse = |text: &str| -> Option<(u64, u64)> {
        let mut parts = text.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some((major, minor))
    };
    let (Some(old), Some(new)) = (parse(base), parse(version)) else {
        return Err(format!("cannot compare versions `{base}` and `{version}`"));
    };
    let bumped = if old.0 == 0 {
        new.0 > 0 || new.1 > old.1
    } else {
        new.0 > old.0
    };
    if bumped {
        return Ok(());
    }
    let mut message = format!(
        "{} breaking change(s), but flowscribe-sdk's version {version} is not a breaking step from {base}; bump it in generated/Cargo.toml:\n",
        breaking.len()
    );
    for change in breaking {
        message.push_str(&format!("  {change}\n"));
    }
    Err(message.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: Impact, what: &str) -> Change {
        Change {
            impact,
            module: "m".to_owned(),
            item: "T".to_owned(),
            what: what.to_owned(),
        }
    }

    #[test]
    fn breaking_changes_need_a_breaking_version_step() {
        let breaking = [change(Impact::Breaking, "field removed")];
        assert!(check_version_bump(&breaking, "0.1.0", "0.1.3").is_err());
        assert!(check_version_bump(&breaking, "0.1.0", "0.2.0").is_ok());
        assert!(check_version_bump(&breaking, "1.4.0", "1.5.0").is_err());
        assert!(check_version_bump(&breaking, "1.4.0", "2.0.0").is_ok());
        let behaviour = [change(Impact::Behaviour, "minimum tightened")];
        assert!(check_version_bump(&behaviour, "0.1.0", "0.1.0").is_err());
        let additive = [change(Impact::Additive, "field added")];
        assert!(check_version_bump(&additive, "0.1.0", "0.1.0").is_ok());
    }

    #[test]
    fn the_changelog_gains_each_change_once_under_unreleased() {
        let dir = std::env::temp_dir().join(format!("flowscribe-changelog-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(CHANGELOG_FILE);
        fs::write(&path, "# Changelog\n\nIntro.\n\n## 0.1.0\n\n- first\n").unwrap();
        let first = [change(Impact::Additive, "field added")];
        assert_eq!(update_changelog(&path, &first).unwrap(), 1);
        assert_eq!(update_changelog(&path, &first).unwrap(), 0);
        let second = [
            change(Impact::Additive, "field added"),
            change(Impact::Breaking, "field removed"),
        ];
        assert_eq!(update_changelog(&path, &second).unwrap(), 1);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "# Changelog\n\nIntro.\n\n## Unreleased\n\n\
             - additive: m::T: field added\n\
             - breaking: m::T: field removed\n\n\
             ## 0.1.0\n\n- first\n"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
