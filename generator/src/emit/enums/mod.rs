//! Forward-compatible enumerations.
//!
//! Each known value is a unit variant; any other value decodes into `Unknown`,
//! which keeps the raw value and encodes back to exactly it. String enums offer
//! `as_str`, `Display`, `FromStr` and `From<&str>`; integer enums `value`,
//! `Display`, `FromStr` and `From<i32 | i64>`.
//!
//! As for struct impls (see `objects`), the definition exists as tokens
//! ([`tokens`]) and, for string enums, as the same text in prettyplease's
//! layout ([`text`]), which declines for layouts it does not reproduce.

mod text;
mod tokens;

use super::body::Body;
use super::docs;
use crate::ir::{Enum, EnumRepr, EnumValue, TypeDef, Variant};

/// Adds one enumeration, its type and impls, to `body`.
pub fn enum_def(body: &mut Body, def: &TypeDef, enumeration: &Enum, preformat: bool) {
    body.text_or_tokens(
        preformat && enumeration.repr == EnumRepr::String,
        || text::enum_def(def, enumeration),
        || tokens::enum_def(def, enumeration),
    );
}

/// The doc comment lines of the enum itself.
fn doc_lines(def: &TypeDef) -> Vec<String> {
    let mut lines = docs::lines(&def.docs, &format!("The `{}` values.", def.spec_name));
    lines.push(String::new());
    lines.push(format!(
        "Forward compatible: a value this SDK does not list decodes into [`{}::Unknown`], which keeps it and encodes back to exactly it.",
        def.name
    ));
    lines
}

/// The one doc line of a variant: its value, and its meaning when the spec
/// gives one.
fn variant_doc(variant: &Variant) -> String {
    let shown = match &variant.value {
        EnumValue::Str(text) => format!("`{}`", text.replace('`', "'")),
        EnumValue::Int(number) => format!("`{number}`"),
    };
    match &variant.docs.description {
        Some(meaning) if meaning.trim() != shown.trim_matches('`') => {
            format!("{shown}: {}", docs::escape_line(meaning.trim()))
        }
        _ => shown,
    }
}

/// The value of a variant of a string enum, as sent.
fn wire_value(variant: &Variant) -> String {
    match &variant.value {
        EnumValue::Str(text) => text.clone(),
        EnumValue::Int(number) => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, TypeKind};

    fn enum_type(name: &str, values: &[String]) -> (TypeDef, Enum) {
        let enumeration = Enum {
            repr: EnumRepr::String,
            variants: values
                .iter()
                .map(|value| Variant {
                    name: crate::lower::type_name(value),
                    value: EnumValue::Str(value.clone()),
                    docs: Docs::default(),
                })
                .collect(),
        };
        let def = TypeDef {
            name: name.to_owned(),
            spec_name: name.to_owned(),
            docs: Docs::default(),
            kind: TypeKind::Enum(enumeration.clone()),
        };
        (def, enumeration)
    }

    fn formatted(tokens: proc_macro2::TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the tokens parse"))
    }

    /// Sweeps enum names and values across the widths where prettyplease
    /// breaks the list of known values, match arms and impl headers, and
    /// checks that every text written is what prettyplease prints.
    #[test]
    fn text_prints_as_prettyplease_across_the_width() {
        let (mut written, mut block_arms, mut broken_lists, mut broken_headers) = (0, 0, 0, 0);
        for name_len in (2..=70).step_by(4).chain(60..=66) {
            let name = format!("E{}", "e".repeat(name_len - 1));
            for value_len in (1..=60).step_by(7) {
                for count in [1, 2, 3] {
                    let values: Vec<String> = (0..count)
                        .map(|i| format!("{}{}", ["a", "b", "c"][i], "v".repeat(value_len)))
                        .collect();
                    let (def, enumeration) = enum_type(&name, &values);
                    if let Some(text) = text::enum_def(&def, &enumeration) {
                        written += 1;
                        block_arms += usize::from(text.contains("=> {\n"));
                        broken_lists += usize::from(text.contains("= &[\n"));
                        broken_headers += usize::from(text.contains("\nfor "));
                        let expected = formatted(tokens::enum_def(&def, &enumeration));
                        assert_eq!(text, expected, "{name} with {values:?}");
                    }
                }
            }
        }
        // Both layouts of the arms and of the list of known values were
        // written and checked. (Names long enough to break an impl header
        // break other lines first, so the enum is left to the tokens.)
        assert!(written >= 200, "only {written} written");
        assert!(
            block_arms > 0 && broken_lists > 0,
            "{block_arms} {broken_lists}"
        );
        assert!(written > block_arms && written > broken_lists);
        assert_eq!(broken_headers, 0);
    }
}
