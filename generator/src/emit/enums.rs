//! Forward-compatible enumerations.
//!
//! Each known value is a unit variant; any other value decodes into `Unknown`,
//! which keeps the raw value (in an opaque `UnknownValue`, so that no caller
//! matches it by its text) and encodes back to exactly it. The enum is
//! `#[non_exhaustive]`, and compares and orders by wire value, so that a
//! value added to the spec breaks no caller. The generated
//! file writes the definition (documented variants) and one invocation of the
//! runtime's `string_enum!` or `integer_enum!`, which pairs each variant with
//! its wire value and writes the impls: string enums offer `as_str`,
//! `Display`, `FromStr` and `From<&str>`; integer enums `value`, `Display`,
//! `FromStr` and `From<i32 | i64>`.

use proc_macro2::TokenStream;
use quote::quote;

use super::body::Body;
use super::docs;
use super::syntax::runtime_macro;
use super::types::ident;
use crate::ir::{Enum, EnumRepr, EnumValue, TypeDef, Variant};

/// Adds one enumeration, its type and impls, to `body`.
pub fn enum_def(body: &mut Body, def: &TypeDef, enumeration: &Enum) {
    let (definition, impls) = items(def, enumeration);
    body.tokens(definition);
    body.item(impls);
}

/// The definition of one enumeration, and the invocation that writes its
/// impls.
fn items(def: &TypeDef, enumeration: &Enum) -> (TokenStream, syn::Item) {
    let name = ident(&def.name);
    let doc = docs::attrs(&doc_lines(def));
    let names: Vec<_> = enumeration
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .collect();
    let variant_docs = enumeration
        .variants
        .iter()
        .map(|variant| docs::attrs(&[variant_doc(variant)]));
    let deprecated = if def.docs.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let (raw, impls) = match enumeration.repr {
        EnumRepr::String => {
            let values = enumeration.variants.iter().map(wire_value);
            (
                quote!(String),
                runtime_macro("string_enum", quote!(#name { #(#names(#values)),* })),
            )
        }
        EnumRepr::I32 | EnumRepr::I64 => {
            let raw = if enumeration.repr == EnumRepr::I32 {
                quote!(i32)
            } else {
                quote!(i64)
            };
            let values = enumeration.variants.iter().map(|v| match &v.value {
                EnumValue::Int(number) => {
                    let literal = proc_macro2::Literal::i64_unsuffixed(*number);
                    quote!(#literal)
                }
                EnumValue::Str(text) => quote!(#text),
            });
            let impls = runtime_macro("integer_enum", quote!(#name: #raw { #(#names(#values)),* }));
            (raw, impls)
        }
    };
    let definition = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value the spec does not list, as received.
            Unknown(rt::UnknownValue<#raw>),
        }
    };
    (definition, impls)
}

/// The doc comment lines of the enum itself.
fn doc_lines(def: &TypeDef) -> Vec<String> {
    let mut lines = docs::lines(&def.docs, &format!("The `{}` values.", def.spec_name));
    lines.push(String::new());
    lines.push(format!(
        "Forward compatible: a value this SDK does not list decodes into [`{}::Unknown`] and encodes back unchanged (see [`flowscribe_runtime::UnknownValue`]).",
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
