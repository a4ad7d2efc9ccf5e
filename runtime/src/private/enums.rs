//! Decoding of generated string enums, shared by every [`string_enum!`]
//! expansion.
//!
//! [`string_enum!`]: crate::__private::string_enum

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, Visitor};

/// Deserializes a string into `T` without copying a borrowed string that
/// names a known value: the body of a string enum's `Deserialize` impl.
pub fn deserialize_str<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str> + From<String>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor(PhantomData))
}

struct StrVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for StrVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}
