//! Percent-encoding of paths and queries (RFC 3986: everything but
//! `A-Z a-z 0-9 - _ . ~` is encoded), and the canonical query string both
//! signers and the wire use.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters that are encoded: all but RFC 3986's unreserved set.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one path segment; `/` becomes `%2F`, so a value cannot add segments.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, ENCODED).to_string()
}

/// Encodes one query key or value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, ENCODED).to_string()
}

/// The query string of pairs in their order, each part percent-encoded,
/// joined by `&`: what an unsigned request sends. Signed requests send their
/// algorithm's canonical query instead.
pub fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Collects the query parameters of a request, as generated code writes them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QueryWriter {
    pairs: Vec<(String, String)>,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        QueryWriter::default()
    }

    /// Adds `key=value`.
    pub fn push(&mut self, key: impl Into<String>, value: impl std::fmt::Display) {
        self.pairs.push((key.into(), value.to_string()));
    }

    /// Adds `key=value` when there is a value.
    pub fn push_opt<T: std::fmt::Display>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.push(key, value);
        }
    }

    /// Adds one `key=item` per item (form style, exploded: repeated keys).
    pub fn push_repeated<T: std::fmt::Display>(&mut self, key: &str, values: &[T]) {
        for value in values {
            self.push(key, value);
        }
    }

    /// Adds `key=a,b,c` (form style, not exploded).
    pub fn push_joined<T: std::fmt::Display>(&mut self, key: &str, values: &[T]) {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.push(key, joined.join(","));
    }

    /// The pairs, in the order they were added.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_add_segments() {
        assert_eq!(encode_path_segment("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_path_segment("9d80d070b6d4"), "9d80d070b6d4");
        assert_eq!(encode_path_segment("a b~"), "a%20b~");
    }

    #[test]
    fn query_string_keeps_the_order_and_encodes_every_part() {
        let pairs = vec![
            ("vgw_id".to_owned(), "b".to_owned()),
            ("limit".to_owned(), "10".to_owned()),
            ("Tags.1.Key".to_owned(), "Finance Dept/é".to_owned()),
        ];
        assert_eq!(
            query_string(&pairs),
            "vgw_id=b&limit=10&Tags.1.Key=Finance%20Dept%2F%C3%A9"
        );
    }
}
