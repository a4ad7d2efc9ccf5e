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

/// A request's path from a `format!`-style template: each `{}` is the next
/// of `values`, written as one encoded path segment, and `{{` and `}}` are
/// literal braces. A `{}` past the last value is left empty; the generator
/// writes as many values as its template has places.
pub fn fill_path(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut path = String::with_capacity(template.len() + 16 * values.len());
    let mut values = values.iter();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        path.push_str(&rest[..at]);
        let tail = &rest[at..];
        rest = if let Some(after) = tail.strip_prefix("{}") {
            if let Some(value) = values.next() {
                path.push_str(&encode_path_segment(&value.to_string()));
            }
            after
        } else {
            // `{{` and `}}` are one brace; a lone brace is itself.
            path.push_str(&tail[..1]);
            let doubled = tail.starts_with("{{") || tail.starts_with("}}");
            &tail[if doubled { 2 } else { 1 }..]
        };
    }
    path.push_str(rest);
    path
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

    /// Adds `key=a|b|c`: the items joined by `separator` (`,` for form style
    /// not exploded, `|` for `pipeDelimited`, a space for `spaceDelimited`).
    pub fn push_delimited<T: std::fmt::Display>(
        &mut self,
        key: &str,
        values: &[T],
        separator: &str,
    ) {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.push(key, joined.join(separator));
    }

    /// Adds a value in `deepObject` style: each property of an object as
    /// `key[property]=value`, nested objects as `key[a][b]=value`, list
    /// items as `key[]=item` (the convention of the APIs that use the style),
    /// and a scalar as `key=value`. Null properties are left out, as an unset
    /// optional field is.
    ///
    /// The value is serialized through `serde_json`, which fails only for a
    /// map whose keys are not strings; generated types have none.
    pub fn push_deep_object<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value.and_then(|value| serde_json::to_value(value).ok()) {
            self.push_deep_value(key.to_owned(), &value);
        }
    }

    fn push_deep_value(&mut self, key: String, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::String(text) => self.push(key, text),
            Value::Bool(_) | Value::Number(_) => self.push(key, value),
            Value::Array(items) => {
                for item in items {
                    self.push_deep_value(format!("{key}[]"), item);
                }
            }
            Value::Object(properties) => {
                for (name, property) in properties {
                    self.push_deep_value(format!("{key}[{name}]"), property);
                }
            }
        }
    }

    /// Adds `key=<the value as JSON>`: a parameter described by `content`
    /// with a JSON media type rather than by a schema.
    pub fn push_json<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.push(key, JsonText(value));
        }
    }

    /// Adds one `key.n=item` per item, `n` counting from 1 (the indexed
    /// lists of RPC-style APIs).
    pub fn push_indexed<T: std::fmt::Display>(&mut self, key: &str, values: &[T]) {
        for (index, value) in values.iter().enumerate() {
            self.push(format!("{key}.{}", index + 1), value);
        }
    }

    /// Adds `key.n.field=value` when there is a value: one field of the
    /// `n`th object (counting from 1) of an indexed list of objects.
    pub fn push_indexed_field<T: std::fmt::Display>(
        &mut self,
        key: &str,
        n: usize,
        field: &str,
        value: Option<&T>,
    ) {
        if let Some(value) = value {
            self.push(format!("{key}.{n}.{field}"), value);
        }
    }

    /// The pairs, in the order they were added.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }
}

/// Collects the headers of a request, as generated code writes them:
/// headers in the order they are added, then the cookies, if any, as one
/// `Cookie` header.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HeaderWriter {
    headers: Vec<(String, String)>,
    cookies: Vec<String>,
}

impl HeaderWriter {
    /// No header yet.
    pub fn new() -> Self {
        HeaderWriter::default()
    }

    /// Adds the header `name: value`.
    pub fn push(&mut self, name: &str, value: impl std::fmt::Display) {
        self.headers.push((name.to_owned(), value.to_string()));
    }

    /// Adds the cookie `name=value`.
    pub fn cookie(&mut self, name: &str, value: impl std::fmt::Display) {
        self.cookies.push(format!("{name}={value}"));
    }

    /// The headers, with the cookies joined by `; ` into a last `Cookie`
    /// header.
    pub fn finish(mut self) -> Vec<(String, String)> {
        if !self.cookies.is_empty() {
            self.headers
                .push(("Cookie".to_owned(), self.cookies.join("; ")));
        }
        self.headers
    }
}

/// Writes a value as JSON text where a parameter is written with `Display`
/// (a path segment, a header, a cookie, a query value): a parameter
/// described by `content` with a JSON media type.
///
/// `serde_json` fails only for a map whose keys are not strings, which
/// generated types do not have; such a value would be written as `null`.
#[derive(Debug, Clone, Copy)]
pub struct JsonText<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> std::fmt::Display for JsonText<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self.0) {
            Ok(text) => f.write_str(&text),
            Err(_) => f.write_str("null"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_objects_nest_in_brackets_and_lists_take_empty_brackets() {
        let mut query = QueryWriter::new();
        let filter = serde_json::json!({
            "name": "Acme",
            "created": {"gt": 10, "lt": null},
            "status": ["open", "won"],
            "active": true
        });
        query.push_deep_object("filter", Some(&filter));
        query.push_deep_object("expand", Some(&["customer", "invoice"]));
        query.push_deep_object("limit", Some(&5));
        query.push_deep_object::<u8>("absent", None);
        let pairs: Vec<(&str, &str)> = query
            .pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("filter[active]", "true"),
                ("filter[created][gt]", "10"),
                ("filter[name]", "Acme"),
                ("filter[status][]", "open"),
                ("filter[status][]", "won"),
                ("expand[]", "customer"),
                ("expand[]", "invoice"),
                ("limit", "5"),
            ]
        );
    }

    #[test]
    fn delimited_and_json_values() {
        let mut query = QueryWriter::new();
        query.push_delimited("a", &["x", "y"], "|");
        query.push_delimited("b", &[1, 2], " ");
        query.push_json("q", Some(&serde_json::json!({"page": 1})));
        query.push_json("ids", Some(&["p", "q"]));
        assert_eq!(
            query_string(&query.into_pairs()),
            "a=x%7Cy&b=1%202&q=%7B%22page%22%3A1%7D&ids=%5B%22p%22%2C%22q%22%5D"
        );
        assert_eq!(JsonText(&"id").to_string(), "\"id\"");
    }

    #[test]
    fn path_segments_cannot_add_segments() {
        assert_eq!(encode_path_segment("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_path_segment("9d80d070b6d4"), "9d80d070b6d4");
        assert_eq!(encode_path_segment("a b~"), "a%20b~");
    }

    #[test]
    fn paths_fill_their_places_in_order_and_keep_escaped_braces() {
        let values: [&dyn std::fmt::Display; 2] = [&"a b/c", &7];
        assert_eq!(
            fill_path("/o/{}/items/{}{{x}}", &values),
            "/o/a%20b%2Fc/items/7{x}"
        );
        assert_eq!(fill_path("/{}{{}}/{}", &values), "/a%20b%2Fc{}/7");
        assert_eq!(fill_path("/plain", &[]), "/plain");
        assert_eq!(fill_path("/{}/{}", &values[..1]), "/a%20b%2Fc/");
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
