//! A map from JSON pointers to source lines, built from YAML parser events.
//!
//! JSON is YAML, so one index serves both formats.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// JSON pointer → 1-based line of the node (for a mapping entry, the line of
/// its key).
#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

impl LineIndex {
    /// Indexes `text`. A text that does not parse yields the entries found
    /// before the error; lookups then fall back to enclosing nodes.
    pub fn build(text: &str) -> Self {
        let mut builder = Builder::default();
        let _ = Parser::new_from_str(text).load(&mut builder, false);
        LineIndex {
            lines: builder.lines,
        }
    }

    /// The line of `pointer`, or of its nearest indexed ancestor.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer;
        loop {
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            let cut = pointer.rfind('/')?;
            pointer = &pointer[..cut];
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

enum Frame {
    Mapping { pending_key: Option<String> },
    Sequence { next_index: usize },
}

#[derive(Default)]
struct Builder {
    lines: HashMap<String, usize>,
    stack: Vec<(String, Frame)>,
}

impl Builder {
    /// The pointer of the node that starts now, or `None` when the event is a
    /// mapping key.
    fn next_node_pointer(&mut self, key_text: Option<&str>, line: usize) -> Option<String> {
        let Some((pointer, frame)) = self.stack.last_mut() else {
            return Some(String::new());
        };
        match frame {
            Frame::Mapping { pending_key } => match pending_key.take() {
                Some(key) => Some(format!("{pointer}/{}", escape_token(&key))),
                None => {
                    let key = key_text.unwrap_or_default().to_owned();
                    let entry = format!("{pointer}/{}", escape_token(&key));
                    self.lines.entry(entry).or_insert(line);
                    *pending_key = Some(key);
                    None
                }
            },
            Frame::Sequence { next_index } => {
                let entry = format!("{pointer}/{next_index}");
                *next_index += 1;
                self.lines.entry(entry.clone()).or_insert(line);
                Some(entry)
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(value, ..) => {
                self.next_node_pointer(Some(&value), line);
            }
            Event::Alias(_) => {
                self.next_node_pointer(Some(""), line);
            }
            // A collection used as a mapping key has no pointer of its own; it is
            // still pushed so that its end event pops the right frame.
            Event::MappingStart(..) => {
                let pointer = self.next_node_pointer(None, line).unwrap_or_default();
                self.lines.entry(pointer.clone()).or_insert(line);
                self.stack
                    .push((pointer, Frame::Mapping { pending_key: None }));
            }
            Event::SequenceStart(..) => {
                let pointer = self.next_node_pointer(None, line).unwrap_or_default();
                self.lines.entry(pointer.clone()).or_insert(line);
                self.stack
                    .push((pointer, Frame::Sequence { next_index: 0 }));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn maps_pointers_to_lines() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{b}:\n    get:\n      parameters:\n        - name: b\n          in: path\n";
        let index = LineIndex::build(text);
        assert_eq!(index.line_of("/openapi"), Some(1));
        assert_eq!(index.line_of("/paths/~1a~1{b}/get"), Some(4));
        assert_eq!(
            index.line_of("/paths/~1a~1{b}/get/parameters/0/in"),
            Some(7)
        );
        assert_eq!(index.line_of("/paths/~1a~1{b}/get/missing"), Some(4));
    }

    #[test]
    fn indexes_json_too() {
        let text = "{\n  \"a\": {\n    \"b\": [1,\n      2]\n  }\n}\n";
        let index = LineIndex::build(text);
        assert_eq!(index.line_of("/a/b"), Some(3));
        assert_eq!(index.line_of("/a"), Some(2));
    }
}
