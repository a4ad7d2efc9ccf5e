//! Syntax trees built directly rather than as tokens that the formatter's
//! parser reads back: struct definitions ([`super::struct_def`]) and the
//! invocations of the runtime's macros, which make up most of a large API's
//! files. They are built from the same names and types the tokens would
//! hold, so prettyplease prints them exactly as it prints the parsed form.

use proc_macro2::{Literal, TokenStream};
use syn::punctuated::Punctuated;
use syn::{
    AngleBracketedGenericArguments, AttrStyle, Attribute, Expr, ExprLit, GenericArgument, Item,
    ItemMacro, Lit, Macro, MacroDelimiter, Meta, MetaList, MetaNameValue, Path, PathArguments,
    PathSegment, Type, TypePath,
};

use super::RUNTIME_ALIAS;
use super::types::ident;
use crate::ir::{Primitive, TypeRef};

/// The module of the runtime that holds the macros generated code invokes.
const PRIVATE_MODULE: &str = "__private";

/// The path of the segments `names`, each a plain identifier.
pub fn path(names: &[&str]) -> Path {
    Path {
        leading_colon: None,
        segments: names
            .iter()
            .map(|name| PathSegment::from(ident(name)))
            .collect(),
    }
}

/// `#[name]`.
pub fn path_attribute(name: &str) -> Attribute {
    outer(Meta::Path(path(&[name])))
}

/// `#[name(tokens)]`.
pub fn list_attribute(name: &str, tokens: TokenStream) -> Attribute {
    outer(Meta::List(MetaList {
        path: path(&[name]),
        delimiter: MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = literal]`, for a string literal.
pub fn doc_attribute(literal: Literal) -> Attribute {
    outer(Meta::NameValue(MetaNameValue {
        path: path(&["doc"]),
        eq_token: Default::default(),
        value: Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit: Lit::new(literal),
        }),
    }))
}

fn outer(meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// The one outer attribute that `tokens` spell (`#[cfg(..)]`), or `None`
/// if they spell anything else.
pub fn outer_attribute(tokens: &TokenStream) -> Option<Attribute> {
    let parsed = syn::parse::Parser::parse2(Attribute::parse_outer, tokens.clone()).ok()?;
    match <[Attribute; 1]>::try_from(parsed) {
        Ok([attribute]) => Some(attribute),
        Err(_) => None,
    }
}

/// The attributes of an item of a shape this module builds; `None` for
/// other shapes.
pub fn attributes_mut(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    match item {
        Item::Struct(item) => Some(&mut item.attrs),
        Item::Macro(item) => Some(&mut item.attrs),
        _ => None,
    }
}

/// `rt::__private::name!(tokens);`, an invocation of one of the runtime's
/// macros for generated code.
pub fn runtime_macro(name: &str, tokens: TokenStream) -> Item {
    Item::Macro(ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: Macro {
            path: path(&[RUNTIME_ALIAS, PRIVATE_MODULE, name]),
            bang_token: Default::default(),
            delimiter: MacroDelimiter::Paren(Default::default()),
            tokens,
        },
        semi_token: Some(Default::default()),
    })
}

/// The Rust type of a type reference, as [`super::types::type_tokens`]
/// spells it.
pub fn type_of(ty: &TypeRef) -> Type {
    match ty {
        TypeRef::Named(name) => plain(&[name]),
        TypeRef::Primitive(primitive) => primitive_type(*primitive),
        TypeRef::Vec(item) => generic(&["Vec"], vec![type_of(item)]),
        TypeRef::Map(value) => generic(
            &["std", "collections", "BTreeMap"],
            vec![plain(&["String"]), type_of(value)],
        ),
        TypeRef::Json => plain(&["serde_json", "Value"]),
    }
}

fn primitive_type(primitive: Primitive) -> Type {
    match primitive {
        Primitive::String => plain(&["String"]),
        Primitive::Bool => plain(&["bool"]),
        Primitive::I32 => plain(&["i32"]),
        Primitive::I64 => plain(&["i64"]),
        Primitive::F32 => plain(&["f32"]),
        Primitive::F64 => plain(&["f64"]),
        Primitive::DateTime => plain(&[RUNTIME_ALIAS, "formats", "DateTime"]),
        Primitive::Date => plain(&[RUNTIME_ALIAS, "formats", "Date"]),
        Primitive::Uuid => plain(&[RUNTIME_ALIAS, "formats", "Uuid"]),
        Primitive::Bytes => plain(&[RUNTIME_ALIAS, "formats", "Base64"]),
        Primitive::Binary => generic(&["Vec"], vec![plain(&["u8"])]),
    }
}

/// The type at the path `names`.
fn plain(names: &[&str]) -> Type {
    Type::Path(TypePath {
        attrs: Vec::new(),
        qself: None,
        path: path(names),
    })
}

/// The generic type at the path `names` with the type arguments `args`
/// (`Option<T>`, `Vec<T>`).
pub fn generic(names: &[&str], args: Vec<Type>) -> Type {
    let mut path = path(names);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args
                .into_iter()
                .map(GenericArgument::Type)
                .collect::<Punctuated<_, _>>(),
            gt_token: Default::default(),
        });
    }
    Type::Path(TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, quote};

    use super::*;
    use crate::emit::types::type_tokens;

    /// How prettyplease prints `item`.
    fn printed(item: Item) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }

    /// How prettyplease prints the item `tokens` spell.
    fn printed_tokens(tokens: TokenStream) -> String {
        printed(syn::parse2(tokens).unwrap())
    }

    /// Each built type spells the tokens the rest of the emitter writes for
    /// it, and prints as they do.
    #[test]
    fn types_match_their_tokens() {
        let named = || Box::new(TypeRef::Named("Pet".to_owned()));
        let mut types = vec![
            TypeRef::Json,
            TypeRef::Vec(named()),
            TypeRef::Map(Box::new(TypeRef::Vec(named()))),
        ];
        types.extend(
            [
                Primitive::String,
                Primitive::Bool,
                Primitive::I32,
                Primitive::I64,
                Primitive::F32,
                Primitive::F64,
                Primitive::DateTime,
                Primitive::Date,
                Primitive::Uuid,
                Primitive::Bytes,
                Primitive::Binary,
            ]
            .map(TypeRef::Primitive),
        );
        for ty in types {
            let built = type_of(&ty);
            let tokens = type_tokens(&ty);
            assert_eq!(
                built.to_token_stream().to_string(),
                tokens.to_string(),
                "{ty:?}"
            );
            let alias = |ty: &dyn ToTokens| quote!(type T = Option<Box<#ty>>;);
            let built = generic(&["Option"], vec![generic(&["Box"], vec![built])]);
            let built = syn::parse2::<Item>(quote!(type T = #built;)).unwrap();
            assert_eq!(printed(built), printed_tokens(alias(&tokens)), "{ty:?}");
        }
    }

    #[test]
    fn a_runtime_macro_prints_as_its_tokens() {
        let body = quote!(Pet { id("id", required), name("name") } unlisted(additional_properties));
        assert_eq!(
            printed(runtime_macro("object", body.clone())),
            printed_tokens(quote!(rt::__private::object!(#body);))
        );
    }

    #[test]
    fn attributes_print_as_their_tokens() {
        let item = |attribute: Attribute| {
            let mut item = runtime_macro("m", TokenStream::new());
            attributes_mut(&mut item).unwrap().push(attribute);
            printed(item)
        };
        let cases = [
            (path_attribute("non_exhaustive"), quote!(#[non_exhaustive])),
            (
                list_attribute("derive", quote!(Debug, Clone)),
                quote!(#[derive(Debug, Clone)]),
            ),
            (
                doc_attribute(Literal::string(" A doc.")),
                quote!(#[doc = " A doc."]),
            ),
            (
                outer_attribute(&quote!(#[cfg(feature = "pets")])).unwrap(),
                quote!(#[cfg(feature = "pets")]),
            ),
        ];
        for (built, tokens) in cases {
            assert_eq!(
                item(built),
                printed_tokens(quote!(#tokens rt::__private::m!();))
            );
        }
        assert!(outer_attribute(&quote!(#[a] #[b])).is_none());
        assert!(
            outer_attribute(&quote!(
                fn f() {}
            ))
            .is_none()
        );
    }
}
