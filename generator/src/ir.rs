//! The validated intermediate representation that the emitter works from.
//!
//! Everything here is already checked: names are valid, unique Rust identifiers,
//! every type reference points at a type in [`Api::types`], every constraint is
//! consistent. The emitter never needs to report an error.

use std::collections::BTreeMap;

/// One spec, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module the API is generated into (from the spec's file name).
    pub module: String,
    /// The spec file, as given to the generator.
    pub source_file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The servers, in spec order.
    pub servers: Vec<Server>,
    /// The security schemes, by name.
    pub auth: BTreeMap<String, AuthScheme>,
    /// Every named type, keyed (and so ordered) by its Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// The operations, ordered by Rust name.
    pub operations: Vec<Operation>,
    /// `x-error-fields`: where answers carry error details and the request
    /// id; `None` when the spec does not say (the runtime's generic names).
    pub error_fields: Option<ErrorFields>,
    /// `x-root-exports`: which of the API's items the crate root re-exports;
    /// `None` (none of them) unless the spec opts in.
    pub root_exports: Option<RootExports>,
}

impl Api {
    /// The public items of the API's module that the crate root may
    /// re-export, each with the operation it belongs to (none for a type of
    /// `types`): every named type, and each operation's request, builder,
    /// output enum and error enum (or its alias of a shared one).
    pub fn item_names(&self) -> Vec<(String, Option<&Operation>)> {
        let mut names: Vec<(String, Option<&Operation>)> =
            self.types.keys().map(|name| (name.clone(), None)).collect();
        for op in &self.operations {
            let own = [
                format!("{}Request", op.type_prefix),
                format!("{}RequestBuilder", op.type_prefix),
            ];
            let shared = op.error_enum.clone().filter(|_| op.owns_error_enum);
            for name in own
                .into_iter()
                .chain(op.outputs.clone())
                .chain(shared)
                .chain(op.error_alias.clone())
            {
                names.push((name, Some(op)));
            }
        }
        names
    }
}

/// The items of one API that the crate root re-exports (`x-root-exports`):
/// all of them but the ones named. The list is the spec's, so that adding a
/// spec or an item never removes a root path: two specs that would export
/// one name are an error until one of them lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootExports {
    /// The item names not re-exported.
    pub except: std::collections::BTreeSet<String>,
    /// Where the extension is, for diagnostics: its JSON pointer and line.
    pub pointer: String,
    /// The 1-based line of the extension, when known.
    pub line: Option<usize>,
}

/// Where a service's answers carry error details and the request id, each a
/// list of names tried in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorFields {
    /// Body properties holding the error code.
    pub code: Vec<String>,
    /// Body properties holding the error message.
    pub message: Vec<String>,
    /// Body properties holding the request id.
    pub request_id: Vec<String>,
    /// Headers holding the request id.
    pub request_id_headers: Vec<String>,
}

/// A server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL, with `{variable}` placeholders.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Template variables and their defaults.
    pub variables: BTreeMap<String, String>,
    /// `x-region-endpoints`: every region the spec knows and its URLs, the
    /// preferred first. Empty when the spec lists none.
    pub region_endpoints: BTreeMap<String, Vec<String>>,
    /// `x-unlisted-regions: template`: a region not in `region_endpoints`
    /// fills the template instead of being refused.
    pub unlisted_regions_use_template: bool,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthScheme {
    /// A key sent as a header.
    HeaderKey {
        /// The header name.
        header: String,
    },
    /// A signature computed over the request (`x-signing`).
    Signed {
        /// The signing algorithm.
        algorithm: SigningAlgorithm,
        /// `credentials-env`: where credentials are read from.
        credentials_env: Option<CredentialsEnv>,
    },
    /// A token sent as `Authorization: Bearer` (HTTP `bearer`, OAuth 2,
    /// OpenID Connect).
    Bearer,
    /// A scheme the runtime has no support for; kept for documentation.
    Other {
        /// What the spec said.
        description: String,
    },
}

/// The signing algorithms the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`.
    SdkHmacSha256,
    /// `ACS3-HMAC-SHA256`.
    Acs3HmacSha256,
}

/// Environment variables that hold credentials (`x-signing.credentials-env`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsEnv {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The security token of temporary credentials.
    pub security_token: Option<String>,
    /// The project id.
    pub project_id: Option<String>,
}

/// Documentation gathered for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// The spec's title or summary, if any.
    pub summary: Option<String>,
    /// The spec's description.
    pub description: Option<String>,
    /// Facts worth a line each: ranges, defaults, units, formats.
    pub facts: Vec<String>,
    /// Recorded contradictions of the vendor's documentation (`x-doc-discrepancy`).
    pub discrepancies: Vec<String>,
    /// Whether the item is deprecated.
    pub deprecated: bool,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// The name in the spec (`components/schemas` key, or the place an inline
    /// schema stood).
    pub spec_name: String,
    /// Its documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// An enumeration of values, forward compatible.
    Enum(Enum),
    /// A choice between other types (`oneOf`/`anyOf`).
    Union(Union),
    /// Another name for a type.
    Alias(TypeRef),
}

impl TypeKind {
    /// Calls `f` with each type reference the kind holds: each field's type
    /// and a typed map's value type, each union variant's payload, an
    /// alias's target; an enumeration holds none.
    pub fn each_type_ref<'a>(&'a self, f: &mut dyn FnMut(&'a TypeRef)) {
        match self {
            TypeKind::Struct(st) => {
                for field in &st.fields {
                    f(&field.ty);
                }
                if let Additional::Typed(ty) = &st.additional {
                    f(ty);
                }
            }
            TypeKind::Union(union) => {
                for variant in &union.variants {
                    f(&variant.ty);
                }
            }
            TypeKind::Alias(ty) => f(ty),
            TypeKind::Enum(_) => {}
        }
    }
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The properties, in spec order.
    pub fields: Vec<Field>,
    /// What to do with properties the spec does not list.
    pub additional: Additional,
}

/// Properties beyond the listed ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Kept as raw JSON, so that decoding loses nothing.
    KeepUnknown,
    /// A typed map (`additionalProperties: <schema>`).
    Typed(TypeRef),
    /// Forbidden by the spec (`additionalProperties: false`); ignored on decode.
    Forbidden,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (snake_case, never a keyword).
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` that an optional field adds.
    pub ty: TypeRef,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether `null` is a valid value.
    pub nullable: bool,
    /// Whether the type must be boxed to break a cycle.
    pub boxed: bool,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// Documented limits of the value.
    pub constraints: Constraints,
    /// The documented default, applied when the property is absent; only on
    /// optional properties that are neither nullable nor one-directional,
    /// which then are plain values, not `Option`s.
    pub default: Option<Literal>,
    /// Its documentation.
    pub docs: Docs,
}

impl Field {
    /// Whether the Rust field is an `Option`: not required and without a
    /// default, nullable, or present in only one direction (`readOnly`,
    /// `writeOnly`).
    pub fn is_optional(&self) -> bool {
        (!self.required && self.default.is_none())
            || self.nullable
            || self.read_only
            || self.write_only
    }

    /// Whether a value of the struct can do without the caller naming this
    /// field: it is optional, has a documented default, or its type
    /// implements `Default` (asked of `type_has_default` only when the rest
    /// does not decide, so that a recursive type is not asked about
    /// itself). A struct implements `Default` when every field can;
    /// otherwise its `new` takes the ones that cannot.
    pub fn fills_itself(&self, type_has_default: impl FnOnce() -> bool) -> bool {
        self.is_optional() || self.default.is_some() || type_has_default()
    }
}

/// A default value from a spec, checked against the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A boolean.
    Bool(bool),
    /// An integer (of an integer field or integer enumeration).
    Integer(i64),
    /// A number of a floating-point field.
    Number(f64),
    /// A string (of a string field or string enumeration).
    String(String),
    /// An array of literals (of a `Vec` field).
    List(Vec<Literal>),
}

/// The Rust field that keeps properties a struct does not list.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// A forward-compatible enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// How values look on the wire.
    pub repr: EnumRepr,
    /// The known values.
    pub variants: Vec<Variant>,
}

/// The wire type of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers that fit in `i32`.
    I32,
    /// JSON integers that fit in `i64`.
    I64,
}

/// One known value of an enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: EnumValue,
    /// Its documented meaning.
    pub docs: Docs,
}

/// A value of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumValue {
    /// A string value.
    Str(String),
    /// An integer value.
    Int(i64),
}

/// A `oneOf`/`anyOf` type.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The discriminator property, when the spec names one.
    pub tag: Option<String>,
    /// The alternatives.
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The discriminator value that selects it, for tagged unions.
    pub tag_value: Option<String>,
    /// The payload.
    pub ty: TypeRef,
    /// Whether the payload must be boxed to break a cycle.
    pub boxed: bool,
}

/// A reference to a type, as it appears in a field or parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A type of [`Api::types`].
    Named(String),
    /// A scalar.
    Primitive(Primitive),
    /// A JSON array.
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// Any JSON value (the documented fallback for what has no better type).
    Json,
}

impl TypeRef {
    /// The named type the reference leads to, through lists and maps.
    pub fn named_leaf(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Vec(item) | TypeRef::Map(item) => item.named_leaf(),
            TypeRef::Primitive(_) | TypeRef::Json => None,
        }
    }
}

/// The scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `string`.
    String,
    /// `boolean`.
    Bool,
    /// `integer`, `int32`.
    I32,
    /// `integer`, `int64` or no format.
    I64,
    /// `number`, `float`.
    F32,
    /// `number`, `double` or no format.
    F64,
    /// `string`, `date-time`: `flowscribe_runtime::formats::DateTime`.
    DateTime,
    /// `string`, `date`: `flowscribe_runtime::formats::Date`.
    Date,
    /// `string`, `uuid`: `flowscribe_runtime::formats::Uuid`.
    Uuid,
    /// `string`, `byte` (base64): `flowscribe_runtime::formats::Base64`.
    Bytes,
    /// Raw bytes (`Vec<u8>`): only as a request body of a media type the
    /// generated code does not encode.
    Binary,
}

/// Documented limits on a value, checked by the generated client.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, as the vendor names it.
    pub id: String,
    /// The Rust method name (snake_case).
    pub method_name: String,
    /// The prefix of the operation's Rust type names (UpperCamelCase).
    pub type_prefix: String,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// Its documentation.
    pub docs: Docs,
    /// `x-source-page`: where the operation was transcribed from.
    pub source_page: Option<String>,
    /// The parameters, path ones first, then in spec order.
    pub params: Vec<Param>,
    /// The type every documented 2xx body has, when they all agree (none when
    /// there is no body, or when [`Operation::outputs`] names an enum).
    pub success: Option<TypeRef>,
    /// Every documented 2xx status, with its body.
    pub successes: Vec<StatusResponse>,
    /// The enum the answer decodes into by status, when the 2xx statuses
    /// document different bodies (`{Prefix}Output`).
    pub outputs: Option<String>,
    /// The documented status codes other than success, with their bodies.
    pub errors: Vec<StatusResponse>,
    /// The enum of the documented error answers (`{Prefix}Error`), when
    /// there are any. Operations whose error answers are the same share one
    /// enum.
    pub error_enum: Option<String>,
    /// Whether this operation's request file defines `error_enum` (the first
    /// of the operations sharing it, or the only one).
    pub owns_error_enum: bool,
    /// How many operations share `error_enum`.
    pub error_enum_users: usize,
    /// The operation's own name for a shared `error_enum`
    /// (`{Prefix}Error`), an alias of it, so that each operation's error
    /// type keeps its name whichever operations share it.
    pub error_alias: Option<String>,
    /// Its group: the first tag, or the first path segment without tags, as
    /// a Cargo feature name. A large API compiles one group per feature.
    pub group: String,
    /// How the operation pages, if it does.
    pub pagination: Option<Pagination>,
    /// Names of the security schemes that may authenticate it.
    pub security: Vec<String>,
    /// `x-not-after`: pairs of parameters (Rust names) whose first must not
    /// exceed the second.
    pub not_after: Vec<(String, String)>,
    /// `x-request-headers`: constant headers the operation always sends.
    pub request_headers: Vec<(String, String)>,
    /// How the body parameter (the one at [`ParamLocation::Body`]) is encoded.
    pub body: Option<BodyEncoding>,
}

/// A documented response of one status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusResponse {
    /// The status code, a range (`4XX`) or `default`.
    pub status: String,
    /// Its description.
    pub description: String,
    /// The body type, if documented.
    pub body: Option<TypeRef>,
    /// Its variant in the operation's output or error enum (`NotFound`,
    /// `Status418`, `Other`).
    pub variant: String,
}

impl StatusResponse {
    /// The status as a number, unless it is a range or `default`.
    pub fn code(&self) -> Option<u16> {
        self.status.parse().ok()
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie, sent in the `Cookie` header.
    Cookie,
    /// The request body (see [`Operation::body`]).
    Body,
}

impl ParamLocation {
    /// What a parameter in this place is called in the docs.
    pub fn noun(self) -> &'static str {
        match self {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Body => "request body",
        }
    }
}

/// How the request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` (or another `+json` type).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Any other media type: bytes the caller encodes, sent with this
    /// `Content-Type`.
    Raw(String),
}

/// How a parameter is written: lists and objects in the query string, and
/// JSON text anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEncoding {
    /// `key=value`; for lists, one `key=item` per item (form, exploded).
    Repeated,
    /// Lists as one `key=a,b,c` (form, not exploded).
    CommaSeparated,
    /// Lists as one `key=a|b|c` (`pipeDelimited`).
    PipeDelimited,
    /// Lists as one `key=a b c` (`spaceDelimited`).
    SpaceDelimited,
    /// Objects as `key[property]=value`, nested as `key[a][b]`, list items
    /// as `key[]=item` (`deepObject`).
    DeepObject,
    /// The value as JSON text: a parameter described by `content` with a
    /// JSON media type instead of a schema. It goes wherever the parameter
    /// goes (path, query, header, cookie).
    Json,
    /// Lists of objects as `key.1.Field=value`, numbered from 1 (`x-query-flatten`).
    Indexed,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The wire name.
    pub wire_name: String,
    /// The Rust field name.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// `allowEmptyValue` of a query parameter: whether an empty value may be
    /// sent. Without it, a required query parameter refuses an empty string.
    pub empty_allowed: bool,
    /// For a constant parameter (required, single-value enum): the value
    /// always sent.
    pub constant: Option<String>,
    /// Documented limits.
    pub constraints: Constraints,
    /// The documented default, as the vendor writes it.
    pub default: Option<serde_json::Value>,
    /// How it is written to the query string.
    pub encoding: QueryEncoding,
    /// Its documentation.
    pub docs: Docs,
    /// The key of the `components/parameters` entry it comes from, if any.
    pub component: Option<String>,
    /// The type alias of [`Api::types`] that documents a component parameter
    /// many operations share, once; the field of each request has that type
    /// and a one-line doc.
    pub shared: Option<String>,
    /// `x-default-from-credentials`: the value the client fills in when the
    /// caller leaves the parameter unset. Such a parameter is not
    /// [`Param::required`] of the caller, even where the spec requires it
    /// on the wire.
    pub from_credentials: Option<CredentialDefault>,
}

/// A part of the client's credentials that a parameter defaults to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialDefault {
    /// The project id (`project-id`).
    ProjectId,
}

/// How to fetch every page of a paginated operation (`x-pagination`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The client method that streams the records of every page:
    /// `{method}_stream`, unless an operation's method has that name.
    pub stream_method: String,
    /// From the response body to the list of records.
    pub items: FieldPath,
    /// From the response body to the total count, if the response has one.
    pub total: Option<FieldPath>,
    /// The parameter (Rust name) that sets the page size.
    pub page_size: Option<String>,
    /// How each following request is derived, by parameter (Rust name).
    pub next: Vec<(String, NextValue)>,
}

impl Pagination {
    /// The stream method of the operation whose method is `method`, where
    /// no other operation has that name.
    pub fn plain_stream_method(method: &str) -> String {
        format!("{method}_stream")
    }
}

/// A chain of struct fields, from a type down to a value.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    /// Each field's Rust name, and whether it is required (not an `Option`).
    pub steps: Vec<(String, bool)>,
    /// The type at the end of the chain.
    pub leaf: TypeRef,
}

/// Where a parameter's value for the next page comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum NextValue {
    /// A field of the last record received.
    LastItem(FieldPath),
    /// The number of records received so far.
    ItemsReceived,
    /// A page counter that starts at the given value.
    PageNumber(i64),
}
