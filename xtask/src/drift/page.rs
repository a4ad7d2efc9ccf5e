//! A vendor page as text, read into its parts: the URI, the parameter
//! tables, the response tables (as a tree of fields), the example requests
//! and responses, and the status codes. Three renderings of the same kind of
//! table occur (pipe rows, reStructuredText grid and simple tables, and the
//! help center's one cell per line); each is read into the same [`Table`].

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

impl Location {
    /// The name OpenAPI gives the location.
    pub fn openapi(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// One row of a table: a parameter or a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The name in the first column.
    pub name: String,
    /// The "Mandatory"/"Required" column, when the table has one.
    pub required: Option<bool>,
    /// The type column, as printed.
    pub ty: String,
    /// The example column (Alibaba's tables).
    pub example: Option<String>,
    /// The description, its paragraphs joined by spaces.
    pub text: String,
    /// The help center's "Range" paragraph.
    pub range: Option<String>,
    /// The help center's "Default Value" paragraph.
    pub default: Option<String>,
    /// The 1-based page line the row starts on.
    pub line: usize,
}

/// A table, with what precedes it.
#[derive(Debug, Clone, Default)]
struct Table {
    /// The caption ("Path Parameters", "data"), or empty.
    caption: String,
    /// The section it is in ("uri", "request", "response", ...).
    section: String,
    /// The status code the section is about, in responses.
    status: Option<String>,
    /// Its rows.
    rows: Vec<Row>,
}

/// A response field and the fields of its object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The row that documents it.
    pub row: Row,
    /// The fields of its object (or of the objects of its array).
    pub children: Vec<Field>,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The row that documents it.
    pub row: Row,
    /// Where it goes.
    pub location: Location,
}

/// Everything the drift check reads from a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The method and path of the URI section, with its line.
    pub uri: Option<(String, String, usize)>,
    /// The request parameters.
    pub params: Vec<Param>,
    /// The documented body fields of each response status.
    pub responses: Vec<(String, Vec<Field>)>,
    /// The example request URLs, with their lines.
    pub example_urls: Vec<(String, usize)>,
    /// The example response bodies by status, as JSON text, with their lines.
    pub example_bodies: Vec<(String, String, usize)>,
    /// The status codes the page lists (the status code table, the error
    /// code table), with their lines.
    pub statuses: Vec<(String, usize)>,
}

use super::tables::{first_cell, grid_table, help_center_table, pipe_table, simple_table};

const TYPES: [&str; 7] = [
    "string", "integer", "long", "boolean", "double", "float", "number",
];

/// Whether `text` reads as a type column.
pub(super) fn is_type(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    TYPES.contains(&lower.as_str()) || lower.starts_with("array of") || lower.ends_with(" object")
}

/// Reads a page.
pub fn read(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut tables = Vec::new();
    let mut page = Page::default();
    let mut section = String::new();
    let mut status: Option<String> = None;
    let mut caption = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let plain = line.trim_matches('*').trim_end_matches('¶').trim();
        if let Some((method, path)) = uri_line(plain)
            && page.uri.is_none()
        {
            page.uri = Some((method, path, i + 1));
            section = "uri".to_owned();
            i += 1;
            continue;
        }
        if let Some(code) = plain.strip_prefix("Status code:") {
            status = Some(code.trim().to_owned());
            i += 1;
            continue;
        }
        if let Some(next) = heading(plain) {
            section = next.to_owned();
            if section != "response" && section != "example responses" {
                status = None;
            }
            caption.clear();
            i += 1;
            continue;
        }
        if let Some(text) = table_caption(line) {
            caption = text;
            i += 1;
            continue;
        }
        if section == "example requests" || section == "example responses" {
            if let Some(url) = example_url(line) {
                page.example_urls.push((url, i + 1));
            }
            if let Some(code) = line.strip_prefix("HTTP/1.1 ") {
                status = code.split_whitespace().next().map(str::to_owned);
            }
            if line == "{" || line == "[" {
                let (body, end) = json_block(&lines, i);
                page.example_bodies
                    .push((status.clone().unwrap_or_default(), body, i + 1));
                i = end;
                continue;
            }
            // A body whose rendering lost its outer braces (Alibaba's):
            // `"Name" : value,` lines.
            if line.starts_with('"') && line.contains("\" :") {
                let (body, end) = bare_json_block(&lines, i);
                page.example_bodies
                    .push((status.clone().unwrap_or_default(), body, i + 1));
                i = end;
                continue;
            }
        }
        let parsed = if line.starts_with('+') {
            grid_table(&lines, i)
        } else if line.starts_with("==") && line.contains(" =") {
            // A rule of several `====` columns (a title's underline has one).
            simple_table(&lines, i)
        } else if line.contains('|') && first_cell(line) == "Parameter"
            || line.starts_with("Status Code |")
            || line.starts_with("HttpCode |")
        {
            pipe_table(&lines, i)
        } else if plain == "Parameter" && caption_before(&lines, i) {
            help_center_table(&lines, i)
        } else {
            None
        };
        match parsed {
            Some((rows, end)) => {
                tables.push(Table {
                    caption: std::mem::take(&mut caption),
                    section: section.clone(),
                    status: status.clone(),
                    rows,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    assemble(&mut page, tables);
    page
}

/// `GET /v1/...` as method and path.
fn uri_line(line: &str) -> Option<(String, String)> {
    let (method, path) = line.split_once(' ')?;
    let known = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    (known.contains(&method) && path.starts_with('/') && !path.contains(' '))
        .then(|| (method.to_owned(), path.to_owned()))
}

/// The section a heading line starts, if it is one.
pub(super) fn heading(line: &str) -> Option<&'static str> {
    match line.to_ascii_lowercase().as_str() {
        "uri" => Some("uri"),
        "request parameters" => Some("request"),
        "response parameters" => Some("response"),
        "example requests" | "sample requests" => Some("example requests"),
        "example responses" | "sample success responses" => Some("example responses"),
        "status codes" => Some("status codes"),
        "error codes" => Some("error codes"),
        _ => None,
    }
}

/// The caption of `Table 2 Query Parameters` or
/// `.. table:: **Table 2** Query Parameters`.
pub(super) fn table_caption(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix(".. table:: **Table ")
        .or_else(|| line.strip_prefix("Table "))?;
    let (number, caption) = rest.split_once([' ', '*'])?;
    number.parse::<u32>().ok()?;
    Some(caption.trim_start_matches('*').trim().to_owned())
}

/// Whether the help center's table caption (`Table N ...`) is the last
/// non-empty line before `index`.
fn caption_before(lines: &[&str], index: usize) -> bool {
    lines[..index]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| table_caption(l.trim()).is_some())
}

fn example_url(line: &str) -> Option<String> {
    let line = line
        .trim()
        .trim_start_matches("GET ")
        .trim_start_matches("POST ");
    (line.starts_with("https://") || line.starts_with("http://"))
        .then(|| line.split_whitespace().next().unwrap_or(line).to_owned())
}

/// The members of a JSON object printed without its braces, from `start`
/// to the last member line: the object, braces restored.
fn bare_json_block(lines: &[&str], start: usize) -> (String, usize) {
    let mut depth = 0i32;
    let mut text = String::from("{\n");
    let mut end = start;
    for (offset, line) in lines[start..].iter().enumerate() {
        let trimmed = line.trim();
        if depth == 0 && !trimmed.starts_with('"') {
            break;
        }
        text.push_str(line);
        text.push('\n');
        for c in trimmed.chars() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        end = start + offset + 1;
    }
    text.push('}');
    (text, end)
}

/// The JSON document that starts at `start`: the lines up to the one that
/// closes it.
fn json_block(lines: &[&str], start: usize) -> (String, usize) {
    let mut depth = 0i32;
    let mut text = String::new();
    for (offset, line) in lines[start..].iter().enumerate() {
        text.push_str(line);
        text.push('\n');
        for c in line.chars() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return (text, start + offset + 1);
        }
    }
    (text, lines.len())
}

/// The object a type names: `records` of `Array of records objects`,
/// `data` of `data object`, `FlowLog` of `Array of FlowLog`.
pub fn object_name(ty: &str) -> Option<&str> {
    let ty = ty.trim();
    if let Some(rest) = ty.strip_prefix("Array of ") {
        let name = rest
            .trim_end_matches(" objects")
            .trim_end_matches(" object");
        let lower = name.to_ascii_lowercase();
        if TYPES.contains(&lower.trim_end_matches('s')) || lower == "strings" {
            return None;
        }
        return Some(name);
    }
    ty.strip_suffix(" object").map(str::trim)
}

/// Puts the tables together: parameters by location, response fields as a
/// tree, status codes.
fn assemble(page: &mut Page, tables: Vec<Table>) {
    let placeholders: Vec<String> = page
        .uri
        .as_ref()
        .map(|(_, path, _)| {
            path.split('{')
                .skip(1)
                .filter_map(|p| p.split('}').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut responses: Vec<(String, Vec<Field>)> = Vec::new();
    for table in tables {
        let caption = table.caption.to_ascii_lowercase();
        match table.section.as_str() {
            "status codes" => {
                for row in table.rows.iter().filter(|r| r.name.parse::<u16>().is_ok()) {
                    page.statuses.push((row.name.clone(), row.line));
                }
            }
            "error codes" => {
                for row in table.rows.iter().filter(|r| r.name.parse::<u16>().is_ok()) {
                    if !page.statuses.iter().any(|(s, _)| *s == row.name) {
                        page.statuses.push((row.name.clone(), row.line));
                    }
                }
            }
            "response" => {
                let status = table.status.clone().unwrap_or_else(|| "200".to_owned());
                let is_body = caption.is_empty() && !responses.iter().any(|(s, _)| *s == status)
                    || caption.contains("response body");
                if is_body {
                    responses.push((status, nest(table.rows)));
                } else if let Some((_, fields)) =
                    responses.iter_mut().rev().find(|(s, _)| *s == status)
                {
                    let children: Vec<Field> = table
                        .rows
                        .into_iter()
                        .map(|row| Field {
                            row,
                            children: Vec::new(),
                        })
                        .collect();
                    attach(fields, &table.caption, children);
                }
            }
            "uri" | "request" | "" => {
                let location = if caption.contains("path") {
                    Location::Path
                } else if caption.contains("query") {
                    Location::Query
                } else if caption.contains("header")
                    || (table.section == "request" && page.uri.is_some())
                {
                    // Huawei's "Request Parameters" are headers; Alibaba's
                    // (a page without a URI) are the query.
                    Location::Header
                } else if table.rows.iter().all(|r| placeholders.contains(&r.name))
                    && !placeholders.is_empty()
                {
                    Location::Path
                } else {
                    Location::Query
                };
                for row in table.rows {
                    if !row.name.is_empty() {
                        page.params.push(Param { row, location });
                    }
                }
            }
            _ => {}
        }
    }
    page.responses = responses;
}

/// Rows of one table as fields; Alibaba's `Name | |||` rows (the element of
/// the array above) open a level that the following rows belong to.
fn nest(rows: Vec<Row>) -> Vec<Field> {
    let mut root: Vec<Field> = Vec::new();
    // The path of child indexes to the field whose children rows go to.
    let mut open: Vec<usize> = Vec::new();
    for row in rows {
        let element_marker = row.ty.is_empty() && row.text.is_empty();
        if element_marker {
            // The element of the array field just above: its rows follow.
            let target = children_at(&mut root, &open);
            if let Some(last) = target.len().checked_sub(1) {
                open.push(last);
            }
            continue;
        }
        children_at(&mut root, &open).push(Field {
            row,
            children: Vec::new(),
        });
    }
    root
}

fn children_at<'a>(root: &'a mut Vec<Field>, path: &[usize]) -> &'a mut Vec<Field> {
    let mut level = root;
    for &index in path {
        level = &mut level[index].children;
    }
    level
}

/// Gives `children` to the field whose type names `caption` (or, for a
/// table without a caption, to the first object field without children).
fn attach(fields: &mut [Field], caption: &str, children: Vec<Field>) -> bool {
    fn find<'a>(fields: &'a mut [Field], caption: &str) -> Option<&'a mut Field> {
        for field in fields.iter_mut() {
            let named = object_name(&field.row.ty);
            let matches = match named {
                Some(name) if caption.is_empty() => field.children.is_empty() && !name.is_empty(),
                Some(name) => name.eq_ignore_ascii_case(caption),
                None => false,
            };
            if matches && field.children.is_empty() {
                return Some(field);
            }
            if let Some(found) = find(&mut field.children, caption) {
                return Some(found);
            }
        }
        None
    }
    match find(fields, caption) {
        Some(field) => {
            field.children = children;
            true
        }
        None => false,
    }
}
