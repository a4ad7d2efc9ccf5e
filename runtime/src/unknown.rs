//! The payload of a generated enumeration's `Unknown` variant.

use std::fmt;

/// A value of a generated enumeration that the spec the SDK was generated
/// from does not list, kept exactly as received.
///
/// It cannot be built or matched by its value, only read: a later version of
/// the SDK may list the value as a variant of its own, and code that matched
/// `Unknown("PING")` would then stop matching without a word. Compare with
/// [`UnknownValue::as_str`] (or [`UnknownValue::get`] for integer enums)
/// where a value the SDK does not list must be recognised, knowing that it
/// may move to its own variant.
///
/// The enumeration around it compares, hashes and orders its values by
/// their wire value, listed or not, and is `#[non_exhaustive]`: a match on
/// it needs a wildcard arm, which is where unknown values go.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T>(T);

impl<T> UnknownValue<T> {
    /// Wraps `value`; only the enumerations' macros call this.
    pub(crate) fn new(value: T) -> Self {
        UnknownValue(value)
    }

    /// The value, owned.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl UnknownValue<String> {
    /// The value as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: Copy> UnknownValue<T> {
    /// The value as it was received.
    pub fn get(&self) -> T {
        self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<T: fmt::Display> fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// `value` as the payload of an `Unknown` variant: what the enumerations'
/// macros expand to.
pub fn unknown<T>(value: T) -> UnknownValue<T> {
    UnknownValue::new(value)
}
