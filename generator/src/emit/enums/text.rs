//! A string enum written as text, line for line as prettyplease prints the
//! tokens of `tokens.rs`. Declines (`None`) for an enum without variants and
//! for any line too long to be sure prettyplease keeps it whole (in practice,
//! type names beyond about 45 characters).

use super::{doc_lines, variant_doc, wire_value};
use crate::emit::text::{Lines, doc_comments, string_literal};
use crate::ir::{Enum, TypeDef};

/// The text of `tokens::enum_def` for a string enum.
pub fn enum_def(def: &TypeDef, enumeration: &Enum) -> Option<String> {
    if enumeration.variants.is_empty() {
        return None;
    }
    let name = def.name.as_str();
    let variants: Vec<(String, String)> = enumeration
        .variants
        .iter()
        .map(|v| {
            (
                format!("{name}::{}", v.name),
                string_literal(&wire_value(v)),
            )
        })
        .collect();
    let mut lines = Lines::new(2000 + variants.len() * 200);

    doc_comments(&mut lines, 0, &doc_lines(def));
    if def.docs.deprecated {
        lines.fixed("#[deprecated]\n");
    }
    lines.fixed("#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    lines.line(0, &["pub enum ", name, " {"]);
    for variant in &enumeration.variants {
        doc_comments(&mut lines, 1, &[variant_doc(variant)]);
        lines.line(1, &[&variant.name, ","]);
    }
    lines.fixed(
        "    /// A value the spec does not list, kept exactly as received.\n    Unknown(String),\n}\n",
    );

    lines.line(0, &["impl ", name, " {"]);
    lines.fixed("    /// Every value the spec lists, in the spec's order.\n");
    let head = ["pub const KNOWN: &'static [", name, "] = &["];
    let all = variants
        .iter()
        .map(|(path, _)| path.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if Lines::fits(1, &[&head[..], &[&all, "];"]].concat()) {
        lines.push(1, &[&head[..], &[&all, "];"]].concat());
    } else {
        lines.line(1, &head);
        for (path, _) in &variants {
            lines.line(2, &[path, ","]);
        }
        lines.fixed("    ];\n");
    }
    lines.fixed(
        "    /// The value as it is sent on the wire.\n    pub fn as_str(&self) -> &str {\n        match self {\n",
    );
    for (path, value) in &variants {
        arm(&mut lines, path, value);
    }
    arm(&mut lines, &format!("{name}::Unknown(value)"), "value");
    lines.fixed(
        "        }\n    }\n    /// Whether this is a value the spec does not list.\n    pub fn is_unknown(&self) -> bool {\n",
    );
    lines.line(2, &["matches!(self, ", name, "::Unknown(_))"]);
    lines.fixed("    }\n}\n");

    lines.impl_header("impl From<&str>", name);
    lines.fixed("    fn from(value: &str) -> Self {\n        match value {\n");
    for (path, value) in &variants {
        arm(&mut lines, value, path);
    }
    arm(
        &mut lines,
        "other",
        &format!("{name}::Unknown(other.to_owned())"),
    );
    lines.fixed("        }\n    }\n}\n");

    lines.impl_header("impl From<String>", name);
    lines.fixed("    fn from(value: String) -> Self {\n");
    lines.line(2, &["match ", name, "::from(value.as_str()) {"]);
    arm(
        &mut lines,
        &format!("{name}::Unknown(_)"),
        &format!("{name}::Unknown(value)"),
    );
    lines.fixed("            known => known,\n        }\n    }\n}\n");

    lines.impl_header("impl std::str::FromStr", name);
    lines.fixed(
        "    type Err = std::convert::Infallible;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {\n",
    );
    lines.line(2, &["Ok(", name, "::from(value))"]);
    lines.fixed("    }\n}\n");

    lines.impl_header("impl std::fmt::Display", name);
    lines.fixed(
        "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        f.write_str(self.as_str())\n    }\n}\n",
    );

    lines.impl_header("impl serde::Serialize", name);
    lines.fixed(
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n        serializer.serialize_str(self.as_str())\n    }\n}\n",
    );

    lines.impl_header("impl<'de> serde::Deserialize<'de>", name);
    lines.fixed(
        "    fn deserialize<D: serde::Deserializer<'de>>(\n        deserializer: D,\n    ) -> Result<Self, D::Error> {\n",
    );
    let from = format!("{name}::from");
    lines.call(
        2,
        "",
        "String::deserialize(deserializer)",
        "map",
        &[&from],
        "",
        "",
    );
    lines.fixed("    }\n}\n");
    lines.finish()
}

/// A match arm `{pattern} => {value},`, or, when it does not fit (its comma
/// aside), the value in a block of its own.
fn arm(lines: &mut Lines, pattern: &str, value: &str) {
    if Lines::fits(3, &[pattern, " => ", value]) {
        lines.push(3, &[pattern, " => ", value, ","]);
    } else {
        lines.line(3, &[pattern, " => {"]);
        lines.line(4, &[value]);
        lines.push(3, &["}"]);
    }
}
