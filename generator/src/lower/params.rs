//! The parameters of an operation: path-item and operation parameters, their
//! types, encodings and constants, and the request body.

use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SchemaKind, Type,
};
use serde_json::Value;

use super::Lower;
use super::beside::Kind;
use super::extensions;
use super::names::{self};
use super::responses::is_json;
use super::schema::{SchemaRef, constraints_of};

use crate::ir::{
    BodyEncoding, Constraints, CredentialDefault, Docs, Param, ParamLocation, Primitive,
    QueryEncoding, TypeRef,
};

impl<'a> Lower<'a> {
    pub(super) fn lower_param(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        at: &str,
        type_prefix: &str,
    ) -> Option<Param> {
        let (param, at) = self.resolve(param, at, "parameters", "parameter", |c| &c.parameters)?;
        let component = at
            .strip_prefix("/components/parameters/")
            .map(|key| key.replace("~1", "/").replace("~0", "~"));
        let mut empty_allowed = false;
        let (data, location, encoding) = match param {
            Parameter::Path { parameter_data, .. } => {
                (parameter_data, ParamLocation::Path, QueryEncoding::Repeated)
            }
            Parameter::Header { parameter_data, .. } => (
                parameter_data,
                ParamLocation::Header,
                QueryEncoding::Repeated,
            ),
            Parameter::Query {
                parameter_data,
                style,
                allow_empty_value,
                ..
            } => {
                empty_allowed = allow_empty_value.unwrap_or(false);
                let exploded = parameter_data.explode;
                let encoding = match style {
                    _ if parameter_data.extensions.get("x-query-flatten")
                        == Some(&Value::from("indexed")) =>
                    {
                        QueryEncoding::Indexed
                    }
                    QueryStyle::Form if exploded == Some(false) => QueryEncoding::CommaSeparated,
                    QueryStyle::Form => QueryEncoding::Repeated,
                    // Exploded delimited lists are repeated keys, as in form style.
                    QueryStyle::PipeDelimited | QueryStyle::SpaceDelimited
                        if exploded == Some(true) =>
                    {
                        QueryEncoding::Repeated
                    }
                    QueryStyle::PipeDelimited => QueryEncoding::PipeDelimited,
                    QueryStyle::SpaceDelimited => QueryEncoding::SpaceDelimited,
                    QueryStyle::DeepObject => QueryEncoding::DeepObject,
                };
                if let Some(flatten) = parameter_data.extensions.get("x-query-flatten")
                    && flatten != "indexed"
                {
                    self.error(&at, format!("`x-query-flatten` `{flatten}` is not supported; the only value is `indexed`"));
                }
                (parameter_data, ParamLocation::Query, encoding)
            }
            Parameter::Cookie { parameter_data, .. } => (
                parameter_data,
                ParamLocation::Cookie,
                QueryEncoding::Repeated,
            ),
        };
        let (schema, encoding) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, encoding),
            ParameterSchemaOrContent::Content(content) => {
                self.content_schema(&data.name, content, encoding, &at)?
            }
        };
        let name = match extensions::string(&data.extensions, "x-rust-name") {
            Ok(Some(name)) if names::is_valid_identifier(&name) => name,
            Ok(Some(name)) => {
                self.error(
                    &at,
                    format!("`x-rust-name` `{name}` is not a valid Rust identifier"),
                );
                return None;
            }
            Ok(_) => names::snake_name(&data.name),
            Err(message) => {
                self.error(&at, message);
                return None;
            }
        };
        let schema_at = format!("{at}/schema");
        let constant = constant_value(data, schema);
        let ty = match constant {
            Some(_) => TypeRef::Primitive(crate::ir::Primitive::String),
            None => {
                let schema = SchemaRef::from(schema);
                let hint = if schema.needs_hint() {
                    format!("{type_prefix}{}", names::camel_name(&data.name, "Param"))
                } else {
                    String::new()
                };
                self.type_of(schema, &schema_at, &hint)
            }
        };
        let ty = if self.check_param_shape(&data.name, location, encoding, &ty, &at) {
            ty
        } else {
            TypeRef::Primitive(Primitive::String)
        };
        let mut docs = match extensions::docs(None, data.description.as_deref(), &data.extensions) {
            Ok(docs) => docs,
            Err(message) => {
                self.error(&at, message);
                Default::default()
            }
        };
        docs.deprecated = data.deprecated.unwrap_or(false);
        let (constraints, default) = match self.resolved_schema(schema) {
            Some(resolved) => {
                let schema_docs = self.schema_docs(resolved, &schema_at);
                let sourced = std::mem::replace(&mut docs.facts, schema_docs.facts);
                for fact in sourced {
                    if !docs.facts.contains(&fact) {
                        docs.facts.push(fact);
                    }
                }
                if docs.description.is_none() {
                    docs.description = schema_docs.description;
                }
                for discrepancy in schema_docs.discrepancies {
                    if !docs.discrepancies.contains(&discrepancy) {
                        docs.discrepancies.push(discrepancy);
                    }
                }
                (
                    constraints_of(resolved),
                    resolved.schema_data.default.clone(),
                )
            }
            None => (Constraints::default(), None),
        };
        let wire = &data.name;
        let how = match encoding {
            QueryEncoding::DeepObject => Some(format!(
                "Sent as `{wire}[property]=value` for each property (`deepObject` style)."
            )),
            QueryEncoding::Json => Some("Sent as JSON text.".to_owned()),
            QueryEncoding::PipeDelimited => Some(format!("Sent as one `{wire}=a|b|c`.")),
            QueryEncoding::SpaceDelimited => Some(format!(
                "Sent as one `{wire}` whose items are separated by spaces."
            )),
            _ => None,
        };
        docs.facts.extend(how);
        let from_credentials = self.credential_default(data, &ty, &at);
        Some(Param {
            wire_name: data.name.clone(),
            name,
            location,
            ty,
            required: data.required && from_credentials.is_none(),
            empty_allowed,
            constant,
            constraints,
            default,
            encoding,
            docs,
            component,
            shared: None,
            from_credentials,
        })
    }

    /// The schema and encoding of a parameter described by `content` (one
    /// media type and its schema) instead of `schema`. A JSON media type
    /// makes an object or a list JSON text; a scalar is written as it is, as
    /// the APIs that describe a plain path segment this way expect, with a
    /// warning. Any other media type is read as if the schema stood alone.
    fn content_schema(
        &mut self,
        name: &str,
        content: &'a openapiv3::Content,
        encoding: QueryEncoding,
        at: &str,
    ) -> Option<(&'a ReferenceOr<openapiv3::Schema>, QueryEncoding)> {
        let Some((media, media_type)) = content.iter().next() else {
            self.error(
                at,
                format!("parameter `{name}` has an empty `content`: it names no media type"),
            );
            return None;
        };
        let media_at = format!("{at}/content/{}", crate::load::escape_pointer_token(media));
        let Some(schema) = media_type.schema.as_ref() else {
            self.error(
                &media_at,
                format!("parameter `{name}` is described by `content` `{media}` without a schema; give the media type a `schema`"),
            );
            return None;
        };
        if content.len() > 1 {
            self.warning(at, format!("parameter `{name}` lists more than one media type in `content`; only the first, `{media}`, is used"));
        }
        if !is_json(media) {
            return Some((schema, encoding));
        }
        let scalar = self.resolved_schema(schema).is_some_and(|resolved| {
            matches!(
                resolved.schema_kind,
                SchemaKind::Type(
                    Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_)
                )
            )
        });
        if scalar {
            self.warning(
                &media_at,
                format!("parameter `{name}` is a scalar described as `{media}`; it is written as it is, not as JSON text in quotes"),
            );
            Some((schema, encoding))
        } else {
            Some((schema, QueryEncoding::Json))
        }
    }

    /// `x-default-from-credentials: project-id`: a string parameter the
    /// client fills from its credentials when the caller leaves it unset (as
    /// the vendors' SDKs fill a project id in the path).
    fn credential_default(
        &mut self,
        data: &ParameterData,
        ty: &TypeRef,
        at: &str,
    ) -> Option<CredentialDefault> {
        let value = data.extensions.get("x-default-from-credentials")?;
        let default = match value.as_str() {
            Some("project-id") => CredentialDefault::ProjectId,
            _ => {
                self.error(
                    at,
                    format!(
                        "`x-default-from-credentials` of parameter `{}` must be `project-id`, found `{value}`",
                        data.name
                    ),
                );
                return None;
            }
        };
        if *ty != TypeRef::Primitive(Primitive::String) {
            self.error(
                at,
                format!(
                    "parameter `{}` takes `x-default-from-credentials`, so it must be a string",
                    data.name
                ),
            );
            return None;
        }
        Some(default)
    }

    /// Whether the client can write a parameter of this type where it goes:
    /// scalars and enums anywhere, lists of them in the query, lists of
    /// objects only with `x-query-flatten: indexed`.
    pub(super) fn check_param_shape(
        &mut self,
        name: &str,
        location: ParamLocation,
        encoding: QueryEncoding,
        ty: &TypeRef,
        at: &str,
    ) -> bool {
        let scalar = |ty: &TypeRef| match ty {
            TypeRef::Primitive(_) => true,
            TypeRef::Named(name) => matches!(
                self.lowered_kind(name),
                Some(Kind::Enum(_) | Kind::PrimitiveAlias)
            ),
            _ => false,
        };
        let object = |ty: &TypeRef| match ty {
            TypeRef::Named(name) => matches!(self.lowered_kind(name), Some(Kind::Struct)),
            _ => false,
        };
        let ok = match (location, ty) {
            // Any type is written through its `Serialize` impl.
            (_, _) if encoding == QueryEncoding::Json => true,
            (ParamLocation::Query, _) if encoding == QueryEncoding::DeepObject => true,
            (_, ty) if scalar(ty) => true,
            (ParamLocation::Query, TypeRef::Vec(item)) if encoding == QueryEncoding::Indexed => {
                object(item) || scalar(item)
            }
            (ParamLocation::Query, TypeRef::Vec(item)) => scalar(item),
            _ => false,
        };
        if !ok {
            let place = match location {
                ParamLocation::Path => "a path parameter",
                ParamLocation::Query => {
                    "a query parameter (lists of objects need `x-query-flatten: indexed`)"
                }
                ParamLocation::Header => "a header",
                ParamLocation::Cookie => "a cookie",
                ParamLocation::Body => return true,
            };
            self.warning(
                at,
                format!("parameter `{name}` has a type that cannot be written as {place}; it is taken as a string the caller formats"),
            );
        }
        ok
    }

    /// The schema itself, following a reference to a component.
    pub(super) fn resolved_schema(
        &self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
    ) -> Option<&'a openapiv3::Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s),
        }
    }

    /// The request body as a parameter, and how it is encoded: JSON or form
    /// bodies as their schema's type, any other media type as raw bytes.
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        type_prefix: &str,
    ) -> Option<(Param, BodyEncoding)> {
        let (body, at) = self.resolve(body, at, "requestBodies", "request body", |c| {
            &c.request_bodies
        })?;
        let essence = |media: &str| {
            media
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        };
        let chosen = body
            .content
            .iter()
            .find(|(media, _)| is_json(media))
            .map(|(media, content)| (media, content, BodyEncoding::Json))
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(media, _)| essence(media) == "application/x-www-form-urlencoded")
                    .map(|(media, content)| (media, content, BodyEncoding::Form))
            })
            .or_else(|| {
                body.content
                    .iter()
                    .next()
                    .map(|(media, content)| (media, content, BodyEncoding::Raw(media.clone())))
            });
        let Some((media, content, encoding)) = chosen else {
            self.warning(
                &at,
                "the request body lists no media type; the operation is generated without a body",
            );
            return None;
        };
        let media_at = format!("{at}/content/{}", crate::load::escape_pointer_token(media));
        let ty = match (&encoding, &content.schema) {
            (BodyEncoding::Raw(media), _) => {
                self.warning(&media_at, format!("`{media}` bodies are not encoded by the generated code; the request takes the encoded bytes"));
                TypeRef::Primitive(Primitive::Binary)
            }
            (_, Some(schema)) => self.type_of(
                SchemaRef::from(schema),
                &format!("{media_at}/schema"),
                &format!("{type_prefix}Body"),
            ),
            (_, None) => TypeRef::Json,
        };
        let mut docs = Docs {
            description: body.description.clone(),
            ..Docs::default()
        };
        docs.facts.push(match &encoding {
            BodyEncoding::Json => "Sent as `application/json`.".to_owned(),
            BodyEncoding::Form => "Sent as `application/x-www-form-urlencoded`.".to_owned(),
            BodyEncoding::Raw(media) => format!("Sent as `{media}`, encoded by the caller."),
        });
        let param = Param {
            wire_name: "body".to_owned(),
            name: "body".to_owned(),
            location: ParamLocation::Body,
            ty,
            required: body.required,
            empty_allowed: false,
            constant: None,
            constraints: Constraints::default(),
            default: None,
            encoding: QueryEncoding::Repeated,
            docs,
            component: None,
            shared: None,
            from_credentials: None,
        };
        Some((param, encoding))
    }
}

/// The value of a constant parameter: required, with an inline string enum of
/// exactly one value.
fn constant_value(data: &ParameterData, schema: &ReferenceOr<openapiv3::Schema>) -> Option<String> {
    if !data.required {
        return None;
    }
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => {
            string.enumeration[0].clone()
        }
        _ => None,
    }
}
