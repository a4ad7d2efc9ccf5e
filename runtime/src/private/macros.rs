//! The macros generated files call: each takes the names and wire names of
//! one generated item and writes the impls that are the same for every item
//! of its kind. They are exported at the crate root under `__` names (as
//! `#[macro_export]` requires) and re-exported from
//! [`crate::__private`] under their own, which is how generated code names
//! them.

/// The inherent methods and trait impls of a forward-compatible string enum
/// whose definition the generated file writes: `KNOWN`, `as_str`,
/// `is_unknown`, `From<&str>`, `From<String>`, `FromStr`, `Display`,
/// `Serialize`, `Deserialize`, and equality, hashing and order by the wire
/// value (see [`__enum_order!`]). The enum must have an
/// `Unknown(UnknownValue<String>)` variant besides the listed ones.
///
/// ```text
/// string_enum!(Direction { In("in"), Out("out") });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident { $($variant:ident($wire:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a value the spec does not list.
            pub fn is_unknown(&self) -> bool {
                ::core::matches!(self, $name::Unknown(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::Unknown($crate::__private::unknown(
                        ::std::borrow::ToOwned::to_owned(other),
                    )),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Unknown(_) => $name::Unknown($crate::__private::unknown(value)),
                    known => known,
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok($name::from(value))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_str(deserializer)
            }
        }

        $crate::__enum_order!($name, as_str);
    };
}

/// The inherent methods and trait impls of a forward-compatible integer enum
/// whose definition the generated file writes: `KNOWN`, `value`,
/// `is_unknown`, conversions from and into the integer type, `FromStr`,
/// `Display`, `Serialize`, `Deserialize`, and equality, hashing and order by
/// the wire value. The enum must have an `Unknown(UnknownValue<i32>)` (or
/// `i64`) variant besides the listed ones.
///
/// ```text
/// integer_enum!(Level: i32 { Low(1), High(2) });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    ($name:ident: $raw:ident { $($variant:ident($value:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as it is sent on the wire.
            pub fn value(&self) -> $raw {
                match self {
                    $($name::$variant => $value,)*
                    $name::Unknown(value) => value.get(),
                }
            }

            /// Whether this is a value the spec does not list.
            pub fn is_unknown(&self) -> bool {
                ::core::matches!(self, $name::Unknown(_))
            }
        }

        impl ::core::convert::From<$raw> for $name {
            fn from(value: $raw) -> Self {
                match value {
                    $($value => $name::$variant,)*
                    other => $name::Unknown($crate::__private::unknown(other)),
                }
            }
        }

        impl ::core::convert::From<$name> for $raw {
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::num::ParseIntError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                value.trim().parse::<$raw>().map($name::from)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <$raw as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map($name::from)
            }
        }

        $crate::__enum_order!($name, value);
    };
}

/// `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` of a generated enum, all
/// by the wire value that `$key` returns: two values are equal exactly when
/// they are sent the same, and the order does not depend on the order in
/// which the spec lists the values, so that a value added to the spec does
/// not reorder the others.
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_order {
    ($name:ident, $key:ident) => {
        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.$key() == other.$key()
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                ::core::hash::Hash::hash(&self.$key(), state)
            }
        }

        impl ::core::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl ::core::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                ::core::cmp::Ord::cmp(&self.$key(), &other.$key())
            }
        }
    };
}

/// The `Deserialize` (through [`DecodeObject`]) and `Serialize` impls of a
/// generated struct whose definition the generated file writes. Each field
/// is named with its wire name and, unless it is an optional property, how it
/// is read and written:
///
/// - `field("wire")`: optional; absent and `null` decode as `None`, and `None`
///   is left out when encoding.
/// - `field("wire", required)`: absent is an error naming the property.
/// - `field("wire", nullable)`: required but nullable; absent and `null`
///   decode as `None`, which is written as `null`.
/// - `field("wire", default = expr)`: absent and `null` decode as `expr`.
///
/// `unlisted(field)` names the map that keeps the properties the spec does
/// not list; without it they are skipped. `serialize_feature("name")` puts
/// the `Serialize` impl behind the generated crate's feature `name`.
///
/// `init(new)` writes a constructor `new` that takes the fields marked
/// `required, new Type` (required fields whose type has no default; the
/// marker follows `required` only), in order, and fills the others as
/// absent: their documented default, `None`, or their type's default.
/// `init(Default)` writes `Default` that way instead, for a struct whose
/// fields all fill themselves but some with documented defaults.
///
/// ```text
/// object!(Pet { owner("owner", required, new Owner), tag("tag") }
///     unlisted(additional_properties) init(new));
/// ```
///
/// [`DecodeObject`]: crate::__private::object::DecodeObject
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $name:ident {
            $($field:ident(
                $wire:literal $(, $mode:ident $(= $default:expr)?)? $(, new $new:ty)?
            )),* $(,)?
        }
        $(unlisted($unlisted:ident))?
        $(serialize_feature($feature:literal))?
        $(init($init:ident))?
    ) => {
        $crate::__object_init!(
            $name [$($init)?]
            { $($field [$($mode $(= $default)?)?] [$($new)?]),* }
            [$($unlisted)?]
        );

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::object::deserialize(deserializer)
            }
        }

        impl $crate::__private::object::DecodeObject for $name {
            const NAME: &'static str = ::core::stringify!($name);

            // The locals are named after the fields, whatever the spec
            // calls them. Without a required field, the labelled block
            // always returns: its label and the error after it go unused.
            #[allow(
                unreachable_code,
                unused_labels,
                unused_variables,
                clippy::diverging_sub_expression,
                clippy::disallowed_names,
                clippy::many_single_char_names
            )]
            fn decode<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                mut object: $crate::__private::object::ObjectDecoder<'de, A>,
            ) -> ::core::result::Result<Self, A::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                $(let mut $unlisted = ::std::collections::BTreeMap::new();)?
                // The struct's properties, told apart by a tag as their
                // names are read.
                #[allow(non_camel_case_types)]
                enum __Listed {
                    $($field,)*
                }
                impl $crate::__private::object::Listed for __Listed {
                    #[inline(always)]
                    fn tell(name: &str) -> ::core::option::Option<Self> {
                        match name {
                            $($wire => ::core::option::Option::Some(__Listed::$field),)*
                            _ => ::core::option::Option::None,
                        }
                    }
                }
                while let ::core::option::Option::Some(property) = object.next_property::<__Listed>()? {
                    let read = match property {
                        $($crate::__private::object::Property::Listed(__Listed::$field) => {
                            object.value(&mut $field, $wire)
                        })*
                        $crate::__private::object::Property::Unlisted => {
                            $crate::__object_other!(object $(, $unlisted)?)
                        }
                    };
                    read?;
                }
                // Every missing required property breaks out with its name, so
                // that the error is built in one place.
                let missing: &'static str = 'missing: {
                    $($crate::__object_require!('missing, $field, $wire $(, $mode $(= $default)?)?);)*
                    // `Self`: the local enum above hides any type of its
                    // name.
                    return ::core::result::Result::Ok(Self {
                        $($field: $crate::__object_finish!(
                            object, $field, $wire $(, $mode $(= $default)?)?
                        ),)*
                        $($unlisted,)?
                    });
                };
                ::core::result::Result::Err(object.missing(missing))
            }
        }

        $(#[cfg(feature = $feature)])?
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::__private::object::ObjectEncoder::new(serializer)?;
                $($crate::__object_write!(object, self.$field, $wire $(, $mode)?);)*
                $(object.unlisted(&self.$unlisted);)?
                object.end()
            }
        }
    };
}

/// The constructor or `Default` impl of [`__object!`], if it asks for one.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_init {
    ($name:ident [] $($rest:tt)*) => {};
    (
        $name:ident [new]
        { $($field:ident [$($mode:tt)*] [$($new:ty)?]),* }
        [$($unlisted:ident)?]
    ) => {
        impl $name {
            /// A value with the given required properties; the others `None`,
            /// empty, or their documented default.
            pub fn new($($($field: $new,)?)*) -> Self {
                $name {
                    $($field: $crate::__object_absent!($field [$($mode)*] [$($new)?]),)*
                    $($unlisted: ::core::default::Default::default(),)?
                }
            }
        }
    };
    (
        $name:ident [Default]
        { $($field:ident [$($mode:tt)*] [$($new:ty)?]),* }
        [$($unlisted:ident)?]
    ) => {
        /// Every property absent: the documented defaults, and `None` for the
        /// other optional properties.
        impl ::core::default::Default for $name {
            fn default() -> Self {
                $name {
                    $($field: $crate::__object_absent!($field [$($mode)*] []),)*
                    $($unlisted: ::core::default::Default::default(),)?
                }
            }
        }
    };
}

/// A field's value in [`__object_init!`]: the argument of the same name when
/// the constructor takes one, else the value of an absent property.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_absent {
    ($field:ident [default = $default:expr] []) => {
        $default
    };
    ($field:ident [$($mode:tt)*] []) => {
        ::core::default::Default::default()
    };
    ($field:ident [$($mode:tt)*] [$new:ty]) => {
        $field
    };
}

/// What [`__object!`] does with a property it does not list.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_other {
    ($object:ident) => {
        $object.skip()
    };
    ($object:ident, $unlisted:ident) => {
        $object.keep(&mut $unlisted)
    };
}

/// The value of one field once [`__object!`] has read the whole object.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_finish {
    ($object:ident, $slot:ident, $wire:literal) => {
        $slot.flatten()
    };
    ($object:ident, $slot:ident, $wire:literal, nullable) => {
        $slot.flatten()
    };
    ($object:ident, $slot:ident, $wire:literal, required) => {
        $slot
    };
    ($object:ident, $slot:ident, $wire:literal, default = $default:expr) => {
        match $slot.flatten() {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => $default,
        }
    };
}

/// The check of one required field once [`__object!`] has read the whole
/// object: a `let`-`else` that unwraps its slot, or breaks out of the block
/// `$missing` with the property's name; nothing for the other fields. A
/// `break` with a string costs the compiler much less than building and
/// returning the error at each of thousands of fields, or a `?`.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_require {
    ($missing:lifetime, $slot:ident, $wire:literal, required) => {
        let ::core::option::Option::Some($slot) = $slot else {
            break $missing $wire;
        };
    };
    ($missing:lifetime, $slot:ident, $wire:literal $($rest:tt)*) => {};
}

/// How [`__object!`] writes one field.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_write {
    ($object:ident, $value:expr, $wire:literal) => {
        $object.optional($wire, &$value)
    };
    ($object:ident, $value:expr, $wire:literal, $mode:ident) => {
        $object.property($wire, &$value)
    };
}

/// The `Deserialize` and `Serialize` impls of a generated union whose
/// definition the generated file writes.
///
/// Without a discriminator (an untagged union), decoding tries each listed
/// variant in order on the buffered value and takes the first whose type
/// decodes it. With `tag("property")`, the property's value picks the
/// variant listed with that value, which decodes the whole object; a variant
/// listed without a value (one whose value an earlier variant has) is only
/// encoded. Either way, a value no variant takes goes into the
/// `unknown(Variant)` variant (which holds a `serde_json::Value`), or without
/// one is an error naming the union. Encoding writes the variant's value as
/// it is. `serialize_feature("name")` puts the `Serialize` impl behind the
/// generated crate's feature `name`.
///
/// ```text
/// union!(Rating { RatingType, Object } unknown(Unknown));
/// union!(Event tag("type") { Click("click"), Key("key") } unknown(Unknown));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __union {
    (
        $name:ident { $($variant:ident),* $(,)? }
        $(unknown($unknown:ident))?
        $(serialize_feature($feature:literal))?
    ) => {
        $crate::__union_deserialize!($name, |value| {
            $(
                if let ::core::option::Option::Some(alternative) =
                    $crate::__private::unions::attempt(&value)
                {
                    return ::core::result::Result::Ok($name::$variant(alternative));
                }
            )*
            $crate::__union_fallback!(
                $name,
                value,
                $crate::__private::unions::no_match(::core::stringify!($name))
                $(, $unknown)?
            )
        });

        $crate::__union_serialize!($name { $($variant),* } [$($unknown)?] [$($feature)?]);
    };
    (
        $name:ident tag($property:literal) { $($variant:ident $(($tag:literal))?),* $(,)? }
        $(unknown($unknown:ident))?
        $(serialize_feature($feature:literal))?
    ) => {
        $crate::__union_deserialize!($name, |value| {
            match $crate::__private::unions::tag(&value, $property) {
                $($(::core::option::Option::Some($tag) => {
                    $crate::__private::unions::decode(value).map($name::$variant)
                })?)*
                _ => $crate::__union_fallback!(
                    $name,
                    value,
                    $crate::__private::unions::unknown_tag(::core::stringify!($name), $property)
                    $(, $unknown)?
                ),
            }
        });

        $crate::__union_serialize!($name { $($variant),* } [$($unknown)?] [$($feature)?]);
    };
}

/// The `Deserialize` impl of [`__union!`]: `$body` decodes the union from
/// `$value`, the whole value read once. (The caller names the variable, so
/// that its body can use it.)
#[doc(hidden)]
#[macro_export]
macro_rules! __union_deserialize {
    ($name:ident, |$value:ident| $body:block) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let $value = $crate::__private::unions::buffer(deserializer)?;
                $body
            }
        }
    };
}

/// What [`__union!`] does with a value no listed variant takes: keeps it in
/// the catch-all variant, or fails with `$error`.
#[doc(hidden)]
#[macro_export]
macro_rules! __union_fallback {
    ($name:ident, $value:ident, $error:expr) => {{
        let _ = $value;
        ::core::result::Result::Err($error)
    }};
    ($name:ident, $value:ident, $error:expr, $unknown:ident) => {
        ::core::result::Result::Ok($name::$unknown($value))
    };
}

/// The `Serialize` impl of [`__union!`]: the value of the variant, as it is.
#[doc(hidden)]
#[macro_export]
macro_rules! __union_serialize {
    ($name:ident { $($variant:ident),* } [$($unknown:ident)?] [$($feature:literal)?]) => {
        $(#[cfg(feature = $feature)])?
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(value) => {
                        $crate::__private::serde::Serialize::serialize(value, serializer)
                    })*
                    $($name::$unknown(value) => {
                        $crate::__private::serde::Serialize::serialize(value, serializer)
                    })?
                }
            }
        }
    };
}

/// The `build` method of a request builder whose definition and setters the
/// generated file writes: it moves every parameter into the request, or
/// fails with a [`BuildError`] that names each required parameter left
/// unset (by its field name).
///
/// ```text
/// build_request!(PetsGetRequestBuilder => PetsGetRequest, "pets/get",
///     required(pet_id), optional(fields));
/// ```
///
/// [`BuildError`]: crate::BuildError
#[doc(hidden)]
#[macro_export]
macro_rules! __build_request {
    (
        $builder:ident => $request:ident, $operation:literal,
        required(),
        optional($($optional:ident),* $(,)?) $(,)?
    ) => {
        impl $builder {
            /// Builds the request; every parameter is optional, so this
            /// cannot fail.
            #[allow(clippy::disallowed_names, clippy::many_single_char_names)]
            pub fn build(self) -> ::core::result::Result<$request, $crate::BuildError> {
                let $builder { $($optional),* } = self;
                ::core::result::Result::Ok($request { $($optional),* })
            }
        }
    };
    (
        $builder:ident => $request:ident, $operation:literal,
        required($($required:ident),+ $(,)?),
        optional($($optional:ident),* $(,)?) $(,)?
    ) => {
        impl $builder {
            /// Builds the request, or names every required parameter left
            /// unset.
            #[allow(clippy::disallowed_names, clippy::many_single_char_names)]
            pub fn build(self) -> ::core::result::Result<$request, $crate::BuildError> {
                let $builder { $($required,)+ $($optional),* } = self;
                match ($($required,)+) {
                    ($(::core::option::Option::Some($required),)+) => {
                        ::core::result::Result::Ok($request { $($required,)+ $($optional),* })
                    }
                    ($($required,)+) => {
                        let mut missing = ::std::vec::Vec::new();
                        $(
                            if $required.is_none() {
                                missing.push(::core::stringify!($required));
                            }
                        )+
                        ::core::result::Result::Err($crate::BuildError::missing(
                            $operation, missing,
                        ))
                    }
                }
            }
        }
    };
}

/// A request's builder: the `builder()` constructor of the request, the
/// builder struct, two setters per parameter (documented with a link to the
/// request's field, which carries the parameter's documentation) and
/// `build` (see [`__build_request!`]). Each parameter is named with the name
/// of its second setter, `set_field`, which takes an `Option` of the value
/// (so that an optional value passes through, and `None` unsets it), and
/// with how its first setter, `field`, takes the value:
///
/// - `field(into T)`: anything that converts into `T`;
/// - `field(list into T)`: any iterator of items that convert into `T`;
/// - `field(list T)`: any iterator of `T`;
/// - `field(T)`: a `T`.
///
/// ```text
/// builder!(GetPetRequest, GetPetRequestBuilder, "pets/get",
///     required(pet_id set_pet_id(into String)),
///     optional(fields set_fields(list into String), limit set_limit(i32)));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __builder {
    (
        $request:ident, $builder:ident, $operation:literal,
        required($($required:ident $set_required:ident($($required_kind:tt)+)),* $(,)?),
        optional($($optional:ident $set_optional:ident($($optional_kind:tt)+)),* $(,)?) $(,)?
    ) => {
        impl $request {
            #[doc = ::core::concat!(
                "Starts a [`", ::core::stringify!($builder),
                "`]: set each parameter, then call [`",
                ::core::stringify!($builder), "::build`]."
            )]
            pub fn builder() -> $builder {
                <$builder as ::core::default::Default>::default()
            }
        }

        #[doc = ::core::concat!(
            "Builds a [`", ::core::stringify!($request), "`]; see [`",
            ::core::stringify!($request), "::builder`]."
        )]
        #[derive(Debug, Clone, Default)]
        pub struct $builder {
            $($required: ::core::option::Option<$crate::__builder_field!($($required_kind)+)>,)*
            $($optional: ::core::option::Option<$crate::__builder_field!($($optional_kind)+)>,)*
        }

        impl $builder {
            $($crate::__setter!($request, $required, $($required_kind)+);)*
            $($crate::__setter!($request, $optional, $($optional_kind)+);)*
            $($crate::__option_setter!(
                $request, $required, $set_required, $crate::__builder_field!($($required_kind)+)
            );)*
            $($crate::__option_setter!(
                $request, $optional, $set_optional, $crate::__builder_field!($($optional_kind)+)
            );)*
        }

        $crate::__build_request!(
            $builder => $request, $operation,
            required($($required),*),
            optional($($optional),*)
        );
    };
}

/// The type a builder keeps for one parameter, from its setter's kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_field {
    (into $ty:ty) => { $ty };
    (list into $ty:ty) => { ::std::vec::Vec<$ty> };
    (list $ty:ty) => { ::std::vec::Vec<$ty> };
    ($ty:ty) => { $ty };
}

/// One setter of [`__builder!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($request:ident, $field:ident, into $ty:ty) => {
        #[doc = $crate::__setter_doc!($request, $field)]
        pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into());
            self
        }
    };
    ($request:ident, $field:ident, list into $ty:ty) => {
        #[doc = $crate::__setter_doc!($request, $field)]
        pub fn $field(
            mut self,
            value: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<$ty>>,
        ) -> Self {
            self.$field = ::core::option::Option::Some(
                value.into_iter().map(::core::convert::Into::into).collect(),
            );
            self
        }
    };
    ($request:ident, $field:ident, list $ty:ty) => {
        #[doc = $crate::__setter_doc!($request, $field)]
        pub fn $field(mut self, value: impl ::core::iter::IntoIterator<Item = $ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into_iter().collect());
            self
        }
    };
    ($request:ident, $field:ident, $ty:ty) => {
        #[doc = $crate::__setter_doc!($request, $field)]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::core::option::Option::Some(value);
            self
        }
    };
}

/// The `set_` setter of [`__builder!`]: the value as an `Option`.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_setter {
    ($request:ident, $field:ident, $set:ident, $ty:ty) => {
        #[doc = ::core::concat!(
                    "Sets [`", ::core::stringify!($field), "`](", ::core::stringify!($request),
                    "::", ::core::stringify!($field), "), or unsets it with `None`."
                )]
        pub fn $set(mut self, value: ::core::option::Option<$ty>) -> Self {
            self.$field = value;
            self
        }
    };
}

/// The doc comment of a setter: a link to the request's field.
#[doc(hidden)]
#[macro_export]
macro_rules! __setter_doc {
    ($request:ident, $field:ident) => {
        ::core::concat!(
            "Sets [`",
            ::core::stringify!($field),
            "`](",
            ::core::stringify!($request),
            "::",
            ::core::stringify!($field),
            ")."
        )
    };
}
