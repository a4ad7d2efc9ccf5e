//! Named types: structs, aliases and unions, and how a [`TypeRef`] is spelled.

use std::borrow::Cow;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::body::Body;
use super::struct_def::{Attr, FieldDef, FieldType, StructDef};
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
        Primitive::DateTime => quote!(rt::formats::DateTime),
        Primitive::Date => quote!(rt::formats::Date),
        Primitive::Uuid => quote!(rt::formats::Uuid),
        Primitive::Bytes => quote!(rt::formats::Base64),
        Primitive::Binary => quote!(Vec<u8>),
    }
}

/// Adds one named type to `body`, with its impls.
pub fn type_def(
    body: &mut Body,
    def: &TypeDef,
    has_default: &dyn Fn(&TypeRef) -> bool,
    always_serialize: bool,
) {
    let name = ident(&def.name);
    let mut doc_lines = docs::lines(&def.docs, &format!("The `{}` schema.", def.spec_name));
    let deprecated = deprecated_attr(def.docs.deprecated);
    match &def.kind {
        TypeKind::Struct(st) => {
            // Other properties are kept in `additional_properties`, which
            // says so in its own doc.
            if st.additional == Additional::Forbidden {
                doc_lines.push(String::new());
                doc_lines.push("The spec allows no other properties.".to_owned());
            }
            struct_def(body, def, st, doc_lines, has_default, always_serialize);
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
        TypeKind::Enum(enumeration) => super::enums::enum_def(body, def, enumeration),
        TypeKind::Union(union) => {
            let (definition, impls) = union_def(
                &name,
                union,
                docs::attrs(&doc_lines),
                deprecated,
                always_serialize,
            );
            body.tokens(definition);
            body.item(impls);
        }
    }
}

/// A `oneOf`/`anyOf` type, whose impls the runtime's `union!` writes.
/// Untagged unions try each alternative in order; tagged ones read the
/// discriminator property first and decode the whole object (tag included)
/// as the alternative it names. Either way, a value that matches no
/// alternative is kept whole in `Unknown`, so that a new variant on the
/// server does not fail decoding.
fn union_def(
    name: &Ident,
    union: &Union,
    doc: TokenStream,
    deprecated: TokenStream,
    always_serialize: bool,
) -> (TokenStream, syn::Item) {
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
    let (unknown, fallback) = if keeps_anything {
        (TokenStream::new(), TokenStream::new())
    } else {
        let unknown = quote! {
            /// A value that matches no alternative the spec lists, kept as received.
            Unknown(serde_json::Value),
        };
        (unknown, quote!(unknown(Unknown)))
    };
    let gate = if always_serialize {
        TokenStream::new()
    } else {
        quote!(serialize_feature("serialize"))
    };
    let listed = match &union.tag {
        None => {
            let names = union.variants.iter().map(|variant| ident(&variant.name));
            quote!({ #(#names),* })
        }
        Some(tag) => {
            // A tag value two alternatives share decodes as the first of
            // them (the lowering warned); the second is listed without it,
            // to be encoded only.
            let mut seen = std::collections::BTreeSet::new();
            let entries = union.variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                let value = variant.tag_value.as_deref().unwrap_or_default();
                if seen.insert(value) {
                    quote!(#variant_name(#value))
                } else {
                    quote!(#variant_name)
                }
            });
            quote!(tag(#tag) { #(#entries),* })
        }
    };
    let definition = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
        }
    };
    let impls = super::syntax::runtime_macro("union", quote!(#name #listed #fallback #gate));
    (definition, impls)
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

/// Adds a struct's definition, its `Default` impl (derived, or written out
/// when the spec gives defaults) and its serde impls to `body`.
fn struct_def(
    body: &mut Body,
    def: &TypeDef,
    st: &Struct,
    doc: Vec<String>,
    has_default: &dyn Fn(&TypeRef) -> bool,
    always_serialize: bool,
) {
    let mut fields: Vec<FieldDef<'_>> = st.fields.iter().map(field).collect();
    let additional = match &st.additional {
        Additional::KeepUnknown => Some((
            "Properties the spec does not list, as received; encoded back unchanged.",
            TypeRef::Json,
        )),
        Additional::Typed(value) => Some(("Properties beyond the listed ones.", value.clone())),
        Additional::Forbidden => None,
    };
    if let Some((doc, value)) = additional {
        fields.push(FieldDef {
            doc: vec![doc.to_owned()],
            deprecated: false,
            public: true,
            name: ADDITIONAL_FIELD,
            ty: FieldType {
                ty: Cow::Owned(TypeRef::Map(Box::new(value))),
                boxed: false,
                optional: false,
            },
        });
    }
    let implements_default = st
        .fields
        .iter()
        .all(|f| f.fills_itself(|| has_default(&f.ty)));
    let spec_defaults = st.fields.iter().any(|f| f.default.is_some());
    let derive: &'static [&'static str] = if implements_default && !spec_defaults {
        &["Debug", "Clone", "PartialEq", "Default"]
    } else {
        &["Debug", "Clone", "PartialEq"]
    };
    let mut attrs = Vec::new();
    if def.docs.deprecated {
        attrs.push(Attr::Deprecated);
    }
    attrs.push(Attr::Derive(derive));
    // Adding a property to the spec must not break code that builds or
    // destructures the struct: it is built from `Default` (or `new`) and
    // field assignments, and destructured with `..`.
    attrs.push(Attr::NonExhaustive);
    StructDef {
        doc,
        attrs,
        name: &def.name,
        fields,
    }
    .emit(body);
    let name = ident(&def.name);
    let takes = |f: &Field| !f.fills_itself(|| has_default(&f.ty));
    let init = if !implements_default {
        objects::Init::New(&takes)
    } else if spec_defaults {
        objects::Init::Default
    } else {
        objects::Init::Nothing
    };
    body.item(objects::serde_impls(&name, st, always_serialize, init));
}

fn field(field: &Field) -> FieldDef<'_> {
    // The field's type, which rustdoc shows and links, documents the rest.
    let fallback = format!("The `{}` property.", field.wire_name);
    let mut doc_lines = docs::lines(&field.docs, &fallback);
    let presence = if field.read_only {
        Some("Read-only: the server sets it; requests leave it `None`.")
    } else if field.write_only {
        Some("Write-only: sent in requests, never returned.")
    } else if field.default.is_some() {
        Some("When the property is absent (or `null`), the default above.")
    } else if field.required && !field.nullable {
        // The type, not an `Option`, says it is always present.
        None
    } else if field.required {
        Some("Required, but may be `null`.")
    } else {
        None
    };
    if let Some(presence) = presence {
        docs::end_paragraph(&mut doc_lines, presence);
    }
    FieldDef {
        doc: doc_lines,
        deprecated: field.docs.deprecated,
        public: true,
        name: &field.name,
        ty: FieldType {
            ty: Cow::Borrowed(&field.ty),
            boxed: field.boxed,
            optional: field.is_optional(),
        },
    }
}
