//! A struct definition (a schema's struct, a request, a request builder),
//! described once and built as a syntax tree.

use std::borrow::Cow;

use quote::{ToTokens, quote};
use syn::{Field, FieldModifiers, Fields, FieldsNamed, Generics, Item, ItemStruct, Visibility};

use super::body::Body;
use super::types::ident;
use super::{docs, syntax};
use crate::ir::TypeRef;
use crate::lower::is_keyword;

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
    /// Adds the definition to `body`. A name that is a keyword (which the
    /// IR never holds) goes to the parser as tokens, which refuses it with
    /// an error naming the file, as it refuses any invalid Rust.
    pub fn emit(&self, body: &mut Body) {
        let item = self.item();
        let mut names = std::iter::once(self.name).chain(self.fields.iter().map(|f| f.name));
        if names.any(is_keyword) {
            body.tokens(item.into_token_stream());
        } else {
            body.item(item);
        }
    }

    /// The definition as a syntax tree (see [`syntax`]): a large API has
    /// hundreds of thousands of fields, which the parser need not read back.
    pub fn item(&self) -> Item {
        let mut attrs = docs::attributes(&self.doc);
        attrs.extend(self.attrs.iter().map(|attr| match attr {
            Attr::Deprecated => syntax::path_attribute("deprecated"),
            Attr::Derive(traits) => {
                let traits = traits.iter().map(|t| ident(t));
                syntax::list_attribute("derive", quote!(#(#traits),*))
            }
            Attr::NonExhaustive => syntax::path_attribute("non_exhaustive"),
        }));
        let named = self
            .fields
            .iter()
            .map(|field| {
                let mut attrs = docs::attributes(&field.doc);
                if field.deprecated {
                    attrs.push(syntax::path_attribute("deprecated"));
                }
                let mut ty = syntax::type_of(&field.ty.ty);
                if field.ty.boxed {
                    ty = syntax::generic(&["Box"], vec![ty]);
                }
                if field.ty.optional {
                    ty = syntax::generic(&["Option"], vec![ty]);
                }
                Field {
                    attrs,
                    vis: visibility(field.public),
                    modifiers: FieldModifiers::default(),
                    ident: Some(ident(field.name)),
                    colon_token: Some(Default::default()),
                    ty,
                    default: None,
                }
            })
            .collect();
        Item::Struct(ItemStruct {
            attrs,
            vis: visibility(true),
            struct_token: Default::default(),
            ident: ident(self.name),
            generics: Generics::default(),
            fields: Fields::Named(FieldsNamed {
                brace_token: Default::default(),
                named,
            }),
            semi_token: None,
        })
    }
}

fn visibility(public: bool) -> Visibility {
    if public {
        Visibility::Public(Default::default())
    } else {
        Visibility::Inherited
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::EmittedFile;
    use crate::ir::Primitive;

    fn render(def: &StructDef<'_>) -> Result<String, String> {
        let mut body = Body::default();
        def.emit(&mut body);
        crate::write::render(EmittedFile {
            path: "src/x.rs".to_owned(),
            source: None,
            body,
            docs: Vec::new(),
        })
    }

    fn def<'a>(field: &'a str, ty: &'a TypeRef) -> StructDef<'a> {
        StructDef {
            doc: vec!["A pet.".to_owned()],
            attrs: vec![Attr::Derive(&["Debug", "Clone"]), Attr::NonExhaustive],
            name: "Pet",
            fields: vec![FieldDef {
                doc: vec![
                    "Its name.".to_owned(),
                    String::new(),
                    "Two lines.".to_owned(),
                ],
                deprecated: true,
                public: true,
                name: field,
                ty: FieldType {
                    ty: Cow::Borrowed(ty),
                    boxed: true,
                    optional: true,
                },
            }],
        }
    }

    #[test]
    fn a_struct_prints_as_written() {
        let ty = TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::DateTime)));
        let text = render(&def("name", &ty)).unwrap();
        let expected = "/// A pet.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Pet {
    /// Its name.
    ///
    /// Two lines.
    #[deprecated]
    pub name: Option<Box<Vec<rt::formats::DateTime>>>,
}
";
        assert!(text.ends_with(expected), "{text}");
    }

    /// A keyword as a name is invalid Rust, which the parser refuses with
    /// an error naming the file rather than a file that does not compile.
    #[test]
    fn a_keyword_as_a_name_is_an_error() {
        let ty = TypeRef::Json;
        let error = render(&def("type", &ty)).unwrap_err();
        assert!(
            error.starts_with("src/x.rs: the generator produced invalid Rust"),
            "{error}"
        );
    }
}
