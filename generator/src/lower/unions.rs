//! `oneOf`/`anyOf` → unions: one variant per alternative, tagged by the
//! discriminator when every alternative is a named schema, untagged otherwise.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lower;
use super::forms::shaping_alternatives;
use super::names::{self, NameScope};
use super::schema::{SchemaRef, UNKNOWN_VARIANT};
use crate::ir::{Union, UnionVariant};

impl<'a> Lower<'a> {
    /// Lowers a `oneOf`/`anyOf` schema into the union `name`.
    pub(super) fn lower_union(&mut self, name: &str, schema: &'a Schema, at: &str) -> Union {
        let (alternatives, key): (&'a [ReferenceOr<Schema>], &str) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(any) if !any.one_of.is_empty() => (&any.one_of, "oneOf"),
            SchemaKind::Any(any) => (&any.any_of, "anyOf"),
            _ => (&[], "oneOf"),
        };
        let mut scope = NameScope::default();
        let _ = scope.claim(UNKNOWN_VARIANT, UNKNOWN_VARIANT);
        let mut variants = Vec::new();
        let mut references = Vec::new();
        for (i, alternative, repeat) in shaping_alternatives(alternatives) {
            let alternative_at = format!("{at}/{key}/{i}");
            if let (ReferenceOr::Reference { reference }, true) = (alternative, repeat) {
                self.warning(
                    &alternative_at,
                    format!("`{reference}` is listed twice in `{key}`; the repeat is dropped"),
                );
                continue;
            }
            let base = self.variant_name(alternative, i);
            let (variant_name, _) = scope.claim_unique(&base, &alternative_at, "");
            let ty = self.type_of(
                SchemaRef::from(alternative),
                &alternative_at,
                &format!("{name}{variant_name}"),
            );
            references.push(match alternative {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            });
            variants.push(UnionVariant {
                name: variant_name,
                tag_value: None,
                ty,
                boxed: false,
            });
        }
        let tag = match &schema.schema_data.discriminator {
            None => None,
            Some(discriminator) if references.iter().all(Option::is_some) => {
                for (variant, reference) in variants.iter_mut().zip(&references) {
                    let reference = reference.unwrap_or_default();
                    let mapped = discriminator
                        .mapping
                        .iter()
                        .find(|(_, target)| target.as_str() == reference)
                        .map(|(value, _)| value.clone());
                    let key = reference.rsplit('/').next().unwrap_or(reference);
                    variant.tag_value = Some(mapped.unwrap_or_else(|| key.to_owned()));
                }
                self.warn_shared_tags(&variants, &discriminator.property_name, at);
                Some(discriminator.property_name.clone())
            }
            Some(discriminator) => {
                self.warning(
                    &format!("{at}/discriminator"),
                    format!("the discriminator `{}` is ignored because not every alternative is a `$ref`; the union is decoded by trying each alternative in order", discriminator.property_name),
                );
                None
            }
        };
        Union { tag, variants }
    }

    /// Warns of each tag value that names more than one alternative: a value
    /// with that tag decodes as the first of them.
    fn warn_shared_tags(&mut self, variants: &[UnionVariant], tag: &str, at: &str) {
        for (i, variant) in variants.iter().enumerate() {
            let Some(first) = variants[..i]
                .iter()
                .find(|earlier| earlier.tag_value == variant.tag_value)
            else {
                continue;
            };
            let value = variant.tag_value.as_deref().unwrap_or_default();
            self.warning(&format!("{at}/discriminator"), format!("alternatives `{}` and `{}` share the `{tag}` value `{value}`; such a value decodes as `{}`", first.name, variant.name, first.name));
        }
    }

    /// The variant name of an alternative: the referenced type's name, the
    /// schema's title, or what kind of value it is.
    fn variant_name(&self, alternative: &ReferenceOr<Schema>, index: usize) -> String {
        let schema = match alternative {
            ReferenceOr::Reference { reference } => {
                let key = reference.rsplit('/').next().unwrap_or(reference);
                return match self.component_names.get(key) {
                    Some(name) => name.clone(),
                    None => names::type_name(key),
                };
            }
            ReferenceOr::Item(schema) => schema,
        };
        if let Some(title) = &schema.schema_data.title {
            return names::camel_name(title, "Variant");
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => "String",
            SchemaKind::Type(Type::Integer(_)) => "Integer",
            SchemaKind::Type(Type::Number(_)) => "Number",
            SchemaKind::Type(Type::Boolean(_)) => "Boolean",
            SchemaKind::Type(Type::Array(_)) => "Array",
            SchemaKind::Type(Type::Object(_)) => "Object",
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => "String",
                Some("integer") => "Integer",
                Some("number") => "Number",
                Some("boolean") => "Boolean",
                Some("array") => "Array",
                _ if !any.properties.is_empty() => "Object",
                _ => "",
            },
            _ => "",
        };
        if kind.is_empty() {
            format!("Variant{}", index + 1)
        } else {
            kind.to_owned()
        }
    }
}
