//! The public API of a generated crate, as the generator knows it from the
//! IR: every module, type, field, variant, operation and parameter that user
//! code can name, with the facts that decide whether a change to it breaks
//! that code (its Rust type, whether it is required, its constraints and
//! defaults). `cargo xtask codegen` writes it to `generated/api-surface.json`
//! beside the crate, and compares the surface of a regeneration with the
//! committed one ([`diff::changes`]) to report what a spec change did to the
//! API.

pub mod diff;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::emit::features::Gates;
use crate::ir::{
    Api, Constraints, Field, Literal, Operation, Pagination, Param, Primitive, TypeDef, TypeKind,
    TypeRef,
};

pub use diff::{Change, Impact, changes};

/// The public API of a whole generated crate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// The crate version it was generated as (the generated crate's
    /// `Cargo.toml`), set by the caller that knows the crate.
    #[serde(default)]
    pub crate_version: String,
    /// Each API's module, by module name.
    pub modules: BTreeMap<String, ModuleSurface>,
}

/// One API's module.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModuleSurface {
    /// The spec it is generated from.
    pub spec: String,
    /// The names the crate root re-exports from it.
    pub root_exports: BTreeSet<String>,
    /// Its named types, by Rust name.
    pub types: BTreeMap<String, TypeSurface>,
    /// Its operations, by `operationId`.
    pub operations: BTreeMap<String, OperationSurface>,
    /// The types compiled only with a Cargo feature that is off by default
    /// (a large API's `unreferenced-types`), with that feature, by Rust name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub optional_types: BTreeMap<String, String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeSurface {
    /// A struct.
    Struct {
        /// Its fields, by Rust name.
        fields: BTreeMap<String, FieldSurface>,
        /// The parameters of `new`, for a struct without `Default`; `None`
        /// when the struct implements `Default`.
        constructor: Option<Vec<String>>,
        /// `#[deprecated]`.
        deprecated: bool,
    },
    /// A forward-compatible enumeration.
    Enum {
        /// The Rust type of its values (`String`, `i32`, `i64`).
        repr: String,
        /// Each variant's wire value, by variant name.
        values: BTreeMap<String, String>,
        /// `#[deprecated]`.
        deprecated: bool,
    },
    /// A `oneOf`/`anyOf` type.
    Union {
        /// Each alternative's Rust type, by variant name.
        variants: BTreeMap<String, String>,
    },
    /// A type alias.
    Alias {
        /// The Rust type it names.
        target: String,
    },
}

impl TypeSurface {
    /// What kind of type it is, in words.
    pub fn kind(&self) -> &'static str {
        match self {
            TypeSurface::Struct { .. } => "struct",
            TypeSurface::Enum { .. } => "enum",
            TypeSurface::Union { .. } => "union",
            TypeSurface::Alias { .. } => "type alias",
        }
    }
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The Rust type, `Option` and `Box` included.
    pub ty: String,
    /// The property name on the wire.
    pub wire: String,
    /// Documented limits.
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    /// The documented default that fills an absent property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `#[deprecated]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// An operation: its client method and its request's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// The client method.
    pub method: String,
    /// The HTTP method and path template.
    pub endpoint: String,
    /// What a successful call returns (a type, or the output enum).
    pub returns: String,
    /// Each documented error status and the Rust type of its body.
    pub errors: BTreeMap<String, String>,
    /// Whether the client has a `_stream` method that pages through it.
    pub paginated: bool,
    /// The name of that method, where it is not `{method}_stream` (another
    /// operation has that name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_method: Option<String>,
    /// `#[deprecated]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// The request's parameters, by Rust field name.
    pub params: BTreeMap<String, ParamSurface>,
}

impl OperationSurface {
    /// The client method that streams the operation's pages, if it pages.
    pub fn stream(&self) -> Option<String> {
        self.paginated.then(|| {
            self.stream_method
                .clone()
                .unwrap_or_else(|| Pagination::plain_stream_method(&self.method))
        })
    }
}

/// A parameter of an operation: a field of its request and a setter of its
/// builder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamSurface {
    /// The Rust type of the request's field, `Option` included.
    pub ty: String,
    /// Where it goes and its wire name, for example `query parameter limit`.
    pub wire: String,
    /// Whether `build` fails without it.
    pub required: bool,
    /// Documented limits, checked by `validate`.
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    /// The default the vendor documents (applied by the service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Documented limits of a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// `minimum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// `maximum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// `minLength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// `maxLength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// `minItems`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// `maxItems`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
}

impl Limits {
    /// Whether nothing is limited.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    fn of(constraints: &Constraints) -> Self {
        Limits {
            minimum: constraints.minimum,
            maximum: constraints.maximum,
            min_length: constraints.min_length,
            max_length: constraints.max_length,
            min_items: constraints.min_items,
            max_items: constraints.max_items,
        }
    }
}

impl Surface {
    /// The surface of the crate generated from `apis`, given the [`Gates`]
    /// of each by module.
    ///
    /// # Panics
    ///
    /// If `gates` lacks the module of one of `apis`.
    pub fn of(apis: &[Api], gates: &BTreeMap<String, Arc<Gates>>) -> Self {
        Surface {
            crate_version: String::new(),
            modules: apis
                .iter()
                .map(|api| {
                    let surface = ModuleSurface::of(api, &gates[&api.module]);
                    (api.module.clone(), surface)
                })
                .collect(),
        }
    }
}

impl ModuleSurface {
    pub(crate) fn of(api: &Api, gates: &Gates) -> Self {
        let root_exports = match &api.root_exports {
            Some(exports) => api
                .item_names()
                .into_iter()
                .map(|(name, _)| name)
                .filter(|name| !exports.except.contains(name))
                .collect(),
            None => BTreeSet::new(),
        };
        ModuleSurface {
            spec: api.source_file.clone(),
            root_exports,
            types: api
                .types
                .values()
                .map(|def| (def.name.clone(), type_surface(api, def)))
                .collect(),
            operations: api
                .operations
                .iter()
                .map(|op| (op.id.clone(), operation_surface(op)))
                .collect(),
            optional_types: gates
                .optional_types()
                .map(|(name, feature)| (name.to_owned(), feature.to_owned()))
                .collect(),
        }
    }
}

fn type_surface(api: &Api, def: &TypeDef) -> TypeSurface {
    let deprecated = def.docs.deprecated;
    match &def.kind {
        TypeKind::Struct(st) => {
            let takes: Vec<String> = st
                .fields
                .iter()
                .filter(|f| !f.fills_itself(|| has_default(api, &f.ty)))
                .map(|f| f.name.clone())
                .collect();
            TypeSurface::Struct {
                fields: st
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), field_surface(f)))
                    .collect(),
                constructor: (!takes.is_empty()).then_some(takes),
                deprecated,
            }
        }
        TypeKind::Enum(enumeration) => TypeSurface::Enum {
            repr: match enumeration.repr {
                crate::ir::EnumRepr::String => "String",
                crate::ir::EnumRepr::I32 => "i32",
                crate::ir::EnumRepr::I64 => "i64",
            }
            .to_owned(),
            values: enumeration
                .variants
                .iter()
                .map(|v| {
                    let wire = match &v.value {
                        crate::ir::EnumValue::Str(text) => text.clone(),
                        crate::ir::EnumValue::Int(number) => number.to_string(),
                    };
                    (v.name.clone(), wire)
                })
                .collect(),
            deprecated,
        },
        TypeKind::Union(union) => TypeSurface::Union {
            variants: union
                .variants
                .iter()
                .map(|v| (v.name.clone(), type_text(&v.ty)))
                .collect(),
        },
        TypeKind::Alias(target) => TypeSurface::Alias {
            target: type_text(target),
        },
    }
}

/// Whether a type implements `Default` (as the emitter decides it).
fn has_default(api: &Api, ty: &TypeRef) -> bool {
    crate::emit::has_default(api, ty)
}

fn field_surface(field: &Field) -> FieldSurface {
    let mut ty = type_text(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.is_optional() {
        ty = format!("Option<{ty}>");
    }
    FieldSurface {
        ty,
        wire: field.wire_name.clone(),
        limits: Limits::of(&field.constraints),
        default: field.default.as_ref().map(literal_text),
        deprecated: field.docs.deprecated,
    }
}

fn operation_surface(op: &Operation) -> OperationSurface {
    let returns = match (&op.outputs, &op.success) {
        (Some(outputs), _) => outputs.clone(),
        (None, Some(ty)) => type_text(ty),
        (None, None) => "()".to_owned(),
    };
    OperationSurface {
        method: op.method_name.clone(),
        endpoint: format!("{} {}", op.http_method, op.path),
        returns,
        errors: op
            .errors
            .iter()
            .map(|e| {
                let body = e.body.as_ref().map_or_else(|| "()".to_owned(), type_text);
                (e.status.clone(), body)
            })
            .collect(),
        paginated: op.pagination.is_some(),
        stream_method: op
            .pagination
            .as_ref()
            .map(|p| &p.stream_method)
            .filter(|name| **name != Pagination::plain_stream_method(&op.method_name))
            .cloned(),
        deprecated: op.docs.deprecated,
        params: op
            .params
            .iter()
            .filter(|p| p.constant.is_none())
            .map(|p| (p.name.clone(), param_surface(p)))
            .collect(),
    }
}

fn param_surface(param: &Param) -> ParamSurface {
    let ty = type_text(&param.ty);
    ParamSurface {
        ty: if param.required {
            ty
        } else {
            format!("Option<{ty}>")
        },
        wire: format!("{} {}", param.location.noun(), param.wire_name),
        required: param.required,
        limits: Limits::of(&param.constraints),
        default: param.default.as_ref().map(ToString::to_string),
    }
}

/// The Rust spelling of a type reference, as the generated code writes it.
pub fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(primitive) => match primitive {
            Primitive::String => "String",
            Primitive::Bool => "bool",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::DateTime => "DateTime",
            Primitive::Date => "Date",
            Primitive::Uuid => "Uuid",
            Primitive::Bytes => "Base64",
            Primitive::Binary => "Vec<u8>",
        }
        .to_owned(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_text(value)),
        TypeRef::Json => "serde_json::Value".to_owned(),
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Bool(value) => value.to_string(),
        Literal::Integer(value) => value.to_string(),
        Literal::Number(value) => value.to_string(),
        Literal::String(value) => format!("{value:?}"),
        Literal::List(items) => {
            let items: Vec<String> = items.iter().map(literal_text).collect();
            format!("[{}]", items.join(", "))
        }
    }
}
