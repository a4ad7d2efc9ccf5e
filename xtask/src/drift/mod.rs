//! `cargo xtask drift <page.txt> <spec> [--operation ID]`: every difference
//! between a vendor page (as text, in the renderings of `../shared/seeds/`)
//! and the spec operation transcribed from it. Differences the spec already
//! records where they occur (`x-doc-discrepancy`, `x-vendor-sdk-fact`) are
//! listed as known; any other is drift, and fails the command.

mod compare;
mod facts;
mod page;
mod responses;
mod tables;

use std::path::Path;

use serde_yaml::Value;

pub use compare::Finding;

/// The findings for the page `page_text` (its file name is `page_file`)
/// against the spec `spec_text`: the operation named `operation`, or the one
/// whose `x-source-page.file` is the page's file, or whose method and path
/// are the page's URI.
pub fn drift(
    page_file: &str,
    page_text: &str,
    spec_text: &str,
    operation: Option<&str>,
) -> Result<Vec<Finding>, String> {
    let doc: Value =
        serde_yaml::from_str(spec_text).map_err(|e| format!("the spec is not YAML: {e}"))?;
    let page = page::read(page_text);
    let found = find_operation(&doc, &page, page_file, operation)?;
    Ok(compare::compare(
        &page,
        &compare::SpecOperation {
            doc: &doc,
            operation: found,
        },
    ))
}

fn find_operation<'a>(
    doc: &'a Value,
    page: &page::Page,
    page_file: &str,
    wanted: Option<&str>,
) -> Result<&'a Value, String> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or("the spec has no paths")?;
    let mut by_file = None;
    let mut by_uri = None;
    for (path, item) in paths {
        let Some(methods) = item.as_mapping() else {
            continue;
        };
        for (method, operation) in methods {
            let id = operation.get("operationId").and_then(Value::as_str);
            if let Some(wanted) = wanted {
                if id == Some(wanted) {
                    return Ok(operation);
                }
                continue;
            }
            let file = operation
                .get("x-source-page")
                .and_then(|s| s.get("file"))
                .and_then(Value::as_str);
            if file == Some(page_file) {
                by_file = Some(operation);
            }
            if let (Some((page_method, page_path, _)), Some(method), Some(path)) =
                (&page.uri, method.as_str(), path.as_str())
                && page_method.eq_ignore_ascii_case(method)
                && page_path == path
            {
                by_uri = Some(operation);
            }
        }
    }
    if let Some(wanted) = wanted {
        return Err(format!("the spec has no operation `{wanted}`"));
    }
    by_file.or(by_uri).ok_or_else(|| {
        format!(
            "no operation of the spec names `{page_file}` in `x-source-page` or has the page's URI; name one with --operation"
        )
    })
}

/// The findings as a report: drift first, then the known differences.
pub fn report(findings: &[Finding]) -> String {
    let drift = findings.iter().filter(|f| !f.known).count();
    let mut out = format!(
        "{drift} difference(s) not recorded in the spec (drift), {} recorded (known)\n",
        findings.len() - drift
    );
    for finding in findings {
        let line = finding
            .line
            .map_or_else(|| "page: -".to_owned(), |l| format!("page line {l}"));
        out.push_str(&format!(
            "  {} {line}: {}: {}\n",
            if finding.known { "known" } else { "DRIFT" },
            finding.place,
            finding.what
        ));
    }
    out
}

/// `drift --all`: every operation of every spec in `specs/` that names its
/// page (`x-source-page.file`), against that page in `seeds` (the
/// `shared/seeds/` folder beside the checkout).
pub fn run_all(root: &Path, seeds: &Path) -> Result<(), String> {
    let mut drifting = Vec::new();
    let mut checked = 0;
    for source in crate::codegen::read_specs(root)? {
        let doc: Value = serde_yaml::from_str(&source.text)
            .map_err(|e| format!("{}: not YAML: {e}", source.path))?;
        let operations = doc
            .get("paths")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(Value::as_mapping)
            .flat_map(|methods| methods.values());
        for operation in operations {
            let (Some(id), Some(file)) = (
                operation.get("operationId").and_then(Value::as_str),
                operation
                    .get("x-source-page")
                    .and_then(|p| p.get("file"))
                    .and_then(Value::as_str),
            ) else {
                continue;
            };
            let page_path = seeds.join(file);
            let page_text = std::fs::read_to_string(&page_path)
                .map_err(|e| format!("{}: {e}", page_path.display()))?;
            let findings = drift(file, &page_text, &source.text, Some(id))?;
            println!(
                "{file} against {} ({id}): {}",
                source.path,
                report(&findings).trim_end()
            );
            checked += 1;
            if findings.iter().any(|f| !f.known) {
                drifting.push(format!("{file} ({id})"));
            }
        }
    }
    if checked == 0 {
        return Err("no operation of specs/ names its page in `x-source-page.file`".to_owned());
    }
    if drifting.is_empty() {
        Ok(())
    } else {
        Err(format!("drift from the page: {}", drifting.join(", ")))
    }
}

/// Runs the command.
pub fn run(page_path: &Path, spec_path: &Path, operation: Option<&str>) -> Result<(), String> {
    let page_text = std::fs::read_to_string(page_path)
        .map_err(|e| format!("cannot read {}: {e}", page_path.display()))?;
    let spec_text = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let file = page_path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let findings = drift(&file, &page_text, &spec_text, operation)?;
    print!("{}", report(&findings));
    if findings.iter().any(|f| !f.known) {
        Err(format!(
            "{} differs from {}: edit the spec (or record the difference where it occurs)",
            page_path.display(),
            spec_path.display()
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
