//! Named types: structs, aliases and unions, and how a [`TypeRef`] is spelled.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs;
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
    }
}

/// One named type (other than an enumeration).
pub fn type_def(def: &TypeDef, has_default: &dyn Fn(&TypeRef) -> bool) -> TokenStream {
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
            struct_def(&name, st, doc, deprecated, has_default)
        }
        TypeKind::Alias(target) => {
            let doc = docs::attrs(&doc_lines);
            let target = type_tokens(target);
            quote! {
                #doc
                #deprecated
                pub type #name = #target;
            }
        }
        TypeKind::Enum(enumeration) => super::enums::enum_def(def, enumeration),
        TypeKind::Union(union) => union_def(&name, union, docs::attrs(&doc_lines), deprecated),
    }
}

/// A `oneOf`/`anyOf` type: an untagged enum, or one tagged by the
/// discriminator property.
fn union_def(
    name: &Ident,
    union: &Union,
    doc: TokenStream,
    deprecated: TokenStream,
) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = type_tokens(&variant.ty);
        let doc = format!(" The [`{}`] alternative.", variant.name);
        let rename = match &variant.tag_value {
            Some(value) => quote!(#[serde(rename = #value)]),
            None => TokenStream::new(),
        };
        quote! {
            #[doc = #doc]
            #rename
            #variant_name(#ty),
        }
    });
    let tagging = match &union.tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #tagging
        pub enum #name {
            #(#variants)*
        }
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
                #[serde(flatten)]
                pub #field: std::collections::BTreeMap<String, serde_json::Value>,
            }
        }
        Additional::Typed(value) => {
            let field = ident(ADDITIONAL_FIELD);
            let value = type_tokens(value);
            quote! {
                /// Properties beyond the listed ones.
                #[serde(flatten)]
                pub #field: std::collections::BTreeMap<String, #value>,
            }
        }
        Additional::Forbidden => TokenStream::new(),
    };
    let derive_default = st
        .fields
        .iter()
        .all(|f| !f.required || f.nullable || has_default(&f.ty));
    let default = if derive_default {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let fallback = match &field.ty {
        TypeRef::Named(target) => format!("The `{}` property; see [`{target}`].", field.wire_name),
        _ => format!("The `{}` property.", field.wire_name),
    };
    let mut doc_lines = docs::lines(&field.docs, &fallback);
    if field.required {
        doc_lines.push(String::new());
        doc_lines.push("Required: always present in the body.".to_owned());
    }
    let doc = docs::attrs(&doc_lines);
    let mut inner = type_tokens(&field.ty);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    let optional = !field.required || field.nullable;
    let ty = if optional {
        quote!(Option<#inner>)
    } else {
        inner
    };
    let mut serde_args = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if !field.required {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    let deprecated = deprecated_attr(field.docs.deprecated);
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}
