//! Decoding of generated unions, shared by every [`union!`] expansion: the
//! value is read once into a `serde_json::Value`. Without a discriminator,
//! each alternative is tried on it in the spec's order, as
//! `#[serde(untagged)]` does with its own buffer; with one, the
//! discriminator's value picks the alternative, which decodes the whole
//! object (the discriminator included).
//!
//! [`union!`]: crate::__private::union

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error};
use serde_json::Value;

/// Reads the whole value, for the alternatives to be tried on.
pub fn buffer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    Value::deserialize(deserializer)
}

/// The value as one alternative's type, or `None` if it does not decode as
/// that type.
pub fn attempt<'a, T: Deserialize<'a>>(value: &'a Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error for a value that decodes as none of the alternatives of the
/// union `name` (one without a variant that keeps any value).
pub fn no_match<E: Error>(name: &str) -> E {
    E::custom(format_args!(
        "the value matches none of the alternatives of `{name}`"
    ))
}

/// The value of the discriminator property `property`, when the value is an
/// object that has it as a string.
pub fn tag<'a>(value: &'a Value, property: &str) -> Option<&'a str> {
    value.get(property).and_then(Value::as_str)
}

/// The value as the alternative its discriminator names; an error saying
/// why it is not one otherwise.
pub fn decode<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// The error for a value whose discriminator `property` names none of the
/// alternatives of the union `name` (one without a variant that keeps any
/// value).
pub fn unknown_tag<E: Error>(name: &str, property: &str) -> E {
    E::custom(format_args!(
        "the `{property}` of the value names none of the alternatives of `{name}`"
    ))
}
