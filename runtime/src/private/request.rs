//! The macros that write a request's `validate` and `to_call` from what a
//! generated file states about its parameters: where each one goes on the
//! wire, how it is encoded and which documented constraints it has.
//!
//! Each parameter is named by its presence and its field: `req field` for a
//! required parameter (the field holds the value) and `opt field` for an
//! optional one (the field holds an `Option`). The macros below take a
//! request apart by those words; the logic they expand to calls the
//! runtime's writers ([`QueryWriter`](crate::__private::QueryWriter),
//! [`HeaderWriter`](crate::__private::HeaderWriter)) and
//! [`Violations`](crate::__private::Violations).

/// The `validate` and `to_call` methods of a generated request.
///
/// `validate(..)` lists the checks in the order they are reported; without
/// it, no constraint is documented. `call(..)` gives the method and the
/// path, then the sections that differ from an empty call: `body`, `query`,
/// `headers` and `auth`.
///
/// ```text
/// request!(GetPetRequest, "pets/get",
///     validate(value(req pet_id "petId" path_segment()),
///         value(opt limit "limit" range(Some(1.0), Some(100.0)))),
///     call("GET", path("/pets/{}", req pet_id),
///         query(plain(opt limit "limit")), auth(bearer())));
/// ```
///
/// The checks (see [`__check!`]): `value(p field "wire" kind(..))` with a
/// kind of [`__value_check!`]; `unset(field "wire" "reason")` for a
/// parameter the client fills from its credentials;
/// `each(p field [p item_field "label {}" kind(..)] ..)` for the fields of
/// the objects of a list (the label's `{}` is the item's number, from 1);
/// and `not_after(p first "wire", p second "wire")`.
#[doc(hidden)]
#[macro_export]
macro_rules! __request {
    (
        $request:ident, $operation:literal,
        $(validate($($check:tt)*),)?
        call($($call:tt)*) $(,)?
    ) => {
        impl $request {
            $crate::__validate!($operation; $($($check)*)?);
            $crate::__to_call!($operation, $($call)*);
        }
    };
}

/// The `validate` method of [`__request!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __validate {
    ($operation:literal;) => {
        /// Every documented constraint the parameters break: none are documented.
        pub fn validate(&self) -> ::core::result::Result<(), $crate::ValidationError> {
            ::core::result::Result::Ok(())
        }
    };
    ($operation:literal; $($check:ident($($args:tt)*)),+ $(,)?) => {
        /// Every documented constraint the parameters break; checked before sending.
        pub fn validate(&self) -> ::core::result::Result<(), $crate::ValidationError> {
            let mut violations = $crate::__private::Violations::new();
            $($crate::__check!(violations self $check($($args)*));)+
            violations.finish($operation)
        }
    };
}

/// A parameter's value as an `Option` of a reference: `Some` of the field
/// of a required parameter, the field as a reference of an optional one.
#[doc(hidden)]
#[macro_export]
macro_rules! __present {
    ($owner:tt req $field:ident) => {
        ::core::option::Option::Some(&$owner.$field)
    };
    ($owner:tt opt $field:ident) => {
        $owner.$field.as_ref()
    };
}

/// One check of [`__validate!`], on the request `$request` (`self`), into
/// the violations `$violations`.
#[doc(hidden)]
#[macro_export]
macro_rules! __check {
    ($violations:ident $request:tt value(req $field:ident $wire:literal $kind:ident($($args:tt)*))) => {
        $crate::__value_check!($violations, $wire, &$request.$field, $kind($($args)*))
    };
    ($violations:ident $request:tt value(opt $field:ident $wire:literal $kind:ident($($args:tt)*))) => {
        if let ::core::option::Option::Some(value) = &$request.$field {
            $crate::__value_check!($violations, $wire, value, $kind($($args)*))
        }
    };
    ($violations:ident $request:tt unset($field:ident $wire:literal $reason:literal)) => {
        if $request.$field.is_none() {
            $violations.unset($wire, $reason);
        }
    };
    (
        $violations:ident $request:tt
        each($presence:ident $field:ident $([
            $item_presence:ident $item_field:ident $label:literal $kind:ident($($args:tt)*)
        ])*)
    ) => {
        for (index, item) in $crate::__present!($request $presence $field)
            .into_iter()
            .flatten()
            .enumerate()
        {
            $($crate::__check!(
                $violations item item($item_presence $item_field $label index $kind($($args)*))
            );)*
        }
    };
    ($violations:ident $item:tt item(req $field:ident $label:literal $index:ident $kind:ident($($args:tt)*))) => {
        $crate::__value_check!(
            $violations,
            &::std::format!($label, $index + 1),
            &$item.$field,
            $kind($($args)*)
        )
    };
    ($violations:ident $item:tt item(opt $field:ident $label:literal $index:ident $kind:ident($($args:tt)*))) => {
        if let ::core::option::Option::Some(value) = &$item.$field {
            $crate::__value_check!(
                $violations,
                &::std::format!($label, $index + 1),
                value,
                $kind($($args)*)
            )
        }
    };
    (
        $violations:ident $request:tt
        not_after($first_presence:ident $first:ident $first_wire:literal,
            $second_presence:ident $second:ident $second_wire:literal $(,)?)
    ) => {
        if let (::core::option::Option::Some(first), ::core::option::Option::Some(second)) = (
            $crate::__present!($request $first_presence $first).map(|value| i64::from(*value)),
            $crate::__present!($request $second_presence $second).map(|value| i64::from(*value)),
        ) {
            $violations.not_after(($first_wire, first), ($second_wire, second));
        }
    };
}

/// One check of a value (`$value`, a reference) named `$name`:
///
/// - `range(min, max)`: a number within `Option<f64>` bounds;
/// - `length(min, max)`: a string's length in characters within `Option<usize>` bounds;
/// - `items(min, max)`: a list's size within `Option<usize>` bounds;
/// - `path_segment()`, `header_value()`, `not_empty()`: what a path
///   segment, a header value or a required query value must be.
#[doc(hidden)]
#[macro_export]
macro_rules! __value_check {
    ($violations:ident, $name:expr, $value:expr, range($min:expr, $max:expr $(,)?)) => {
        $violations.range($name, $value, $min, $max)
    };
    ($violations:ident, $name:expr, $value:expr, length($min:expr, $max:expr $(,)?)) => {
        $violations.length($name, $value, $min, $max)
    };
    ($violations:ident, $name:expr, $value:expr, items($min:expr, $max:expr $(,)?)) => {
        $violations.items($name, $value, $min, $max)
    };
    ($violations:ident, $name:expr, $value:expr, path_segment()) => {
        $violations.path_segment($name, $value)
    };
    ($violations:ident, $name:expr, $value:expr, header_value()) => {
        $violations.header_value($name, $value)
    };
    ($violations:ident, $name:expr, $value:expr, not_empty()) => {
        $violations.not_empty($name, $value)
    };
}

/// The `to_call` method of [`__request!`]: with a `body(..)` first, it
/// returns a `Result`, since encoding the body can fail.
#[doc(hidden)]
#[macro_export]
macro_rules! __to_call {
    ($operation:literal, $method:literal, body($($body:tt)*), $($call:tt)*) => {
        /// The HTTP call this request becomes, before endpoint and signature; fails only if the body cannot be encoded.
        pub fn to_call(&self) -> ::core::result::Result<$crate::OperationCall, $crate::BodyError> {
            ::core::result::Result::Ok($crate::OperationCall {
                body: $crate::__body!(self $($body)*),
                ..$crate::__call!(self $operation, $method, $($call)*)
            })
        }
    };
    ($operation:literal, $method:literal, $($call:tt)*) => {
        /// The HTTP call this request becomes, before endpoint and signature.
        pub fn to_call(&self) -> $crate::OperationCall {
            $crate::__call!(self $operation, $method, $($call)*)
        }
    };
}

/// The [`OperationCall`](crate::OperationCall) of [`__to_call!`], without
/// its body.
#[doc(hidden)]
#[macro_export]
macro_rules! __call {
    (
        $request:tt $operation:literal, $method:literal,
        path($($path:tt)*)
        $(, query($($query:ident($($query_args:tt)*)),* $(,)?))?
        $(, headers($($header:ident($($header_args:tt)*)),* $(,)?))?
        $(, auth($($scheme:ident($($scheme_args:tt)*)),* $(,)?))?
        $(,)?
    ) => {
        $crate::OperationCall {
            $(query: {
                let mut query = $crate::__private::QueryWriter::new();
                $($crate::__query!(query $request $query($($query_args)*));)*
                query.into_pairs()
            },)?
            $(headers: {
                let mut headers = $crate::__private::HeaderWriter::new();
                $($crate::__header!(headers $request $header($($header_args)*));)*
                headers.finish()
            },)?
            $(auth: &[$($crate::__auth!($scheme($($scheme_args)*))),*],)?
            ..$crate::OperationCall::new($operation, $method, $crate::__call_path!($request $($path)*))
        }
    };
}

/// A request's path: the template as it is when no parameter fills it, or
/// the template (a `format!`-style one, `{{` and `}}` literal braces) with
/// each value written as one percent-encoded segment: `req field` and
/// `opt field` (an optional string, empty when unset), `json field` (the
/// value as JSON text) or `constant "value"`.
#[doc(hidden)]
#[macro_export]
macro_rules! __call_path {
    ($request:tt $template:literal) => {
        ::std::string::String::from($template)
    };
    ($request:tt $template:literal $(, $kind:ident $value:tt)+ $(,)?) => {
        $crate::__private::fill_path(
            $template,
            &[$(&$crate::__path_value!($request $kind $value) as &dyn ::core::fmt::Display),+],
        )
    };
}

/// One value of [`__call_path!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __path_value {
    ($request:tt req $field:ident) => {
        $request.$field
    };
    ($request:tt opt $field:ident) => {
        $request.$field.as_deref().unwrap_or_default()
    };
    ($request:tt json $field:ident) => {
        $crate::__private::JsonText(&$request.$field)
    };
    ($request:tt constant $value:literal) => {
        $value
    };
}

/// One query parameter of [`__call!`], written into `$query`:
///
/// - `plain(p field "wire")`: `wire=value`;
/// - `constant("wire", "value")`: a value the spec fixes;
/// - `deep(p field "wire")`, `json(p field "wire")`: `deepObject` style,
///   and JSON text (a parameter described by `content`);
/// - `repeated`, `joined`, `delimited(p field "wire" "separator")`: a list
///   as repeated keys, comma-separated, or joined by the separator;
/// - `indexed(p field "wire")`: a list as `wire.1=a&wire.2=b`;
/// - `indexed_fields(p field "wire" [p item_field "Name"] ..)`: a list of
///   objects as `wire.1.Name=a`, one pair per field set.
#[doc(hidden)]
#[macro_export]
macro_rules! __query {
    ($query:ident $request:tt plain(req $field:ident $wire:literal)) => {
        $query.push($wire, &$request.$field)
    };
    ($query:ident $request:tt plain(opt $field:ident $wire:literal)) => {
        $query.push_opt($wire, $request.$field.as_ref())
    };
    ($query:ident $request:tt constant($wire:literal, $value:literal)) => {
        $query.push($wire, $value)
    };
    ($query:ident $request:tt deep($presence:ident $field:ident $wire:literal)) => {
        $query.push_deep_object($wire, $crate::__present!($request $presence $field))
    };
    ($query:ident $request:tt json($presence:ident $field:ident $wire:literal)) => {
        $query.push_json($wire, $crate::__present!($request $presence $field))
    };
    ($query:ident $request:tt repeated($presence:ident $field:ident $wire:literal)) => {
        if let ::core::option::Option::Some(values) = $crate::__present!($request $presence $field) {
            $query.push_repeated($wire, values);
        }
    };
    ($query:ident $request:tt joined($presence:ident $field:ident $wire:literal)) => {
        if let ::core::option::Option::Some(values) = $crate::__present!($request $presence $field) {
            $query.push_joined($wire, values);
        }
    };
    (
        $query:ident $request:tt
        delimited($presence:ident $field:ident $wire:literal $separator:literal)
    ) => {
        if let ::core::option::Option::Some(values) = $crate::__present!($request $presence $field) {
            $query.push_delimited($wire, values, $separator);
        }
    };
    ($query:ident $request:tt indexed($presence:ident $field:ident $wire:literal)) => {
        if let ::core::option::Option::Some(values) = $crate::__present!($request $presence $field) {
            $query.push_indexed($wire, values);
        }
    };
    (
        $query:ident $request:tt
        indexed_fields($presence:ident $field:ident $wire:literal $([
            $item_presence:ident $item_field:ident $item_wire:literal
        ])*)
    ) => {
        for (index, item) in $crate::__present!($request $presence $field)
            .into_iter()
            .flatten()
            .enumerate()
        {
            $($query.push_indexed_field(
                $wire,
                index + 1,
                $item_wire,
                $crate::__present!(item $item_presence $item_field),
            );)*
        }
    };
}

/// One header of [`__call!`], written into `$headers` (a
/// [`HeaderWriter`](crate::__private::HeaderWriter)): `constant("Name",
/// "value")`, `plain(p field "Name")` (the value with `Display`), `json(p
/// field "Name")` (the value as JSON text), and the same for cookies,
/// `cookie(p field "name")` and `cookie_json(p field "name")`, which are
/// sent together as one `Cookie` header after the others.
#[doc(hidden)]
#[macro_export]
macro_rules! __header {
    ($headers:ident $request:tt constant($name:literal, $value:literal)) => {
        $headers.push($name, $value)
    };
    ($headers:ident $request:tt plain($($entry:tt)*)) => {
        $crate::__header_value!($headers.push $request $($entry)* plain)
    };
    ($headers:ident $request:tt json($($entry:tt)*)) => {
        $crate::__header_value!($headers.push $request $($entry)* json)
    };
    ($headers:ident $request:tt cookie($($entry:tt)*)) => {
        $crate::__header_value!($headers.cookie $request $($entry)* plain)
    };
    ($headers:ident $request:tt cookie_json($($entry:tt)*)) => {
        $crate::__header_value!($headers.cookie $request $($entry)* json)
    };
}

/// A header or cookie parameter of [`__header!`], added by `$method` when
/// it has a value, as it is (`plain`) or as JSON text (`json`).
#[doc(hidden)]
#[macro_export]
macro_rules! __header_value {
    ($headers:ident.$method:ident $request:tt req $field:ident $name:literal $text:ident) => {
        $headers.$method($name, $crate::__header_text!($text &$request.$field))
    };
    ($headers:ident.$method:ident $request:tt opt $field:ident $name:literal $text:ident) => {
        if let ::core::option::Option::Some(value) = &$request.$field {
            $headers.$method($name, $crate::__header_text!($text value));
        }
    };
}

/// A header value of [`__header_value!`]: the reference as it is, or its
/// JSON text.
#[doc(hidden)]
#[macro_export]
macro_rules! __header_text {
    (plain $value:expr) => {
        $value
    };
    (json $value:expr) => {
        $crate::__private::JsonText($value)
    };
}

/// One auth scheme an operation accepts: `signed(Algorithm)`,
/// `token_header("Header")` or `bearer()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __auth {
    (signed($algorithm:ident)) => {
        $crate::AuthScheme::Signed($crate::SigningAlgorithm::$algorithm)
    };
    (token_header($header:literal)) => {
        $crate::AuthScheme::TokenHeader($header)
    };
    (bearer()) => {
        $crate::AuthScheme::Bearer
    };
}

/// The body of [`__to_call!`]: `json(p field)` and `form(p field)` encode
/// the value (which can fail: the `?` returns from `to_call`), `raw("media
/// type" p field)` sends the bytes as they are.
#[doc(hidden)]
#[macro_export]
macro_rules! __body {
    ($request:tt json(req $field:ident)) => {
        ::core::option::Option::Some($crate::Body::json(&$request.$field)?)
    };
    ($request:tt form(req $field:ident)) => {
        ::core::option::Option::Some($crate::Body::form(&$request.$field)?)
    };
    ($request:tt raw($media:literal req $field:ident)) => {
        ::core::option::Option::Some($crate::Body::raw($media, $request.$field.clone()))
    };
    ($request:tt json(opt $field:ident)) => {
        match &$request.$field {
            ::core::option::Option::Some(value) => {
                ::core::option::Option::Some($crate::Body::json(value)?)
            }
            ::core::option::Option::None => ::core::option::Option::None,
        }
    };
    ($request:tt form(opt $field:ident)) => {
        match &$request.$field {
            ::core::option::Option::Some(value) => {
                ::core::option::Option::Some($crate::Body::form(value)?)
            }
            ::core::option::Option::None => ::core::option::Option::None,
        }
    };
    ($request:tt raw($media:literal opt $field:ident)) => {
        $request
            .$field
            .as_ref()
            .map(|value| $crate::Body::raw($media, value.clone()))
    };
}
