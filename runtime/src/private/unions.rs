//! Decoding of generated untagged unions, shared by every [`union!`]
//! expansion: the value is read once into a `serde_json::Value`, and each
//! alternative is tried on it in the spec's order, as `#[serde(untagged)]`
//! does with its own buffer.
//!
//! [`union!`]: crate::__private::union

use serde::de::{Deserialize, Deserializer, Error};
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
