//! The three renderings of a vendor's table, each read into [`Row`]s: pipe
//! rows (`a | b | c |`), reStructuredText grid and simple tables, and the
//! help center's one cell per line.

use super::page::{Row, heading, is_type};

pub(super) fn first_cell(line: &str) -> &str {
    line.trim()
        .trim_start_matches('|')
        .split('|')
        .next()
        .unwrap_or("")
        .trim()
}

/// The cells of a pipe row.
fn pipe_cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// A table of `a | b | c |` rows from its header at `start`; a line without
/// enough cells continues the last row's description.
pub(super) fn pipe_table(lines: &[&str], start: usize) -> Option<(Vec<Row>, usize)> {
    let columns = pipe_cells(lines[start]);
    let mut rows: Vec<Row> = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if line.starts_with("---") {
            i += 1;
            continue;
        }
        let plain = line.trim_end_matches('¶');
        if heading(plain).is_some()
            || plain.starts_with("Status code:")
            || (line.contains('|') && first_cell(line) == columns[0] && i > start)
        {
            break;
        }
        let cells = pipe_cells(line);
        if line.contains('|') && cells.len() + 1 >= columns.len() {
            rows.push(row_from_cells(&columns, &cells, i + 1));
        } else if let Some(last) = rows.last_mut() {
            let text = line.trim_end_matches('|').trim();
            if !text.is_empty() {
                last.text = format!("{} {text}", last.text).trim().to_owned();
            }
        } else {
            break;
        }
        i += 1;
    }
    Some((rows, i))
}

/// A reStructuredText grid table (`+---+` borders, `| a | b |` cell lines)
/// starting at its top border.
pub(super) fn grid_table(lines: &[&str], start: usize) -> Option<(Vec<Row>, usize)> {
    let mut columns: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    let mut current_line = 0;
    let mut i = start;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.starts_with('+') {
            if !current.is_empty() {
                let cells: Vec<String> =
                    current.iter().map(|parts| join_paragraphs(parts)).collect();
                match &columns {
                    None => columns = Some(cells),
                    Some(columns) => rows.push(row_from_cells(columns, &cells, current_line)),
                }
                current.clear();
            }
            i += 1;
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells = pipe_cells(line);
        if current.is_empty() {
            current_line = i + 1;
            current = vec![Vec::new(); cells.len()];
        }
        for (slot, cell) in current.iter_mut().zip(cells) {
            slot.push(cell);
        }
        i += 1;
    }
    columns.map(|_| (rows, i))
}

/// A reStructuredText simple table (`====` rules; columns by position),
/// starting at its top rule.
pub(super) fn simple_table(lines: &[&str], start: usize) -> Option<(Vec<Row>, usize)> {
    let rule = lines[start];
    let mut spans = Vec::new();
    let mut begin = None;
    for (index, c) in rule.char_indices() {
        match (c, begin) {
            ('=', None) => begin = Some(index),
            (' ', Some(from)) => {
                spans.push(from);
                begin = None;
            }
            _ => {}
        }
    }
    if let Some(from) = begin {
        spans.push(from);
    }
    let cut = |line: &str| -> Vec<String> {
        spans
            .iter()
            .enumerate()
            .map(|(n, &from)| {
                let to = if n + 1 < spans.len() {
                    spans[n + 1]
                } else {
                    line.len()
                };
                line.get(from.min(line.len())..to.min(line.len()).max(from.min(line.len())))
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            })
            .collect()
    };
    // Rows whose text lost its alignment (single spaces between cells) are
    // split at whitespace instead: every column but the last is one word.
    let aligned = |line: &str| {
        spans[1..]
            .iter()
            .all(|&s| line.as_bytes().get(s.saturating_sub(1)) == Some(&b' '))
    };
    let cut = |line: &str| -> Vec<String> {
        if aligned(line) {
            return cut(line);
        }
        let mut words = line.split_whitespace();
        let mut cells: Vec<String> = (1..spans.len())
            .map(|_| words.next().unwrap_or("").to_owned())
            .collect();
        cells.push(words.collect::<Vec<_>>().join(" "));
        cells
    };
    let header = lines.get(start + 1)?;
    let columns = cut(header);
    let mut rows = Vec::new();
    let mut i = start + 3;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().starts_with("==") {
            i += 1;
            break;
        }
        rows.push(row_from_cells(&columns, &cut(line), i + 1));
        i += 1;
    }
    Some((rows, i))
}

/// The help center's table: one cell per line, blank lines between; each
/// description a run of "Definition", "Constraints", "Range" and "Default
/// Value" paragraphs.
pub(super) fn help_center_table(lines: &[&str], start: usize) -> Option<(Vec<Row>, usize)> {
    let cells: Vec<(usize, &str)> = lines[start..]
        .iter()
        .enumerate()
        .map(|(n, l)| (start + n + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut columns = Vec::new();
    let mut k = 0;
    while k < cells.len() && ["Parameter", "Mandatory", "Type", "Description"].contains(&cells[k].1)
    {
        columns.push(cells[k].1.to_owned());
        k += 1;
    }
    let mandatory = columns.iter().any(|c| c == "Mandatory");
    const KEYS: [&str; 4] = ["Definition", "Constraints", "Range", "Default Value"];
    let mut rows = Vec::new();
    let starts_row = |k: usize| -> bool {
        let Some(&(_, name)) = cells.get(k) else {
            return false;
        };
        if KEYS.contains(&name) || name.contains(' ') {
            return false;
        }
        match cells.get(k + 1) {
            Some(&(_, next)) if mandatory => next == "Yes" || next == "No",
            Some(&(_, next)) => is_type(next),
            None => false,
        }
    };
    let mut end_line = cells.get(k).map_or(lines.len(), |c| c.0 - 1);
    while starts_row(k) {
        let (line, name) = cells[k];
        let mut row = Row {
            name: name.to_owned(),
            line,
            ..Row::default()
        };
        k += 1;
        if mandatory {
            row.required = Some(cells[k].1 == "Yes");
            k += 1;
        }
        row.ty = cells.get(k).map(|c| c.1.to_owned()).unwrap_or_default();
        k += 1;
        let mut key = "Definition";
        let mut parts: Vec<(&str, String)> = Vec::new();
        while k < cells.len() && !starts_row(k) {
            let text = cells[k].1;
            if text.starts_with("Table ")
                || heading(text).is_some()
                || text.starts_with("Status code:")
            {
                break;
            }
            if KEYS.contains(&text) {
                key = text;
            } else {
                parts.push((key, text.to_owned()));
            }
            end_line = cells[k].0;
            k += 1;
        }
        let joined = |wanted: &str| -> Option<String> {
            let texts: Vec<&str> = parts
                .iter()
                .filter(|(key, _)| *key == wanted)
                .map(|(_, text)| text.as_str())
                .collect();
            (!texts.is_empty()).then(|| texts.join(" "))
        };
        row.text = joined("Definition").unwrap_or_default();
        row.range = joined("Range").filter(|r| r != "N/A");
        row.default = joined("Default Value").filter(|d| d != "N/A");
        if let Some(constraints) = joined("Constraints").filter(|c| c != "N/A") {
            row.text = format!("{} {constraints}", row.text).trim().to_owned();
        }
        rows.push(row);
        if k < cells.len() && (cells[k].1.starts_with("Table ") || heading(cells[k].1).is_some()) {
            return Some((rows, cells[k].0 - 1));
        }
    }
    Some((rows, end_line))
}

/// Paragraphs of a grid cell: lines joined by spaces, list markers kept.
fn join_paragraphs(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn row_from_cells(columns: &[String], cells: &[String], line: usize) -> Row {
    let mut row = Row {
        line,
        ..Row::default()
    };
    for (column, cell) in columns.iter().zip(cells) {
        let cell = cell.trim().to_owned();
        match column.to_ascii_lowercase().as_str() {
            "parameter" | "status code" | "httpcode" => row.name = cell,
            "mandatory" | "required" => row.required = Some(cell.eq_ignore_ascii_case("yes")),
            "type" => row.ty = clean_type(&cell),
            "example" => row.example = (!cell.is_empty()).then_some(cell),
            "description" | "error code" if row.text.is_empty() => row.text = cell,
            _ => {}
        }
    }
    row
}

/// `Array of :ref:`records ` objects` as `Array of records objects`.
fn clean_type(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(":ref:`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let end = after.find('`').unwrap_or(after.len());
        out.push_str(after[..end].trim());
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
