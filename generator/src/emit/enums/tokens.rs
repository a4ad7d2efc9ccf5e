//! An enumeration as tokens, for prettyplease to format: the reference
//! form, and the only one for integer enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, variant_doc, wire_value};
use crate::emit::docs;
use crate::emit::types::ident;
use crate::ir::{Enum, EnumRepr, EnumValue, TypeDef};

/// The whole definition of one enumeration: type and impls.
pub fn enum_def(def: &TypeDef, enumeration: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&doc_lines(def));
    let variant_names: Vec<_> = enumeration
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
    let (raw, (accessor, conversions)) = match enumeration.repr {
        EnumRepr::String => (quote!(String), string_impls(def, enumeration)),
        EnumRepr::I32 => (quote!(i32), integer_impls(def, enumeration, quote!(i32))),
        EnumRepr::I64 => (quote!(i64), integer_impls(def, enumeration, quote!(i64))),
    };
    let known = &variant_names;
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variant_names, )*
            /// A value the spec does not list, kept exactly as received.
            Unknown(#raw),
        }

        impl #name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [#name] = &[#( #name::#known ),*];

            #accessor

            /// Whether this is a value the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        #conversions
    }
}

/// The wire-value accessor (an inherent method) and the trait impls of a
/// string enum.
fn string_impls(def: &TypeDef, enumeration: &Enum) -> (TokenStream, TokenStream) {
    let name = ident(&def.name);
    let names: Vec<_> = enumeration
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .collect();
    let values: Vec<String> = enumeration.variants.iter().map(wire_value).collect();
    let accessor = quote! {
        /// The value as it is sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                #( #name::#names => #values, )*
                #name::Unknown(value) => value,
            }
        }
    };
    let impls = quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => #name::#names, )*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match #name::from(value.as_str()) {
                    #name::Unknown(_) => #name::Unknown(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(#name::from)
            }
        }
    };
    (accessor, impls)
}

/// The wire-value accessor (an inherent method) and the trait impls of an
/// integer enum.
fn integer_impls(
    def: &TypeDef,
    enumeration: &Enum,
    raw: TokenStream,
) -> (TokenStream, TokenStream) {
    let name = ident(&def.name);
    let names: Vec<_> = enumeration
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .collect();
    let values: Vec<TokenStream> = enumeration
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::Int(number) => {
                let literal = proc_macro2::Literal::i64_unsuffixed(*number);
                quote!(#literal)
            }
            EnumValue::Str(text) => quote!(#text),
        })
        .collect();
    let accessor = quote! {
        /// The value as it is sent on the wire.
        pub fn value(&self) -> #raw {
            match self {
                #( #name::#names => #values, )*
                #name::Unknown(value) => *value,
            }
        }
    };
    let impls = quote! {
        impl From<#raw> for #name {
            fn from(value: #raw) -> Self {
                match value {
                    #( #values => #name::#names, )*
                    other => #name::Unknown(other),
                }
            }
        }

        impl From<#name> for #raw {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::num::ParseIntError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                value.trim().parse::<#raw>().map(#name::from)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.value().serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #raw::deserialize(deserializer).map(#name::from)
            }
        }
    };
    (accessor, impls)
}
