//! Objects → structs, with `allOf` merged: the properties of every part, in
//! order, a later part's definition of a property replacing an earlier one's.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::beside::Kind;
use super::names::{self, NameScope};
use super::schema::{SchemaRef, constraints_of};
use super::{Lower, pointer};
use serde_json::Value;

use crate::ir::{
    ADDITIONAL_FIELD, Additional, Constraints, Docs, EnumRepr, Field, Literal, Primitive, Struct,
    TypeRef,
};

/// The properties one schema contributes to a struct.
struct Part<'a> {
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    /// The pointer of the schema the properties are written in.
    at: String,
    /// The type inline property types are named after.
    owner: String,
}

impl<'a> Lower<'a> {
    /// Lowers an object schema, or an `allOf` of object schemas, into a struct.
    pub(super) fn lower_struct(
        &mut self,
        struct_name: &str,
        schema: &'a Schema,
        at: &str,
    ) -> Struct {
        let mut parts = Vec::new();
        self.collect_parts(schema, at, struct_name, &mut parts);

        let additional = self.merged_additional(&parts, struct_name);
        let mut scope = NameScope::default();
        if additional != Additional::Forbidden {
            let _ = scope.claim(ADDITIONAL_FIELD, "additionalProperties");
        }
        let required: Vec<&String> = parts.iter().flat_map(|p| p.required).collect();
        let mut fields: Vec<Field> = Vec::new();
        for part in &parts {
            for (wire_name, property) in part.properties.into_iter().flatten() {
                let field_at = format!(
                    "{}/properties/{}",
                    part.at,
                    crate::load::escape_pointer_token(wire_name)
                );
                let property = SchemaRef::from(property);
                let hint = if property.needs_hint() {
                    format!("{}{}", part.owner, names::camel_name(wire_name, "Field"))
                } else {
                    String::new()
                };
                let mut field = self.lower_field(wire_name, property, &field_at, &hint);
                field.required = required.contains(&wire_name);
                if field.required {
                    // A required property is never absent.
                    field.default = None;
                }
                if let Some(existing) = fields.iter_mut().find(|f| f.wire_name == *wire_name) {
                    field.name = existing.name.clone();
                    *existing = field;
                    continue;
                }
                let (name, holder) = match self.rust_name_override(property, &field_at) {
                    Some(name) => match scope.claim(&name, wire_name) {
                        Ok(()) => (name, None),
                        Err(holder) => {
                            self.error(&field_at, format!("`x-rust-name` `{name}` of property `{wire_name}` of `{struct_name}` is taken by `{holder}`"));
                            continue;
                        }
                    },
                    None => scope.claim_unique(&names::snake_name(wire_name), wire_name, "_"),
                };
                if let Some(holder) = holder {
                    self.warning(&field_at, format!("properties `{holder}` and `{wire_name}` of `{struct_name}` map to the same Rust field; `{wire_name}` becomes `{name}` (set `x-rust-name` to choose)"));
                }
                field.name = name;
                fields.push(field);
            }
        }
        for part in &parts {
            for name in part.required {
                let listed = parts
                    .iter()
                    .any(|p| p.properties.is_some_and(|props| props.contains_key(name)));
                if !listed && part.properties.is_some_and(|p| !p.is_empty()) {
                    self.warning(
                        &part.at,
                        format!(
                            "`required` names `{name}`, which is not a property; it is ignored"
                        ),
                    );
                }
            }
        }
        Struct { fields, additional }
    }

    /// One property, before its Rust name is chosen.
    fn lower_field(
        &mut self,
        wire_name: &str,
        property: SchemaRef<'a>,
        at: &str,
        hint: &str,
    ) -> Field {
        let ty = self.type_of(property, at, hint);
        let named_nullable = matches!(&ty, TypeRef::Named(name) if self.is_nullable(name));
        let (docs, constraints, nullable, read_only, write_only, default) = match property {
            SchemaRef::Inline(schema) => {
                let data = &schema.schema_data;
                let default = match &data.default {
                    Some(value) if !(data.nullable || data.read_only || data.write_only) => {
                        self.default_literal(&ty, value, at)
                    }
                    _ => None,
                };
                (
                    self.schema_docs(schema, at),
                    constraints_of(schema),
                    data.nullable,
                    data.read_only,
                    data.write_only,
                    default,
                )
            }
            SchemaRef::Ref(_) => (
                Docs::default(),
                Constraints::default(),
                false,
                false,
                false,
                None,
            ),
        };
        Field {
            name: String::new(),
            wire_name: wire_name.to_owned(),
            ty,
            required: false,
            nullable: nullable || named_nullable,
            boxed: false,
            read_only,
            write_only,
            constraints,
            default: default.filter(|_| !named_nullable),
            docs,
        }
    }

    /// The default `value` as a literal of `ty`, or `None` with a warning when
    /// it does not fit (it stays documented).
    fn default_literal(&mut self, ty: &TypeRef, value: &Value, at: &str) -> Option<Literal> {
        let literal = self.literal_of(ty, value);
        if literal.is_none() {
            let message = if self.takes_defaults(ty) {
                format!(
                    "the default `{value}` is not a value of the property's type; it is documented, not applied"
                )
            } else {
                format!(
                    "the default `{value}` is documented, not applied: only defaults of booleans, numbers, strings, enumerations and arrays of them are"
                )
            };
            self.warning(&format!("{at}/default"), message);
        }
        literal
    }

    /// The enumeration `ty` names, if it names one.
    fn enum_repr(&self, ty: &TypeRef) -> Option<EnumRepr> {
        match ty {
            TypeRef::Named(name) => match self.lowered_kind(name) {
                Some(Kind::Enum(repr)) => Some(repr),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a default of type `ty` can be written as a Rust literal.
    fn takes_defaults(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Primitive(p) => matches!(
                p,
                Primitive::Bool
                    | Primitive::I32
                    | Primitive::I64
                    | Primitive::F32
                    | Primitive::F64
                    | Primitive::String
            ),
            TypeRef::Named(_) => self.enum_repr(ty).is_some(),
            TypeRef::Vec(item) => self.takes_defaults(item),
            TypeRef::Map(_) | TypeRef::Json => false,
        }
    }

    /// `value` as a literal of `ty`, when it is one.
    fn literal_of(&self, ty: &TypeRef, value: &Value) -> Option<Literal> {
        match (ty, self.enum_repr(ty), value) {
            (TypeRef::Primitive(Primitive::Bool), _, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (TypeRef::Primitive(Primitive::I64), _, Value::Number(n))
            | (_, Some(EnumRepr::I64), Value::Number(n)) => n.as_i64().map(Literal::Integer),
            (TypeRef::Primitive(Primitive::I32), _, Value::Number(n))
            | (_, Some(EnumRepr::I32), Value::Number(n)) => n
                .as_i64()
                .filter(|v| i32::try_from(*v).is_ok())
                .map(Literal::Integer),
            (TypeRef::Primitive(Primitive::F32 | Primitive::F64), _, Value::Number(n)) => {
                n.as_f64().map(Literal::Number)
            }
            (TypeRef::Primitive(Primitive::String), _, Value::String(text))
            | (_, Some(EnumRepr::String), Value::String(text)) => {
                Some(Literal::String(text.clone()))
            }
            (TypeRef::Vec(item), _, Value::Array(values)) => values
                .iter()
                .map(|value| self.literal_of(item, value))
                .collect::<Option<Vec<_>>>()
                .map(Literal::List),
            _ => None,
        }
    }

    /// The parts of an object schema: its own properties, and those of every
    /// `allOf` member, references followed.
    fn collect_parts(
        &mut self,
        schema: &'a Schema,
        at: &str,
        owner: &str,
        out: &mut Vec<Part<'a>>,
    ) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => out.push(Part {
                properties: Some(&object.properties),
                required: &object.required,
                additional: object.additional_properties.as_ref(),
                at: at.to_owned(),
                owner: owner.to_owned(),
            }),
            SchemaKind::AllOf { all_of } => self.collect_all_of(all_of, at, owner, out),
            SchemaKind::Any(any) => {
                self.collect_all_of(&any.all_of, at, owner, out);
                out.push(Part {
                    properties: Some(&any.properties),
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                    at: at.to_owned(),
                    owner: owner.to_owned(),
                });
            }
            _ => {}
        }
    }

    fn collect_all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
        owner: &str,
        out: &mut Vec<Part<'a>>,
    ) {
        for (i, part) in parts.iter().enumerate() {
            let part_at = format!("{at}/allOf/{i}");
            match part {
                ReferenceOr::Item(schema) => self.collect_parts(schema, &part_at, owner, out),
                ReferenceOr::Reference { reference } => {
                    let Some((key, schema)) = self.component(reference) else {
                        // Reported when the reference is resolved as a type.
                        let _ = self.type_of(SchemaRef::Ref(reference), &part_at, owner);
                        continue;
                    };
                    if self.merging.iter().any(|k| k == key) {
                        self.warning(&part_at, format!("`allOf` refers back to `{key}`, which is being merged; the reference adds nothing"));
                        continue;
                    }
                    let component_owner = self
                        .component_names
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| owner.to_owned());
                    self.merging.push(key.to_owned());
                    let component_at = pointer(&["components", "schemas", key]);
                    self.collect_parts(schema, &component_at, &component_owner, out);
                    self.merging.pop();
                }
            }
        }
    }

    /// How a struct treats properties its parts do not list: a typed map if a
    /// part says so, forbidden only if every part forbids them, kept otherwise.
    fn merged_additional(&mut self, parts: &[Part<'a>], struct_name: &str) -> Additional {
        for part in parts {
            if let Some(AdditionalProperties::Schema(value)) = part.additional {
                let value_at = format!("{}/additionalProperties", part.at);
                return Additional::Typed(self.type_of(
                    value.as_ref().into(),
                    &value_at,
                    &format!("{struct_name}Value"),
                ));
            }
        }
        let all_forbid = !parts.is_empty()
            && parts
                .iter()
                .all(|p| matches!(p.additional, Some(AdditionalProperties::Any(false))));
        if all_forbid {
            Additional::Forbidden
        } else {
            Additional::KeepUnknown
        }
    }
}
