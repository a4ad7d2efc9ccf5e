//! Lines and columns of JSON nodes, found in one pass over the text for just the pointers
//! asked for. Indexing every node of a 13 MB description would cost far more
//! time and memory than the handful of diagnostics that need a line.

use rustc_hash::{FxHashMap, FxHashSet};

use super::line_index::escape_token;

enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

/// The 1-based line and column (in bytes) of each pointer of `wanted`
/// found in `text`, a JSON document; the column tells nodes apart on the one
/// line of a minified description. `wanted` must hold every ancestor of each pointer it holds (the
/// root `""` included): objects and arrays outside it are skipped unread,
/// which keeps a pass over a large description short. A text that is not
/// valid JSON gives what was found before the error.
pub fn json_lines(text: &str, wanted: &FxHashSet<String>) -> FxHashMap<String, (usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = FxHashMap::default();
    let mut stack: Vec<(usize, Frame)> = Vec::new(); // (path length before, frame)
    let mut path = String::new();
    let mut line = 1;
    // The index of the first byte of the current line.
    let mut line_start = 0;
    let mut i = 0;
    // Whether the next value starts a node whose pointer is `path` plus the
    // current frame's key or index.
    let mut expect_key = false;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b' ' | b'\t' | b'\r' | b',' | b':' => {}
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        escaped = true;
                        i += 1;
                    } else if bytes[i] == b'\n' {
                        line += 1;
                        line_start = i + 1;
                    }
                    i += 1;
                }
                let raw = &text[start..(i + 1).min(text.len())];
                if expect_key {
                    let key = if escaped {
                        serde_json::from_str::<String>(raw).unwrap_or_default()
                    } else {
                        raw.trim_matches('"').to_owned()
                    };
                    if let Some((_, Frame::Object { key: slot })) = stack.last_mut() {
                        *slot = Some(key);
                    }
                    expect_key = false;
                    let pointer = child_pointer(&path, stack.last());
                    record(
                        &mut found,
                        wanted,
                        pointer,
                        (line, start.saturating_sub(line_start) + 1),
                    );
                } else {
                    let pointer = child_pointer(&path, stack.last());
                    record(
                        &mut found,
                        wanted,
                        pointer,
                        (line, start.saturating_sub(line_start) + 1),
                    );
                    advance(&mut stack, &mut expect_key);
                }
            }
            b'{' | b'[' => {
                let start = i;
                let pointer = child_pointer(&path, stack.last());
                if !wanted.contains(&pointer) {
                    // Nothing asked for lies inside: skip the whole node.
                    i = skip_container(bytes, i, &mut line, &mut line_start);
                    advance(&mut stack, &mut expect_key);
                    i += 1;
                    continue;
                }
                let before = path.len();
                path = pointer.clone();
                record(
                    &mut found,
                    wanted,
                    pointer,
                    (line, start.saturating_sub(line_start) + 1),
                );
                if byte == b'{' {
                    stack.push((before, Frame::Object { key: None }));
                    expect_key = true;
                } else {
                    stack.push((before, Frame::Array { index: 0 }));
                }
            }
            b'}' | b']' => {
                if let Some((before, _)) = stack.pop() {
                    path.truncate(before);
                }
                advance(&mut stack, &mut expect_key);
            }
            _ => {
                // A number, `true`, `false` or `null`.
                let start = i;
                let pointer = child_pointer(&path, stack.last());
                record(
                    &mut found,
                    wanted,
                    pointer,
                    (line, start.saturating_sub(line_start) + 1),
                );
                while i + 1 < bytes.len() && !b",}]\n \t\r".contains(&bytes[i + 1]) {
                    i += 1;
                }
                advance(&mut stack, &mut expect_key);
            }
        }
        i += 1;
    }
    found
}

/// The index of the bracket that closes the object or array opening at
/// `start`, counting the lines passed (and where the last one starts); the
/// end of the text if it never closes.
fn skip_container(bytes: &[u8], start: usize, line: &mut usize, line_start: &mut usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                *line += 1;
                *line_start = i + 1;
            }
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'{' | b'[' if !in_string => depth += 1,
            b'}' | b']' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The pointer of the node that starts now in the innermost frame.
fn child_pointer(path: &str, frame: Option<&(usize, Frame)>) -> String {
    match frame {
        None => String::new(),
        Some((_, Frame::Object { key })) => {
            format!(
                "{path}/{}",
                escape_token(key.as_deref().unwrap_or_default())
            )
        }
        Some((_, Frame::Array { index })) => format!("{path}/{index}"),
    }
}

/// After a value: the next array element, or the next object key.
fn advance(stack: &mut [(usize, Frame)], expect_key: &mut bool) {
    match stack.last_mut() {
        Some((_, Frame::Array { index })) => *index += 1,
        Some((_, Frame::Object { .. })) => *expect_key = true,
        None => {}
    }
}

fn record(
    found: &mut FxHashMap<String, (usize, usize)>,
    wanted: &FxHashSet<String>,
    pointer: String,
    position: (usize, usize),
) {
    if wanted.contains(&pointer) {
        found.entry(pointer).or_insert(position);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_lines_asked_for() {
        let text = "{\n  \"a\": {\n    \"b\": [1,\n      {\"c/d\": true}]\n  },\n  \"e\\u0041\": \"x\"\n}\n";
        let wanted: FxHashSet<String> = ["", "/a", "/a/b", "/a/b/1", "/a/b/1/c~1d", "/eA", "/zz"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let lines = json_lines(text, &wanted);
        assert_eq!(lines.get("/a"), Some(&(2, 3)));
        assert_eq!(lines.get("/a/b"), Some(&(3, 5)));
        assert_eq!(lines.get("/a/b/1"), Some(&(4, 7)));
        assert_eq!(lines.get("/a/b/1/c~1d"), Some(&(4, 8)));
        assert_eq!(lines.get("/eA"), Some(&(6, 3)));
        assert_eq!(lines.get("/zz"), None);
    }

    #[test]
    fn skips_nodes_outside_the_pointers_asked_for() {
        // The skipped object holds brackets and escaped quotes in strings and
        // spans lines, which must still be counted.
        let text = "{\n  \"skip\": {\"s\": \"}]\\\"{\",\n    \"t\": [[1],\n {}]},\n  \"keep\": [0, {\"x\": 1}]\n}\n";
        let wanted: FxHashSet<String> = ["", "/keep", "/keep/1", "/keep/1/x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let lines = json_lines(text, &wanted);
        assert_eq!(lines.get("/keep"), Some(&(5, 3)));
        assert_eq!(lines.get("/keep/1/x"), Some(&(5, 16)));
        assert_eq!(lines.get("/skip"), None);
    }

    #[test]
    fn columns_tell_nodes_of_a_minified_line_apart() {
        let text = r#"{"paths":{"/a":{"get":{"x":1}}},"info":{"title":"t"}}"#;
        let wanted: FxHashSet<String> = ["", "/paths", "/paths/~1a", "/paths/~1a/get", "/info"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let lines = json_lines(text, &wanted);
        assert_eq!(lines.get("/paths/~1a/get"), Some(&(1, 17)));
        assert_eq!(lines.get("/info"), Some(&(1, 33)));
    }
}
