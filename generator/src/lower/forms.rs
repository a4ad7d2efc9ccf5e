//! What a schema is, before it is lowered: a named type of its own (enum,
//! struct, union), a plain type (scalar, list, map), another schema it
//! delegates to (`allOf: [$ref]`, a `oneOf` of one), or something unsupported.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lower;
use super::schema::SchemaRef;

/// The form of one schema.
pub(super) enum Form<'a> {
    /// An enumeration, an object with properties, an `allOf` of objects, or a
    /// `oneOf`/`anyOf` of several alternatives: it becomes a named type.
    Named,
    /// A scalar, a list, a map or free-form JSON.
    Plain,
    /// The type of another schema, found at the given pointer suffix.
    Delegate(SchemaRef<'a>, String),
    /// A construct without a Rust type; it falls back to `serde_json::Value`.
    Unsupported(&'static str),
}

/// How deep `allOf` references are followed when deciding whether every
/// part is an object.
const MAX_DEPTH: usize = 16;

impl<'a> Lower<'a> {
    /// The form of `schema`.
    pub(super) fn form_of(&self, schema: &'a Schema) -> Form<'a> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                Form::Named
            }
            SchemaKind::Type(Type::Integer(integer))
                if integer.enumeration.iter().any(Option::is_some) =>
            {
                Form::Named
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => Form::Named,
            SchemaKind::Type(_) => Form::Plain,
            SchemaKind::AllOf { all_of } => self.all_of_form(all_of, false),
            SchemaKind::OneOf { one_of } => union_form(one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => union_form(any_of, "anyOf"),
            SchemaKind::Not { .. } => Form::Unsupported("`not`"),
            SchemaKind::Any(any) => {
                let (alternatives, key) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                let real_alternatives =
                    !alternatives.is_empty() && !alternatives.iter().all(constraint_only);
                let own_properties = !any.properties.is_empty();
                if real_alternatives && !any.all_of.is_empty() {
                    Form::Unsupported("`allOf` beside `oneOf`/`anyOf`")
                } else if real_alternatives && own_properties {
                    Form::Unsupported("`oneOf`/`anyOf` beside `properties`")
                } else if real_alternatives {
                    union_form(alternatives, key)
                } else if !any.all_of.is_empty() {
                    self.all_of_form(&any.all_of, own_properties)
                } else if own_properties {
                    Form::Named
                } else if any.not.is_some() && any.typ.is_none() {
                    Form::Unsupported("`not`")
                } else if !any.enumeration.is_empty()
                    && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
                {
                    Form::Named
                } else {
                    Form::Plain
                }
            }
        }
    }

    /// Whether a schema of [`Form::Named`] is a union.
    pub(super) fn is_union(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::Any(any) => {
                let alternatives = if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                };
                !alternatives.is_empty() && !alternatives.iter().all(constraint_only)
            }
            _ => false,
        }
    }

    fn all_of_form(&self, parts: &'a [ReferenceOr<Schema>], own_properties: bool) -> Form<'a> {
        let meaningful: Vec<(usize, &'a ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !annotation_only(part))
            .collect();
        match meaningful.as_slice() {
            [] if !own_properties => Form::Plain,
            [(i, part)] if !own_properties => {
                Form::Delegate(SchemaRef::from(*part), format!("allOf/{i}"))
            }
            _ if meaningful.iter().all(|(_, part)| self.object_like(part, 0)) => Form::Named,
            _ => Form::Unsupported("`allOf` of schemas that are not all objects"),
        }
    }

    /// Whether a schema describes an object whose properties `allOf` can merge.
    fn object_like(&self, schema: &'a ReferenceOr<Schema>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some((_, schema)) => schema,
                None => return false,
            },
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .filter(|p| !annotation_only(p))
                .all(|p| self.object_like(p, depth + 1)),
            SchemaKind::Any(any) => {
                let alternatives_ok = any.one_of.iter().chain(&any.any_of).all(constraint_only);
                alternatives_ok
                    && (any.typ.as_deref() == Some("object")
                        || !any.properties.is_empty()
                        || !any.required.is_empty()
                        || !any.all_of.is_empty())
                    && any
                        .all_of
                        .iter()
                        .filter(|p| !annotation_only(p))
                        .all(|p| self.object_like(p, depth + 1))
            }
            _ => false,
        }
    }
}

fn union_form<'a>(alternatives: &'a [ReferenceOr<Schema>], key: &str) -> Form<'a> {
    // A repeated `$ref` is the same alternative (`lower_union` drops it too).
    let meaningful: Vec<(usize, &'a ReferenceOr<Schema>)> = shaping_alternatives(alternatives)
        .filter(|&(_, _, repeat)| !repeat)
        .map(|(i, alt, _)| (i, alt))
        .collect();
    match meaningful.as_slice() {
        [] => Form::Plain,
        [(i, alt)] => Form::Delegate(SchemaRef::from(*alt), format!("{key}/{i}")),
        _ => Form::Named,
    }
}

/// The alternatives of a `oneOf`/`anyOf` that say something about the shape
/// of a value, each with its index and whether it is a `$ref` listed before
/// (a repeat of the same alternative).
pub(super) fn shaping_alternatives(
    alternatives: &[ReferenceOr<Schema>],
) -> impl Iterator<Item = (usize, &ReferenceOr<Schema>, bool)> {
    let mut seen: Vec<&str> = Vec::new();
    alternatives
        .iter()
        .enumerate()
        .filter(|(_, alt)| !annotation_only(alt))
        .map(move |(i, alt)| {
            let repeat = match alt {
                ReferenceOr::Reference { reference } => {
                    let repeat = seen.contains(&reference.as_str());
                    seen.push(reference);
                    repeat
                }
                ReferenceOr::Item(_) => false,
            };
            (i, alt, repeat)
        })
}

/// A schema that says nothing about the shape of a value: only a
/// description, `nullable`, examples and the like.
pub(super) fn annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    shapeless(schema, |any| {
        any.required.is_empty() && any.additional_properties.is_none() && any.not.is_none()
    })
}

/// A `oneOf`/`anyOf` alternative that only lists required properties (the
/// way specs say "one of these fields must be set"); it does not change the
/// type.
fn constraint_only(schema: &ReferenceOr<Schema>) -> bool {
    shapeless(schema, |_| true)
}

/// An inline schema with no type, properties, items, enumeration or
/// composition, for which `also` holds.
fn shapeless(schema: &ReferenceOr<Schema>, also: impl Fn(&openapiv3::AnySchema) -> bool) -> bool {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(any),
            ..
        }) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && also(any)
        }
        _ => false,
    }
}
