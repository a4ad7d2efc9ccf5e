//! Schemas → named types and type references.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use rustc_hash::FxHashSet;
use serde_json::Value;

use super::extensions::{self, constraint_facts, format_number};
use super::forms::Form;
use super::names::{self, NameScope};
use super::{Lower, formats, pointer};
use crate::ir::{
    Constraints, Docs, Enum, EnumRepr, EnumValue, Primitive, TypeDef, TypeKind, TypeRef, Variant,
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

impl SchemaRef<'_> {
    /// Whether [`Lower::type_of`] may name a type after the hint it is
    /// given: only for an inline schema that is not a plain scalar, so that
    /// the hint need not be built for the others.
    pub(super) fn needs_hint(&self) -> bool {
        matches!(self, SchemaRef::Inline(schema) if plain_scalar_name(schema).is_none())
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
            let mut explicit = true;
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
                    Ok(None) => {
                        explicit = false;
                        names::type_name(key)
                    }
                    Err(message) => {
                        self.error(&at, message);
                        continue;
                    }
                },
                None => {
                    explicit = false;
                    names::type_name(key)
                }
            };
            let rust_name = if explicit {
                if let Err(holder) = self.type_scope.claim(&rust_name, key) {
                    self.error(
                        &at,
                        format!("schemas `{holder}` and `{key}` both map to the Rust type name `{rust_name}`; `x-rust-name` must name a free type"),
                    );
                    continue;
                }
                rust_name
            } else {
                let (unique, holder) = self.type_scope.claim_unique(&rust_name, key, "");
                if let Some(holder) = holder {
                    self.warning(&at, format!("schemas `{holder}` and `{key}` map to the same Rust type name `{rust_name}`; `{key}` becomes `{unique}` (set `x-rust-name` to choose)"));
                }
                unique
            };
            if let ReferenceOr::Item(item) = schema
                && item.schema_data.nullable
            {
                self.nullable_types.insert(rust_name.clone());
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
                SchemaRef::Ref(reference) if self.reference_cycle(reference) => {
                    self.warning(
                        &at,
                        format!("`$ref` `{reference}` starts a cycle of references that reaches no schema; the type is any JSON value"),
                    );
                    self.insert_type(
                        rust_name,
                        key,
                        Docs::default(),
                        TypeKind::Alias(TypeRef::Json),
                    );
                }
                SchemaRef::Ref(reference) => {
                    let target = self.resolve_ref(reference, &at);
                    let docs = Docs::default();
                    self.insert_type(rust_name, key, docs, TypeKind::Alias(target));
                }
                SchemaRef::Inline(schema) => self.define(rust_name, key, schema, &at),
            }
        }
    }

    /// The component schema a `$ref` names, with its key, following
    /// components that are themselves references; `None` if the chain ends
    /// nowhere or goes round in a cycle.
    pub(super) fn component(&self, reference: &str) -> Option<(&'a str, &'a Schema)> {
        match self.follow(reference) {
            Chain::Schema(key, schema) => Some((key, schema)),
            Chain::Nowhere | Chain::Cycle => None,
        }
    }

    /// Whether the chain of component references that starts at `reference`
    /// goes round in a cycle without reaching a schema.
    fn reference_cycle(&self, reference: &str) -> bool {
        matches!(self.follow(reference), Chain::Cycle)
    }

    /// Where the chain of component references that starts at `reference`
    /// ends.
    fn follow(&self, reference: &str) -> Chain<'a> {
        let Some(components) = self.spec.document.components.as_ref() else {
            return Chain::Nowhere;
        };
        let mut reference = reference;
        // A chain longer than the number of components has a cycle.
        for _ in 0..=components.schemas.len() {
            let Some((key, schema)) = reference
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|key| components.schemas.get_key_value(key))
            else {
                return Chain::Nowhere;
            };
            match schema {
                ReferenceOr::Item(schema) => return Chain::Schema(key, schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Chain::Cycle
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
        if let Some((schema, schema_at, what)) = self.schema_elsewhere_in_components(reference) {
            let Some(schema) = schema else {
                self.warning(
                    at,
                    format!("`$ref` `{reference}` names a {what} without a JSON schema where a schema belongs; it is taken as any JSON value"),
                );
                return TypeRef::Json;
            };
            if self.misplaced.iter().any(|r| r == reference) {
                self.warning(
                    at,
                    format!("`$ref` `{reference}` names a {what} whose schema contains this reference again; the type is any JSON value"),
                );
                return TypeRef::Json;
            }
            self.warning(
                at,
                format!("`$ref` `{reference}` names a {what} where a schema belongs; the {what}'s schema is used"),
            );
            let hint = names::camel_name(reference.rsplit('/').next().unwrap_or_default(), "Type");
            self.misplaced.push(reference.to_owned());
            let ty = self.type_of(SchemaRef::from(schema), &schema_at, &hint);
            self.misplaced.pop();
            return ty;
        }
        self.error(at, unsupported_reference(reference, "components/schemas"));
        TypeRef::Json
    }

    /// The schema of the parameter or response a `$ref` names, where the
    /// reference stands for a schema (a slip of public descriptions): the
    /// schema (none if it has no JSON one), its pointer, and what the
    /// reference named.
    fn schema_elsewhere_in_components(
        &self,
        reference: &str,
    ) -> Option<(Option<&'a ReferenceOr<Schema>>, String, &'static str)> {
        let components = self.spec.document.components.as_ref()?;
        if let Some(key) = reference.strip_prefix("#/components/parameters/") {
            let ReferenceOr::Item(parameter) = components.parameters.get(key)? else {
                return None;
            };
            let schema = match &parameter.parameter_data_ref().format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => Some(schema),
                openapiv3::ParameterSchemaOrContent::Content(_) => None,
            };
            let at = format!(
                "{}/schema",
                super::pointer(&["components", "parameters", key])
            );
            return Some((schema, at, "parameter"));
        }
        let key = reference.strip_prefix("#/components/responses/")?;
        let ReferenceOr::Item(response) = components.responses.get(key)? else {
            return None;
        };
        let response_at = super::pointer(&["components", "responses", key]);
        let json = response
            .content
            .iter()
            .find(|(media, _)| super::responses::is_json(media));
        Some(match json {
            Some((media, content)) => {
                let at = format!(
                    "{response_at}/content/{}/schema",
                    crate::load::escape_pointer_token(media)
                );
                (content.schema.as_ref(), at, "response")
            }
            None => (None, response_at, "response"),
        })
    }

    /// The type of a schema that stands at `at`. Inline objects, enums and
    /// unions become named types called `hint` (made unique if taken); the
    /// same inline schema reached twice gives the same type.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'a>, at: &str, hint: &str) -> TypeRef {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, at),
            SchemaRef::Inline(schema) => schema,
        };
        // Most inline schemas are plain scalars, whose type follows from the
        // schema alone without a diagnostic: they are not remembered.
        if let Some(scalar) = plain_scalar(schema) {
            return scalar;
        }
        if let Some(known) = self.known_inline(at) {
            return known;
        }
        let ty = match self.form_of(schema) {
            Form::Named => self.define_inline(hint, schema, at),
            form => self.unnamed_type(schema, form, at, hint),
        };
        self.cache_inline(at, &ty);
        ty
    }

    /// The type of a schema whose form needs no type definition of its own.
    fn unnamed_type(
        &mut self,
        schema: &'a Schema,
        form: Form<'a>,
        at: &str,
        hint: &str,
    ) -> TypeRef {
        match form {
            Form::Named | Form::Plain => self.plain_type(schema, at, hint),
            Form::Delegate(inner, suffix) => self.type_of(inner, &format!("{at}/{suffix}"), hint),
            Form::Unsupported(what) => {
                self.warning(
                    at,
                    format!("{what} is not supported; the value is carried as `serde_json::Value`"),
                );
                TypeRef::Json
            }
        }
    }

    /// The type of a schema that needs no name: a scalar, a list or a map.
    fn plain_type(&mut self, schema: &'a Schema, at: &str, hint: &str) -> TypeRef {
        let typ = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_)) => {
                let (ty, format) = (scalar_type_of(schema), format_of(schema));
                let primitive = ty.and_then(|ty| formats::primitive(ty, format.as_deref()));
                return primitive.map_or(TypeRef::Json, TypeRef::Primitive);
            }
            SchemaKind::Type(Type::Boolean(_)) => return TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                return self.list_type(array.items.as_ref(), at, hint);
            }
            SchemaKind::Type(Type::Object(object)) => {
                return self.map_type(object.additional_properties.as_ref(), at, hint);
            }
            SchemaKind::Any(any) => any,
            _ => return TypeRef::Json,
        };
        match typ.typ.as_deref() {
            Some(ty @ ("string" | "integer" | "number" | "boolean")) => {
                formats::primitive(ty, typ.format.as_deref())
                    .map_or(TypeRef::Json, TypeRef::Primitive)
            }
            Some("array") => self.list_type(typ.items.as_ref(), at, hint),
            Some("object") => self.map_type(typ.additional_properties.as_ref(), at, hint),
            Some(other) => {
                self.error(at, format!("unsupported type `{other}`: OpenAPI 3.0 types are string, integer, number, boolean, array and object"));
                TypeRef::Json
            }
            None if typ.items.is_some() => self.list_type(typ.items.as_ref(), at, hint),
            None => TypeRef::Json,
        }
    }

    fn list_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
        hint: &str,
    ) -> TypeRef {
        // A scalar item needs neither the pointer nor the hint.
        let scalar = match items {
            Some(ReferenceOr::Item(items)) => plain_scalar(items),
            _ => None,
        };
        let item = match (scalar, items) {
            (Some(scalar), _) => scalar,
            (None, Some(items)) => {
                self.type_of(items.into(), &format!("{at}/items"), &format!("{hint}Item"))
            }
            (None, None) => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &str,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_at = format!("{at}/additionalProperties");
                let value = self.type_of(value.as_ref().into(), &value_at, &format!("{hint}Value"));
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// Defines an inline schema as a named type, under a unique name derived
    /// from `hint`.
    fn define_inline(&mut self, hint: &str, schema: &'a Schema, at: &str) -> TypeRef {
        let base = names::type_name(hint);
        let (name, _) = self.type_scope.claim_unique(&base, at, "");
        // Claimed before lowering, so that a recursive reference finds it.
        self.cache_inline(at, &TypeRef::Named(name.clone()));
        self.define(name.clone(), hint, schema, at);
        TypeRef::Named(name)
    }

    /// Lowers the schema at `at` into the type `name`.
    fn define(&mut self, name: String, spec_name: &str, schema: &'a Schema, at: &str) {
        let docs = self.schema_docs(schema, at);
        if schema.schema_data.nullable {
            self.nullable_types.insert(name.clone());
        }
        let kind = if let Some(variants) = self.enum_of(schema, at) {
            TypeKind::Enum(variants)
        } else {
            match self.form_of(schema) {
                Form::Named if self.is_union(schema) => {
                    TypeKind::Union(self.lower_union(&name, schema, at))
                }
                Form::Named => TypeKind::Struct(self.lower_struct(&name, schema, at)),
                // Anything else (a scalar, a list, a map, a single reference)
                // is an alias of its inline form.
                form => {
                    TypeKind::Alias(self.unnamed_type(schema, form, at, &format!("{name}Inner")))
                }
            }
        };
        self.insert_type(name, spec_name, docs, kind);
    }

    fn insert_type(&mut self, name: String, spec_name: &str, docs: Docs, kind: TypeKind) {
        self.add_type(TypeDef {
            name,
            spec_name: spec_name.to_owned(),
            docs,
            kind,
        });
    }

    /// `x-rust-name` of an inline schema, checked.
    pub(super) fn rust_name_override(&mut self, schema: SchemaRef<'a>, at: &str) -> Option<String> {
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
        // The facts of the extensions (`x-sdk-source`) come after those of the schema.
        let sourced = std::mem::replace(&mut docs.facts, constraint_facts(&constraints_of(schema)));
        if let Some(format) = format_of(schema)
            && !scalar_type_of(schema).is_some_and(|ty| formats::implied_by_type(ty, &format))
        {
            docs.facts.insert(0, format!("Format: `{format}`."));
        }
        if let Some(default) = &data.default {
            docs.facts
                .push(format!("Default: `{}`.", render_value(default)));
        }
        docs.facts.extend(sourced);
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
                    match formats::primitive("integer", format_of(schema).as_deref()) {
                        Some(Primitive::I32) => EnumRepr::I32,
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
            SchemaKind::Any(any)
                if !any.enumeration.is_empty()
                    && any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
            {
                (
                    EnumRepr::String,
                    any.enumeration
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|v| EnumValue::Str(v.to_owned()))
                        .collect(),
                )
            }
            _ => return None,
        };
        let extensions = &schema.schema_data.extensions;
        let mut overrides = self.parallel_list(extensions, "x-enum-varnames", values.len(), at);
        // Outside strict specs, the names are spelled in UpperCamelCase (other
        // generators' lists are often SCREAMING_SNAKE_CASE), and names that
        // cannot be variants make the whole list be ignored, so that every
        // variant is named from its value.
        if !self.strict {
            let mut seen = FxHashSet::default();
            if let Some(bad) = overrides.iter().find(|name| {
                !names::is_valid_identifier(name) || !seen.insert(variant_spelling(name))
            }) {
                let bad = bad.clone();
                self.foreign_extension_problem(
                    at,
                    format!(
                        "`x-enum-varnames` entry `{bad}` is not a valid, unique Rust identifier"
                    ),
                );
                overrides.clear();
            }
            for name in &mut overrides {
                *name = variant_spelling(name);
            }
        }
        let meanings = self.parallel_list(extensions, "x-enum-descriptions", values.len(), at);
        let variant = |i: usize, name: String, value: EnumValue| Variant {
            name,
            value,
            docs: Docs {
                description: meanings.get(i).cloned(),
                ..Docs::default()
            },
        };
        // A list named from its values alone before, without a warning, is
        // named the same again.
        let named_before = overrides
            .is_empty()
            .then(|| self.enum_names.get(&values))
            .flatten();
        if let Some(names) = named_before {
            let variants = values
                .into_iter()
                .zip(names.iter().cloned())
                .enumerate()
                .map(|(i, (value, name))| variant(i, name, value))
                .collect();
            return Some(Enum { repr, variants });
        }
        let listed = overrides.is_empty().then(|| values.clone());
        let mut warned = false;
        let mut scope = NameScope::default();
        let _ = scope.claim(UNKNOWN_VARIANT, UNKNOWN_VARIANT);
        let mut variants = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            let shown = match &value {
                EnumValue::Str(text) => format!("\"{text}\""),
                EnumValue::Int(number) => number.to_string(),
            };
            if variants.iter().any(|v: &Variant| v.value == value) {
                warned = true;
                self.warning(
                    at,
                    format!("enum value {shown} is listed twice; it is kept once"),
                );
                continue;
            }
            let name = match overrides.get(i) {
                // Outside strict specs the names are spelled already.
                Some(name) if !self.strict || names::is_valid_identifier(name) => {
                    if let Err(holder) = scope.claim(name, &shown) {
                        self.error(at, format!("`x-enum-varnames` names {shown} `{name}`, which is taken by {holder}"));
                        continue;
                    }
                    name.clone()
                }
                Some(name) => {
                    self.error(at, format!("`x-enum-varnames` entry `{name}` (for {shown}) is not a valid Rust identifier"));
                    continue;
                }
                None => {
                    let mut derived = match &value {
                        EnumValue::Str(text) => names::camel_name(text, "Value"),
                        EnumValue::Int(number) if *number < 0 => {
                            format!("Minus{}", number.unsigned_abs())
                        }
                        EnumValue::Int(number) => format!("Value{number}"),
                    };
                    // `Unknown` holds the values the spec does not list, so a
                    // listed "unknown" is spelled `UnknownValue`.
                    if derived == UNKNOWN_VARIANT {
                        derived = format!("{UNKNOWN_VARIANT}Value");
                    }
                    let (name, holder) = scope.claim_unique(&derived, &shown, "");
                    if let Some(holder) = holder {
                        warned = true;
                        self.warning(at, format!("enum values {holder} and {shown} map to the same variant name `{derived}`; {shown} becomes `{name}` (name them with `x-enum-varnames`)"));
                    }
                    name
                }
            };
            variants.push(variant(i, name, value));
        }
        if let Some(listed) = listed
            && !warned
        {
            let names = variants.iter().map(|v| v.name.clone()).collect();
            self.enum_names.insert(listed, names);
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
                self.foreign_extension_problem(
                    at,
                    format!(
                        "`{key}` has {} entries but the enum has {len} values",
                        list.len()
                    ),
                );
                Vec::new()
            }
            Err(message) => {
                self.foreign_extension_problem(at, message);
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

/// The `type` of a scalar schema.
/// The scalar type name of a schema that [`Lower::form_of`] finds plain: a
/// string or an integer without values listed, a number, a boolean.
fn plain_scalar_name(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string))
            if !string.enumeration.iter().any(Option::is_some) =>
        {
            Some("string")
        }
        SchemaKind::Type(Type::Integer(integer))
            if !integer.enumeration.iter().any(Option::is_some) =>
        {
            Some("integer")
        }
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

/// The type of a plain scalar schema (see [`plain_scalar_name`]), as
/// [`Lower::plain_type`] gives it.
fn plain_scalar(schema: &Schema) -> Option<TypeRef> {
    let scalar = plain_scalar_name(schema)?;
    if scalar == "boolean" {
        return Some(TypeRef::Primitive(Primitive::Bool));
    }
    let primitive = formats::primitive(scalar, format_of(schema).as_deref());
    Some(primitive.map_or(TypeRef::Json, TypeRef::Primitive))
}

fn scalar_type_of(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
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

/// The error of a `$ref` the generator cannot follow: one into another file
/// (the description must be bundled into one document first), or one
/// within the document that names nothing it can read where it stands.
pub(super) fn unsupported_reference(reference: &str, section: &str) -> String {
    if !reference.starts_with('#') {
        let file = reference.split('#').next().unwrap_or_default();
        return format!(
            "`$ref` `{reference}` points into another file, `{file}`; references to other files are not followed: bundle the description into one document first (for example with `redocly bundle` or `swagger-cli bundle`)"
        );
    }
    format!("`$ref` `{reference}` is not supported here: only `#/{section}/...` references are")
}

/// Where a chain of component references ends.
enum Chain<'a> {
    /// At a schema, with its key.
    Schema(&'a str, &'a Schema),
    /// At a reference to nothing in `components/schemas`.
    Nowhere,
    /// Nowhere: it goes round in a cycle.
    Cycle,
}

/// A variant name as a foreign `x-enum-varnames` entry means it: in
/// UpperCamelCase, and `UnknownValue` for `Unknown` (the variant that holds
/// the values the spec does not list), as for names made from values.
fn variant_spelling(name: &str) -> String {
    let name = names::camel_name(name, "Value");
    if name == UNKNOWN_VARIANT {
        format!("{UNKNOWN_VARIANT}Value")
    } else {
        name
    }
}
