//! The Rust types of OpenAPI string formats, as generated code uses them.
//!
//! | `format`    | Rust type                                   | on the wire                  |
//! |-------------|---------------------------------------------|------------------------------|
//! | `date-time` | [`DateTime`] (a `chrono::DateTime<Utc>`)     | RFC 3339, `2024-05-01T12:00:00Z` |
//! | `date`      | [`Date`] (`chrono::NaiveDate`)               | `2024-05-01`                 |
//! | `uuid`      | [`Uuid`] (`uuid::Uuid`)                      | hyphenated                   |
//! | `byte`      | [`Base64`] (bytes)                           | standard base64              |
//! | `binary`    | `String` in JSON; raw bytes as a request body | as given                    |
//!
//! `int32`/`int64` are `i32`/`i64`, `float`/`double` are `f32`/`f64`; other
//! string formats (`email`, `uri`, `password`, …) stay `String`.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use chrono::NaiveDate as Date;
pub use uuid::Uuid;

/// An instant, from a `date-time` string. It reads any RFC 3339 offset and
/// keeps the instant in UTC; it is written (and displayed, so also in query
/// strings and headers) as RFC 3339 with a `Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime(pub chrono::DateTime<chrono::Utc>);

impl DateTime {
    /// The instant as `chrono` models it.
    pub fn into_inner(self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

impl Deref for DateTime {
    type Target = chrono::DateTime<chrono::Utc>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(value: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime(value)
    }
}

impl From<DateTime> for chrono::DateTime<chrono::Utc> {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl FromStr for DateTime {
    type Err = chrono::ParseError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        chrono::DateTime::parse_from_rfc3339(text).map(|t| DateTime(t.with_timezone(&chrono::Utc)))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(|e| {
            serde::de::Error::custom(format_args!("`{text}` is not an RFC 3339 date-time: {e}"))
        })
    }
}

/// Bytes carried as a standard base64 string (`format: byte`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Base64(pub Vec<u8>);

impl Deref for Base64 {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(value: Vec<u8>) -> Self {
        Base64(value)
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map(Base64)
            .map_err(|e| serde::de::Error::custom(format_args!("not base64: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_read_any_offset_and_write_utc() {
        let t: DateTime = serde_json::from_str("\"2024-05-01T14:00:00+02:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2024-05-01T12:00:00Z\""
        );
        assert_eq!(t.to_string(), "2024-05-01T12:00:00Z");
        let error = serde_json::from_str::<DateTime>("\"yesterday\"").unwrap_err();
        assert!(
            error.to_string().contains("`yesterday` is not an RFC 3339"),
            "{error}"
        );
    }

    #[test]
    fn base64_round_trips() {
        let bytes: Base64 = serde_json::from_str("\"aGVsbG8=\"").unwrap();
        assert_eq!(&*bytes, b"hello");
        assert_eq!(serde_json::to_string(&bytes).unwrap(), "\"aGVsbG8=\"");
        assert!(serde_json::from_str::<Base64>("\"***\"").is_err());
    }

    #[test]
    fn dates_and_uuids_use_their_crates_formats() {
        let date: Date = serde_json::from_str("\"2024-05-01\"").unwrap();
        assert_eq!(date.to_string(), "2024-05-01");
        let id: Uuid = serde_json::from_str("\"67e55044-10b1-426f-9247-bb680e5fe0c8\"").unwrap();
        assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    }
}
