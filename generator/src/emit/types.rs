//! Named types: structs, aliases and unions, and how a [`TypeRef`] is spelled.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::body::Body;
use super::{docs, objects};
use crate::ir::{
    ADDITIONAL_FIELD, Additional, Field, Primitive, Struct, TypeDef, TypeKind, TypeRef, Union,
};

/// An identifier from a name the IR has already validated.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a type reference.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Primitive(primitive) => primitive_tokens(*primitive),
        TypeRef::Vec(item) => {
            let item = type_tokens(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Json => quote!(serde_json::Value),
    }
}

fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(String),
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::DateTime => quote!(flowscribe_runtime::formats::DateTime),
        Primitive::Date => quote!(flowscribe_runtime::formats::Date),
        Primitive::Uuid => quote!(flowscribe_runtime::formats::Uuid),
        Primitive::Bytes => quote!(flowscribe_runtime::formats::Base64),
        Primitive::Binary => quote!(Vec<u8>),
    }
}

/// Adds one named type to `body`, with its impls; `preformat` as in
/// [`crate::Options::preformat`].
pub fn type_def(
    body: &mut Body,
    def: &TypeDef,
    has_default: &dyn Fn(&TypeRef) -> bool,
    always_serialize: bool,
    preformat: bool,
) {
    let serialize = serialize_derive(always_serialize);
    let name = ident(&def.name);
    let mut doc_lines = docs::lines(&def.docs, &format!("The `{}` schema.", def.spec_name));
    let deprecated = deprecated_attr(def.docs.deprecated);
    match &def.kind {
        TypeKind::Struct(st) => {
            doc_lines.push(String::new());
            doc_lines.push(match st.additional {
                Additional::KeepUnknown => "Properties the spec does not list are kept in `additional_properties`, so that decoding and re-encoding loses nothing.".to_owned(),
                Additional::Typed(_) => "Properties beyond the listed ones are collected in `additional_properties`.".to_owned(),
                Additional::Forbidden => "The spec allows no other properties.".to_owned(),
            });
            let doc = docs::attrs(&doc_lines);
            body.tokens(struct_def(&name, st, doc, deprecated, has_default));
            objects::serde_impls(body, &name, st, always_serialize, preformat);
        }
        TypeKind::Alias(target) => {
            let doc = docs::attrs(&doc_lines);
            let target = type_tokens(target);
            body.tokens(quote! {
                #doc
                #deprecated
                pub type #name = #target;
            });
        }
        TypeKind::Enum(enumeration) => body.tokens(super::enums::enum_def(def, enumeration)),
        TypeKind::Union(union) => body.tokens(union_def(
            &name,
            union,
            docs::attrs(&doc_lines),
            deprecated,
            serialize,
            always_serialize,
        )),
    }
}

/// A `oneOf`/`anyOf` type. Untagged unions try each alternative in order;
/// tagged ones read the discriminator property first and decode the whole
/// object (tag included) as the alternative it names. Either way, a value that
/// matches no alternative is kept whole in `Unknown`, so that a new variant on
/// the server does not fail decoding.
fn union_def(
    name: &Ident,
    union: &Union,
    doc: TokenStream,
    deprecated: TokenStream,
    serialize: TokenStream,
    always_serialize: bool,
) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let mut ty = type_tokens(&variant.ty);
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = match (&variant.tag_value, &variant.ty) {
            (Some(value), _) => format!(
                " The alternative whose `{}` is `{value}`.",
                union.tag.as_deref().unwrap_or_default()
            ),
            (None, TypeRef::Named(target)) => format!(" The [`{target}`] alternative."),
            (None, _) => format!(" The `{}` alternative.", variant.name),
        };
        quote! {
            #[doc = #doc]
            #variant_name(#ty),
        }
    });
    let keeps_anything = union.variants.iter().any(|v| v.ty == TypeRef::Json);
    let unknown = if keeps_anything {
        TokenStream::new()
    } else {
        quote! {
            /// A value that matches no alternative the spec lists, kept as received.
            Unknown(serde_json::Value),
        }
    };
    let Some(tag) = &union.tag else {
        return quote! {
            #doc
            #deprecated
            #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
            #serialize
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                #unknown
            }
        };
    };
    let untagged = serde_attr(always_serialize, quote!(untagged));
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = variant.tag_value.as_deref().unwrap_or_default();
        let wrap = if variant.boxed {
            quote!(|v| Self::#variant_name(Box::new(v)))
        } else {
            quote!(Self::#variant_name)
        };
        quote! {
            Some(#value) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    let fallback = if keeps_anything {
        let message = format!("unknown `{tag}`");
        quote!(_ => Err(serde::de::Error::custom(#message)),)
    } else {
        quote!(_ => Ok(Self::Unknown(value)),)
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #serialize
        #untagged
        pub enum #name {
            #(#variants)*
            #unknown
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#tag).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// The `Serialize` derive: always for types a request can send, otherwise
/// with the generated crate's `serialize` feature.
fn serialize_derive(always: bool) -> TokenStream {
    if always {
        quote!(#[derive(serde::Serialize)])
    } else {
        quote!(#[cfg_attr(feature = "serialize", derive(serde::Serialize))])
    }
}

/// A `#[serde(...)]` attribute for the `Serialize` derive, present exactly
/// when the derive is (the attribute is unknown without it).
fn serde_attr(always: bool, args: TokenStream) -> TokenStream {
    if always {
        quote!(#[serde(#args)])
    } else {
        quote!(#[cfg_attr(feature = "serialize", serde(#args))])
    }
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

fn struct_def(
    name: &Ident,
    st: &Struct,
    doc: TokenStream,
    deprecated: TokenStream,
    has_default: &dyn Fn(&TypeRef) -> bool,
) -> TokenStream {
    let fields = st.fields.iter().map(field);
    let additional = match &st.additional {
        Additional::KeepUnknown => {
            let field = ident(ADDITIONAL_FIELD);
            quote! {
                /// Properties the spec does not list, exactly as received.
                pub #field: std::collections::BTreeMap<String, serde_json::Value>,
            }
        }
        Additional::Typed(value) => {
            let field = ident(ADDITIONAL_FIELD);
            let value = type_tokens(value);
            quote! {
                /// Properties beyond the listed ones.
                pub #field: std::collections::BTreeMap<String, #value>,
            }
        }
        Additional::Forbidden => TokenStream::new(),
    };
    let implements_default = st
        .fields
        .iter()
        .all(|f| f.is_optional() || f.default.is_some() || has_default(&f.ty));
    let spec_defaults = st.fields.iter().any(|f| f.default.is_some());
    let (default, default_impl) = match (implements_default, spec_defaults) {
        (true, false) => (quote!(Default,), TokenStream::new()),
        (true, true) => (TokenStream::new(), objects::default_impl(name, st)),
        (false, _) => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #default_impl
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let fallback = match &field.ty {
        TypeRef::Named(target) => format!("The `{}` property; see [`{target}`].", field.wire_name),
        _ => format!("The `{}` property.", field.wire_name),
    };
    let mut doc_lines = docs::lines(&field.docs, &fallback);
    if field.read_only {
        doc_lines.push(String::new());
        doc_lines.push("Read-only: the server sets it; requests leave it `None`.".to_owned());
    } else if field.write_only {
        doc_lines.push(String::new());
        doc_lines.push("Write-only: sent in requests, never returned.".to_owned());
    } else if field.default.is_some() {
        doc_lines.push(String::new());
        doc_lines.push("When the property is absent (or `null`), the default above.".to_owned());
    } else if field.required && !field.nullable {
        doc_lines.push(String::new());
        doc_lines.push("Required: always present in the body.".to_owned());
    } else if field.required {
        doc_lines.push(String::new());
        doc_lines.push("Required, but may be `null`.".to_owned());
    }
    let doc = docs::attrs(&doc_lines);
    let mut inner = type_tokens(&field.ty);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    let ty = if field.is_optional() {
        quote!(Option<#inner>)
    } else {
        inner
    };
    let deprecated = deprecated_attr(field.docs.deprecated);
    quote! {
        #doc
        #deprecated
        pub #name: #ty,
    }
}
