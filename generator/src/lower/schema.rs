//! Schemas → named types and type references.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::extensions::{self, constraint_facts, format_number};
use super::names::{self, NameScope};
use super::{Lower, pointer};
use crate::ir::{
    Additional, Constraints, Docs, Enum, EnumRepr, EnumValue, Field, Primitive, Struct, TypeDef,
    TypeKind, TypeRef, Variant,
};

/// The variant name every generated enum reserves for values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A schema or a reference to one, whichever way the document boxes it.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref`.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lower<'a> {
    /// Names every component schema, before any is lowered, so that references
    /// resolve in any order. Two schemas whose names map to one Rust name are
    /// an error.
    pub(super) fn name_components(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let at = pointer(&["components", "schemas", key]);
            let rust_name = match schema_extensions(schema.into()) {
                Some(ext) => match extensions::string(ext, "x-rust-name") {
                    Ok(Some(name)) if names::is_valid_identifier(&name) => name,
                    Ok(Some(name)) => {
                        self.error(
                            &at,
                            format!("`x-rust-name` `{name}` is not a valid Rust type name"),
                        );
                        continue;
                    }
                    Ok(None) => names::type_name(key),
                    Err(message) => {
                        self.error(&at, message);
                        continue;
                    }
                },
                None => names::type_name(key),
            };
            if let Err(holder) = self.type_scope.claim(&rust_name, key) {
                self.error(
                    &at,
                    format!(
                        "schemas `{holder}` and `{key}` both map to the Rust type name `{rust_name}`; rename one or set `x-rust-name`"
                    ),
                );
                continue;
            }
            self.component_names.insert(key.clone(), rust_name);
        }
    }

    /// Lowers every component schema into a named type.
    pub(super) fn lower_components(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let Some(rust_name) = self.component_names.get(key).cloned() else {
                continue;
            };
            let at = pointer(&["components", "schemas", key]);
            match SchemaRef::from(schema) {
                SchemaRef::Ref(reference) => {
                    let target = self.resolve_ref(reference, &at);
                    let docs = Docs::default();
                    self.insert_type(rust_name, key, docs, TypeKind::Alias(target));
                }
                SchemaRef::Inline(schema) => self.define(rust_name, key, schema, &at),
            }
        }
    }

    /// The component schema a `$ref` names, with its key.
    pub(super) fn component(&self, reference: &str) -> Option<(&'a str, &'a Schema)> {
        let key = reference.strip_prefix(SCHEMA_PREFIX)?;
        let components = self.spec.document.components.as_ref()?;
        let (key, schema) = components.schemas.get_key_value(key)?;
        match schema {
            ReferenceOr::Item(schema) => Some((key.as_str(), schema)),
            ReferenceOr::Reference { reference } => self.component(reference),
        }
    }

    /// A `$ref` to a component schema, as a type reference.
    fn resolve_ref(&mut self, reference: &str, at: &str) -> TypeRef {
        if let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) {
            if let Some(name) = self.component_names.get(key) {
                return TypeRef::Named(name.clone());
            }
            let exists = self
                .spec
                .document
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(key));
            if !exists {
                self.error(
                    at,
                    format!("`$ref` `{reference}` points at no schema in `components/schemas`"),
                );
            }
            // A schema that exists but could not be named was reported already.
            return TypeRef::Json;
        }
        self.error(
            at,
            format!("`$ref` `{reference}` is not supported: only `#/components/schemas/...` references are"),
        );
        TypeRef::Json
    }

    /// The type of a schema that stands at `at`. Inline objects and enums become
    /// named types called `hint` (made unique if taken).
    pub(super) fn type_of(&mut self, schema: SchemaRef<'a>, at: &str, hint: &str) -> TypeRef {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, at),
            SchemaRef::Inline(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                self.define_inline(hint, schema, at)
            }
            SchemaKind::Type(Type::Integer(integer))
                if integer.enumeration.iter().any(Option::is_some) =>
            {
                self.define_inline(hint, schema, at)
            }
            SchemaKind::Type(Type::String(string)) => {
                if let VariantOrUnknownOrEmpty::Item(StringFormat::Binary) = string.format {
                    self.warning(at, "`format: binary` is carried as a string");
                }
                TypeRef::Primitive(Primitive::String)
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                TypeRef::Primitive(integer_primitive(&integer.format))
            }
            SchemaKind::Type(Type::Number(number)) => {
                TypeRef::Primitive(number_primitive(&number.format))
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let item_at = format!("{at}/items");
                let item = match &array.items {
                    Some(items) => self.type_of(items.into(), &item_at, &format!("{hint}Item")),
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        let value_at = format!("{at}/additionalProperties");
                        let value =
                            self.type_of(value.as_ref().into(), &value_at, &format!("{hint}Value"));
                        TypeRef::Map(Box::new(value))
                    }
                    _ => TypeRef::Map(Box::new(TypeRef::Json)),
                }
            }
            SchemaKind::Type(Type::Object(_)) => self.define_inline(hint, schema, at),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of((&all_of[0]).into(), &format!("{at}/allOf/0"), hint)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.define_inline(hint, schema, at)
            }
            SchemaKind::Any(any)
                if any.typ.is_none()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none() =>
            {
                TypeRef::Json
            }
            SchemaKind::Any(any)
                if any.typ.as_deref().is_some_and(|t| {
                    !["string", "integer", "number", "boolean", "array", "object"].contains(&t)
                }) =>
            {
                let typ = any.typ.as_deref().unwrap_or_default();
                self.error(at, format!("unsupported type `{typ}`: OpenAPI 3.0 types are string, integer, number, boolean, array and object"));
                TypeRef::Json
            }
            _ => {
                self.warning(at, "this schema construct is not supported yet; it is carried as `serde_json::Value`");
                TypeRef::Json
            }
        }
    }

    /// Defines an inline schema as a named type, under a unique name derived
    /// from `hint`.
    fn define_inline(&mut self, hint: &str, schema: &'a Schema, at: &str) -> TypeRef {
        let base = names::type_name(hint);
        let mut name = base.clone();
        let mut n = 2;
        while self.type_scope.claim(&name, at).is_err() {
            name = format!("{base}{n}");
            n += 1;
        }
        self.define(name.clone(), hint, schema, at);
        TypeRef::Named(name)
    }

    /// Lowers the schema at `at` into the type `name`.
    fn define(&mut self, name: String, spec_name: &str, schema: &'a Schema, at: &str) {
        let docs = self.schema_docs(schema, at);
        let kind = if let Some(variants) = self.enum_of(schema, at) {
            TypeKind::Enum(variants)
        } else {
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                    TypeKind::Struct(self.lower_struct(
                        &name,
                        &object.properties,
                        &object.required,
                        object.additional_properties.as_ref(),
                        at,
                    ))
                }
                SchemaKind::Any(any) if !any.properties.is_empty() => {
                    TypeKind::Struct(self.lower_struct(
                        &name,
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        at,
                    ))
                }
                // Anything else (a scalar, a list, a map) is an alias of its
                // inline form.
                _ => {
                    let inner =
                        self.type_of(SchemaRef::Inline(schema), at, &format!("{name}Inner"));
                    TypeKind::Alias(inner)
                }
            }
        };
        self.insert_type(name, spec_name, docs, kind);
    }

    fn insert_type(&mut self, name: String, spec_name: &str, docs: Docs, kind: TypeKind) {
        let def = TypeDef {
            name: name.clone(),
            spec_name: spec_name.to_owned(),
            docs,
            kind,
        };
        self.types.insert(name, def);
    }

    fn lower_struct(
        &mut self,
        struct_name: &str,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        at: &str,
    ) -> Struct {
        let mut scope = NameScope::default();
        let mut fields = Vec::new();
        for (wire_name, property) in properties {
            let field_at = format!(
                "{at}/properties/{}",
                crate::load::escape_pointer_token(wire_name)
            );
            let property = SchemaRef::from(property);
            let name = match self.rust_name_override(property, &field_at) {
                Some(name) => name,
                None => names::snake_name(wire_name),
            };
            if let Err(holder) = scope.claim(&name, wire_name) {
                self.error(
                    &field_at,
                    format!("properties `{holder}` and `{wire_name}` of `{struct_name}` both map to the Rust field `{name}`; set `x-rust-name` on one"),
                );
                continue;
            }
            let hint = format!("{struct_name}{}", names::camel_name(wire_name, "Field"));
            let ty = self.type_of(property, &field_at, &hint);
            let (docs, constraints, nullable) = match property {
                SchemaRef::Inline(schema) => (
                    self.schema_docs(schema, &field_at),
                    constraints_of(schema),
                    schema.schema_data.nullable,
                ),
                SchemaRef::Ref(_) => (Docs::default(), Constraints::default(), false),
            };
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                ty,
                required: required.contains(wire_name),
                nullable,
                boxed: false,
                constraints,
                docs,
            });
        }
        for name in required {
            if !properties.contains_key(name) {
                self.warning(
                    at,
                    format!("`required` names `{name}`, which is not a property; it is ignored"),
                );
            }
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(true)) => Additional::KeepUnknown,
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Schema(value)) => {
                let value_at = format!("{at}/additionalProperties");
                Additional::Typed(self.type_of(
                    value.as_ref().into(),
                    &value_at,
                    &format!("{struct_name}Value"),
                ))
            }
        };
        if additional != Additional::Forbidden
            && let Err(holder) = scope.claim(crate::ir::ADDITIONAL_FIELD, "additionalProperties")
        {
            self.error(at, format!("property `{holder}` of `{struct_name}` takes the Rust field name `{}` that holds additional properties; set `x-rust-name` on it", crate::ir::ADDITIONAL_FIELD));
        }
        Struct { fields, additional }
    }

    /// `x-rust-name` of an inline schema, checked.
    fn rust_name_override(&mut self, schema: SchemaRef<'a>, at: &str) -> Option<String> {
        let extensions = schema_extensions(schema)?;
        match extensions::string(extensions, "x-rust-name") {
            Ok(Some(name)) if names::is_valid_identifier(&name) => Some(name),
            Ok(Some(name)) => {
                self.error(
                    at,
                    format!("`x-rust-name` `{name}` is not a valid Rust identifier"),
                );
                None
            }
            Ok(None) => None,
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// The documentation of a schema: description, facts and discrepancies.
    pub(super) fn schema_docs(&mut self, schema: &Schema, at: &str) -> Docs {
        let data = &schema.schema_data;
        let mut docs = match extensions::docs(
            data.title.as_deref(),
            data.description.as_deref(),
            &data.extensions,
        ) {
            Ok(docs) => docs,
            Err(message) => {
                self.error(at, message);
                Docs::default()
            }
        };
        docs.deprecated = data.deprecated;
        docs.facts = constraint_facts(&constraints_of(schema));
        if let Some(format) = format_of(schema) {
            docs.facts.insert(0, format!("Format: `{format}`."));
        }
        if let Some(default) = &data.default {
            docs.facts
                .push(format!("Default: `{}`.", render_value(default)));
        }
        docs
    }

    /// The enumeration a schema declares, with its variants named and checked;
    /// `None` when the schema is not an enumeration.
    fn enum_of(&mut self, schema: &Schema, at: &str) -> Option<Enum> {
        let (repr, values): (EnumRepr, Vec<EnumValue>) = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                (
                    EnumRepr::String,
                    string
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| EnumValue::Str(v.clone()))
                        .collect(),
                )
            }
            SchemaKind::Type(Type::Integer(integer))
                if integer.enumeration.iter().any(Option::is_some) =>
            {
                (
                    match integer_primitive(&integer.format) {
                        Primitive::I32 => EnumRepr::I32,
                        _ => EnumRepr::I64,
                    },
                    integer
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| EnumValue::Int(*v))
                        .collect(),
                )
            }
            _ => return None,
        };
        let extensions = &schema.schema_data.extensions;
        let overrides = self.parallel_list(extensions, "x-enum-varnames", values.len(), at);
        let meanings = self.parallel_list(extensions, "x-enum-descriptions", values.len(), at);
        let mut scope = NameScope::default();
        let _ = scope.claim(UNKNOWN_VARIANT, UNKNOWN_VARIANT);
        let mut variants = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            let shown = match &value {
                EnumValue::Str(text) => format!("\"{text}\""),
                EnumValue::Int(number) => number.to_string(),
            };
            let name = match overrides.get(i) {
                Some(name) if names::is_valid_identifier(name) => name.clone(),
                Some(name) => {
                    self.error(at, format!("`x-enum-varnames` entry `{name}` (for {shown}) is not a valid Rust identifier"));
                    continue;
                }
                None => match &value {
                    EnumValue::Str(text) => names::camel_name(text, "Value"),
                    EnumValue::Int(number) if *number < 0 => {
                        format!("Minus{}", number.unsigned_abs())
                    }
                    EnumValue::Int(number) => format!("Value{number}"),
                },
            };
            if let Err(holder) = scope.claim(&name, &shown) {
                if holder == UNKNOWN_VARIANT {
                    self.error(at, format!("enum value {shown} maps to the variant name `{UNKNOWN_VARIANT}`, which holds values the spec does not list; name it with `x-enum-varnames`"));
                    continue;
                }
                self.error(
                    at,
                    format!("enum values {holder} and {shown} both map to the variant name `{name}`; name them with `x-enum-varnames`"),
                );
                continue;
            }
            let docs = Docs {
                description: meanings.get(i).cloned(),
                ..Docs::default()
            };
            variants.push(Variant { name, value, docs });
        }
        Some(Enum { repr, variants })
    }

    /// A list extension that must have one entry per enum value.
    fn parallel_list(
        &mut self,
        extensions: &extensions::Extensions,
        key: &str,
        len: usize,
        at: &str,
    ) -> Vec<String> {
        match extensions::string_list(extensions, key) {
            Ok(list) if list.is_empty() || list.len() == len => list,
            Ok(list) => {
                self.error(
                    at,
                    format!(
                        "`{key}` has {} entries but the enum has {len} values",
                        list.len()
                    ),
                );
                Vec::new()
            }
            Err(message) => {
                self.error(at, message);
                Vec::new()
            }
        }
    }
}

/// The extensions of an inline schema.
fn schema_extensions(schema: SchemaRef<'_>) -> Option<&extensions::Extensions> {
    match schema {
        SchemaRef::Inline(schema) => Some(&schema.schema_data.extensions),
        SchemaRef::Ref(_) => None,
    }
}

fn integer_primitive(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Primitive::I32,
        _ => Primitive::I64,
    }
}

fn number_primitive(format: &VariantOrUnknownOrEmpty<openapiv3::NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }
}

/// The `format` of a schema, as written.
fn format_of(schema: &Schema) -> Option<String> {
    fn text<T>(
        format: &VariantOrUnknownOrEmpty<T>,
        name: impl Fn(&T) -> &'static str,
    ) -> Option<String> {
        match format {
            VariantOrUnknownOrEmpty::Item(item) => Some(name(item).to_owned()),
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => text(&s.format, |f| match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        SchemaKind::Type(Type::Integer(i)) => text(&i.format, |f| match f {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }),
        SchemaKind::Type(Type::Number(n)) => text(&n.format, |f| match f {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }),
        _ => None,
    }
}

/// The documented limits of a schema.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let mut constraints = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            constraints.min_length = s.min_length;
            constraints.max_length = s.max_length;
        }
        SchemaKind::Type(Type::Integer(i)) => {
            constraints.minimum = i
                .minimum
                .map(|m| (m + i64::from(i.exclusive_minimum)) as f64);
            constraints.maximum = i
                .maximum
                .map(|m| (m - i64::from(i.exclusive_maximum)) as f64);
        }
        SchemaKind::Type(Type::Number(n)) => {
            constraints.minimum = n.minimum;
            constraints.maximum = n.maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            constraints.min_items = a.min_items;
            constraints.max_items = a.max_items;
        }
        _ => {}
    }
    constraints
}

/// A JSON value as it reads in documentation.
pub(super) fn render_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number
            .as_f64()
            .map(format_number)
            .unwrap_or_else(|| number.to_string()),
        other => other.to_string(),
    }
}
