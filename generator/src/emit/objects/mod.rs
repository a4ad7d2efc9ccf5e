//! The serde impls of generated structs, written out instead of derived: a
//! `match` over the wire names for `Deserialize` and a run of property writes
//! for `Serialize`, both through `flowscribe_runtime::object`. The derives
//! would produce several times more code (field enums, visitors for arrays,
//! the buffering of `#[serde(flatten)]`), which a large API spends most of its
//! type-checking time on; the fields themselves carry no serde attributes.
//!
//! The impls exist in two forms that print the same: [`tokens`], for
//! prettyplease to format, and [`text`], the same items written straight in
//! prettyplease's layout. The text form skips parsing and formatting, most
//! of the time a large API takes; it declines (and the tokens are used) for
//! any struct whose layout it does not know for certain, and
//! [`crate::Options::preformat`] turns it off so that tests can compare the
//! two.

mod text;
mod tokens;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::body::Body;
use super::types::ident;
use crate::ir::{ADDITIONAL_FIELD, Additional, Field, Literal, Struct, TypeRef};

/// How a field gets its value once the whole object has been read.
enum Finish {
    /// Absent is an error naming the property.
    Required,
    /// Absent and `null` are `None`.
    Optional,
    /// Absent and `null` are the documented default.
    Default(TokenStream),
}

impl Finish {
    fn of(field: &Field) -> Finish {
        match default_value(field) {
            Some(default) => Finish::Default(default),
            None if field.is_optional() => Finish::Optional,
            None => Finish::Required,
        }
    }
}

/// Whether `Serialize` leaves the property out when the field is `None`
/// (rather than writing `null`): optional properties, and those present in
/// one direction only.
fn written_only_when_set(field: &Field) -> bool {
    field.is_optional() && (!field.required || field.read_only || field.write_only)
}

/// Whether the struct keeps properties it does not list.
fn keeps_unlisted(st: &Struct) -> bool {
    match st.additional {
        Additional::Forbidden => false,
        Additional::KeepUnknown | Additional::Typed(_) => true,
    }
}

/// Adds the `Deserialize`, `DecodeObject` and `Serialize` impls of a struct
/// to `body`: as text where [`text`] knows the layout and `preformat` is on,
/// as tokens otherwise. `Serialize` exists only with the generated crate's
/// `serialize` feature unless a request can send the type (`always`).
pub fn serde_impls(body: &mut Body, name: &Ident, st: &Struct, always: bool, preformat: bool) {
    let type_name = name.to_string();
    body.text_or_tokens(
        preformat,
        || text::decode(&type_name, st),
        || tokens::decode(name, st),
    );
    body.text_or_tokens(
        preformat,
        || text::encode(&type_name, st, always),
        || tokens::encode(name, st, always),
    );
}

/// The documented default of a field as an expression of its type.
pub fn default_value(field: &Field) -> Option<TokenStream> {
    let value = literal(&field.ty, field.default.as_ref()?);
    Some(if field.boxed {
        quote!(Box::new(#value))
    } else {
        value
    })
}

/// `literal` as an expression of type `ty`.
fn literal(ty: &TypeRef, literal: &Literal) -> TokenStream {
    let value = match (literal, ty) {
        (Literal::Bool(value), _) => quote!(#value),
        (Literal::Integer(value), _) => {
            let value = proc_macro2::Literal::i64_unsuffixed(*value);
            quote!(#value)
        }
        (Literal::Number(value), _) => {
            let value = proc_macro2::Literal::f64_unsuffixed(*value);
            quote!(#value)
        }
        (Literal::String(value), TypeRef::Named(_)) => quote!(#value),
        (Literal::String(value), _) => quote!(#value.to_owned()),
        (Literal::List(items), TypeRef::Vec(item)) => {
            let items = items.iter().map(|value| self::literal(item, value));
            return quote!(vec![#(#items),*]);
        }
        // Lowering pairs lists with `Vec` fields only.
        (Literal::List(_), _) => quote!(Default::default()),
    };
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name::from(#value))
        }
        _ => value,
    }
}

/// `Default` for a struct with documented defaults: they fill their fields,
/// the other optional fields are `None` and the rest their own default.
pub fn default_impl(name: &Ident, st: &Struct) -> TokenStream {
    let fields = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let value = match default_value(f) {
            Some(value) => value,
            None if f.is_optional() => quote!(None),
            None => quote!(Default::default()),
        };
        quote!(#field: #value,)
    });
    let unlisted = match &st.additional {
        Additional::Forbidden => TokenStream::new(),
        Additional::KeepUnknown | Additional::Typed(_) => {
            let field = ident(ADDITIONAL_FIELD);
            quote!(#field: Default::default(),)
        }
    };
    quote! {
        /// Every property absent: the documented defaults, and `None` for
        /// the other optional properties.
        #[allow(clippy::derivable_impls)]
        impl Default for #name {
            fn default() -> Self {
                #name {
                    #(#fields)*
                    #unlisted
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Docs, Primitive};

    fn field(name: &str, wire: &str, required: bool) -> Field {
        Field {
            name: name.to_owned(),
            wire_name: wire.to_owned(),
            ty: TypeRef::Primitive(Primitive::String),
            required,
            nullable: false,
            boxed: false,
            read_only: false,
            write_only: false,
            constraints: Constraints::default(),
            default: None,
            docs: Docs::default(),
        }
    }

    fn formatted(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the tokens parse"))
    }

    /// Sweeps type and property names across the widths where prettyplease
    /// starts breaking lines (impl headers, match arms, struct literal
    /// fields, property writes, the last field's comma) and checks that
    /// every text the text form writes is what prettyplease prints.
    #[test]
    fn text_prints_as_prettyplease_across_the_width() {
        let mut written = 0;
        let mut declined = 0;
        for name_len in [10, 30, 36, 37, 38, 39, 40, 50, 70, 76, 77, 90] {
            let name = format!("T{}", "x".repeat(name_len - 1));
            let ident = crate::emit::types::ident(&name);
            for field_len in (1..=48).chain([60, 80]) {
                let long = "f".repeat(field_len);
                for additional in [Additional::KeepUnknown, Additional::Forbidden] {
                    for (required, always) in [(true, true), (false, false), (true, false)] {
                        let st = Struct {
                            fields: vec![
                                field("short_one", "short_one", true),
                                field("another", "another", false),
                                field(&long, &long.to_uppercase(), required),
                            ],
                            additional: additional.clone(),
                        };
                        let decode = text::decode(&name, &st);
                        let encode = text::encode(&name, &st, always);
                        for text in [&decode, &encode] {
                            if text.is_some() {
                                written += 1;
                            } else {
                                declined += 1;
                            }
                        }
                        if let Some(text) = decode {
                            let expected = formatted(tokens::decode(&ident, &st));
                            assert_eq!(text, expected, "decode of {name} with {long}");
                        }
                        if let Some(text) = encode {
                            let expected = formatted(tokens::encode(&ident, &st, always));
                            assert_eq!(text, expected, "encode of {name} with {long}");
                        }
                    }
                }
            }
        }
        assert!(
            written > 3 * declined,
            "{written} written, {declined} declined"
        );
    }

    /// Sweeps one-field structs across the width up to which prettyplease
    /// keeps a struct literal on one line.
    #[test]
    fn text_prints_small_literals_as_prettyplease() {
        let mut written = 0;
        for name_len in 1..=40 {
            let name = format!("S{}", "s".repeat(name_len - 1));
            let ident = crate::emit::types::ident(&name);
            for required in [true, false] {
                for additional in [Additional::KeepUnknown, Additional::Forbidden] {
                    let st = Struct {
                        fields: vec![field("a", "a", required)],
                        additional,
                    };
                    if let Some(text) = text::decode(&name, &st) {
                        written += 1;
                        assert_eq!(text, formatted(tokens::decode(&ident, &st)), "{name}");
                    }
                }
            }
        }
        assert!(written >= 80, "only {written} written");
    }

    /// Structs the text form must leave to the tokens.
    #[test]
    fn text_declines_one_line_literals_and_defaults() {
        let small = Struct {
            fields: vec![field("a", "a", true)],
            additional: Additional::Forbidden,
        };
        assert_eq!(text::decode("Small", &small), None);
        let mut with_default = field("count_of_things", "countOfThings", false);
        with_default.ty = TypeRef::Primitive(Primitive::I64);
        with_default.default = Some(Literal::Integer(3));
        let defaulted = Struct {
            fields: vec![
                field("first_property", "firstProperty", true),
                field("second_property", "secondProperty", true),
                with_default,
            ],
            additional: Additional::KeepUnknown,
        };
        assert_eq!(text::decode("Defaulted", &defaulted), None);
        // An empty literal stays `Ok(Name {})`, however long the name.
        let empty = Struct {
            fields: vec![],
            additional: Additional::Forbidden,
        };
        assert_eq!(text::decode(&"T".repeat(50), &empty), None);
        // Serialize has no one-line form: even an empty struct is written.
        let ident = crate::emit::types::ident("Empty");
        assert_eq!(
            text::encode("Empty", &empty, true),
            Some(formatted(tokens::encode(&ident, &empty, true)))
        );
    }
}
