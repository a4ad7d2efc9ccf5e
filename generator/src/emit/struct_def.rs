//! A struct definition (a schema's struct, a request, a request builder)
//! described once and printed two ways: as tokens for prettyplease, and as
//! text in prettyplease's layout (see [`super::text`]).

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::body::Body;
use super::docs;
use super::text::{Lines, WIDTH, doc_comments, type_text};
use super::types::{ident, type_tokens};
use crate::ir::TypeRef;

/// An attribute of a struct, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    /// `#[deprecated]`.
    Deprecated,
    /// `#[derive(..)]` of these traits.
    Derive(&'static [&'static str]),
    /// `#[non_exhaustive]`.
    NonExhaustive,
}

/// The type of a field, with its wrappers.
#[derive(Debug, Clone)]
pub struct FieldType<'a> {
    /// The type as the IR names it (or as emission builds it).
    pub ty: Cow<'a, TypeRef>,
    /// Wrapped in `Box` (a recursive field).
    pub boxed: bool,
    /// Wrapped in `Option` (outside any `Box`).
    pub optional: bool,
}

/// One field.
#[derive(Debug, Clone)]
pub struct FieldDef<'a> {
    /// Doc comment lines, as `docs::attrs` takes them.
    pub doc: Vec<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// `pub`, or private to the module.
    pub public: bool,
    /// The Rust field name.
    pub name: &'a str,
    /// Its type.
    pub ty: FieldType<'a>,
}

/// A whole `pub struct` with named fields.
#[derive(Debug, Clone)]
pub struct StructDef<'a> {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Attributes after the doc comment.
    pub attrs: Vec<Attr>,
    /// The Rust type name.
    pub name: &'a str,
    /// The fields, in order.
    pub fields: Vec<FieldDef<'a>>,
}

impl StructDef<'_> {
    /// Adds the definition to `body`: as text when `preformat` is on and the
    /// text form knows the layout, as tokens otherwise.
    pub fn emit(&self, body: &mut Body, preformat: bool) {
        body.text_or_tokens(preformat, || self.text(), || self.tokens());
    }

    /// The definition as tokens.
    pub fn tokens(&self) -> TokenStream {
        let doc = docs::attrs(&self.doc);
        let attrs = self.attrs.iter().map(|attr| match attr {
            Attr::Deprecated => quote!(#[deprecated]),
            Attr::Derive(traits) => {
                let traits = traits.iter().map(|t| ident(t));
                quote!(#[derive(#(#traits),*)])
            }
            Attr::NonExhaustive => quote!(#[non_exhaustive]),
        });
        let name = ident(self.name);
        let fields = self.fields.iter().map(|field| {
            let doc = docs::attrs(&field.doc);
            let deprecated = if field.deprecated {
                quote!(#[deprecated])
            } else {
                TokenStream::new()
            };
            let visibility = if field.public {
                quote!(pub)
            } else {
                TokenStream::new()
            };
            let name = ident(field.name);
            let mut ty = type_tokens(&field.ty.ty);
            if field.ty.boxed {
                ty = quote!(Box<#ty>);
            }
            if field.ty.optional {
                ty = quote!(Option<#ty>);
            }
            quote! {
                #doc
                #deprecated
                #visibility #name: #ty,
            }
        });
        quote! {
            #doc
            #(#attrs)*
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// The definition as text, or `None` where a line is too long to stay
    /// whole (prettyplease would break a field's type), a doc line spans
    /// lines, or the struct has no fields (prettyplease prints `{}` on the
    /// header line).
    pub fn text(&self) -> Option<String> {
        if self.fields.is_empty() {
            return None;
        }
        let mut lines = Lines::new(256 + self.fields.len() * 256);
        doc_comments(&mut lines, 0, &self.doc);
        for attr in &self.attrs {
            match attr {
                Attr::Deprecated => lines.fixed("#[deprecated]\n"),
                Attr::Derive(traits) => lines.push(0, &["#[derive(", &traits.join(", "), ")]"]),
                Attr::NonExhaustive => lines.fixed("#[non_exhaustive]\n"),
            }
        }
        lines.line(0, &["pub struct ", self.name, " {"]);
        let mut line = String::new();
        for field in &self.fields {
            doc_comments(&mut lines, 1, &field.doc);
            if field.deprecated {
                lines.fixed("    #[deprecated]\n");
            }
            line.clear();
            if field.public {
                line.push_str("pub ");
            }
            line.push_str(field.name);
            line.push_str(": ");
            let wrappers = usize::from(field.ty.optional) + usize::from(field.ty.boxed);
            if field.ty.optional {
                line.push_str("Option<");
            }
            if field.ty.boxed {
                line.push_str("Box<");
            }
            type_text(&field.ty.ty, &mut line);
            line.push_str(&">".repeat(wrappers));
            line.push(',');
            if 4 + line.len() > WIDTH {
                return None;
            }
            lines.push(1, &[&line]);
        }
        lines.fixed("}\n");
        lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Primitive;

    fn formatted(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the tokens parse"))
    }

    /// Sweeps field lines across the width where prettyplease starts
    /// breaking a field's type, with every wrapper, attribute and kind of
    /// doc line, and checks that each text written is what prettyplease
    /// prints for the tokens.
    #[test]
    fn text_prints_as_prettyplease_across_the_width() {
        let long = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Primitive(
            Primitive::DateTime,
        )))));
        let named = TypeRef::Named("SomeType".to_owned());
        let mut written = 0;
        let mut declined = 0;
        for len in 1..=70 {
            let name = "f".repeat(len);
            for ty in [&long, &named] {
                for (boxed, optional, public) in [
                    (false, false, true),
                    (true, true, true),
                    (false, true, false),
                ] {
                    let def = StructDef {
                        doc: vec![
                            "Summary.".to_owned(),
                            String::new(),
                            "Trailing spaces.  ".to_owned(),
                            "  Indented.".to_owned(),
                        ],
                        attrs: vec![
                            Attr::Deprecated,
                            Attr::Derive(&["Debug", "Clone"]),
                            Attr::NonExhaustive,
                        ],
                        name: "Example",
                        fields: vec![
                            FieldDef {
                                doc: vec!["A field.".to_owned()],
                                deprecated: len % 2 == 0,
                                public,
                                name: &name,
                                ty: FieldType {
                                    ty: Cow::Borrowed(ty),
                                    boxed,
                                    optional,
                                },
                            },
                            FieldDef {
                                doc: Vec::new(),
                                deprecated: false,
                                public: true,
                                name: "other",
                                ty: FieldType {
                                    ty: Cow::Owned(TypeRef::Json),
                                    boxed: false,
                                    optional: false,
                                },
                            },
                        ],
                    };
                    match def.text() {
                        Some(text) => {
                            written += 1;
                            assert_eq!(text, formatted(def.tokens()), "field `{name}`");
                        }
                        None => declined += 1,
                    }
                }
            }
        }
        // Each field length on each side of the width, for every shape.
        assert!(written >= 150, "only {written} written");
        assert!(declined >= 150, "only {declined} declined");
    }

    #[test]
    fn text_declines_structs_without_fields_and_multi_line_docs() {
        let empty = StructDef {
            doc: vec!["Nothing.".to_owned()],
            attrs: vec![Attr::Derive(&["Debug"])],
            name: "Empty",
            fields: Vec::new(),
        };
        assert_eq!(empty.text(), None);
        let json = TypeRef::Json;
        let multi_line = StructDef {
            doc: vec!["One\nTwo".to_owned()],
            attrs: Vec::new(),
            name: "MultiLine",
            fields: vec![FieldDef {
                doc: Vec::new(),
                deprecated: false,
                public: true,
                name: "value",
                ty: FieldType {
                    ty: Cow::Borrowed(&json),
                    boxed: false,
                    optional: false,
                },
            }],
        };
        assert_eq!(multi_line.text(), None);
    }
}
