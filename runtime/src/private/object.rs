//! Decoding JSON objects into generated structs, and encoding them back.
//!
//! Generated structs implement [`DecodeObject`] instead of deriving
//! `Deserialize`: one `match` over the wire names, with the bookkeeping
//! (duplicate keys, missing required properties, unknown properties) done by
//! the generic functions here. Their `Serialize` impls write through an
//! [`ObjectEncoder`]. Besides type-checking several times faster
//! than the derive for a large API, it reads unknown properties straight into
//! the struct's map instead of buffering the whole object first, as
//! `#[serde(flatten)]` does.
//!
//! Both sides keep the first error they meet rather than return it from
//! each call, so that the generated code states each property as one plain
//! call, without a `?`. Type and borrow checking of a `?` in a function
//! generic over the deserializer is most of what such a line costs, and a
//! large API has tens of thousands of them: without them, `cargo check` of
//! GitHub's crate spends half as long on its decoders.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A struct decoded from a JSON object, one property at a time.
pub trait DecodeObject: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads every property of `object` and builds the value.
    fn decode<'de, A: MapAccess<'de>>(object: ObjectDecoder<'de, A>) -> Result<Self, A::Error>;
}

/// Deserializes a [`DecodeObject`] type: the body of its `Deserialize` impl.
pub fn deserialize<'de, T: DecodeObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(ObjectDecoder {
            map,
            error: None,
            key: PhantomData,
        })
    }
}

/// The properties of one JSON object, read in order by a generated
/// [`DecodeObject::decode`].
///
/// The methods that read a value do not return the error they meet: they
/// keep it, and the next [`ObjectDecoder::next_key`] returns it. The
/// generated loop then states each property once, without a `?` of its own,
/// which halves the time the compiler spends on it.
pub struct ObjectDecoder<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    key: PhantomData<Key<'de>>,
}

impl<'de, A: MapAccess<'de>> fmt::Debug for ObjectDecoder<'de, A> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ObjectDecoder")
    }
}

impl<'de, A: MapAccess<'de>> ObjectDecoder<'de, A> {
    /// The next property name, or `None` after the last; the error a value
    /// read since the last call met, if any. The name is the caller's: the
    /// decoder keeps nothing of it, so that an unlisted property is stored
    /// under the name it was read with, and nothing is copied per property.
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.map.next_key()
    }

    /// Reads the value of the current property, the listed property `name`,
    /// into `slot`; a second occurrence of the property is an error, as with
    /// derived `Deserialize`.
    #[inline]
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) {
        if slot.is_some() {
            self.error = Some(A::Error::custom(format_args!("duplicate field `{name}`")));
            return;
        }
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(error) => self.error = Some(error),
        }
    }

    /// Reads the value of the current property, the unlisted property
    /// `key`, into the struct's map of them.
    pub fn keep<T: Deserialize<'de>>(&mut self, key: Key<'de>, unlisted: &mut BTreeMap<String, T>) {
        match self.map.next_value() {
            Ok(value) => {
                unlisted.insert(key.0.into_owned(), value);
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// Skips the value of an unlisted property of a struct that keeps none.
    pub fn skip(&mut self) {
        if let Err(error) = self.map.next_value::<IgnoredAny>() {
            self.error = Some(error);
        }
    }

    /// The error for the required property `name`, which the object lacks.
    pub fn missing(&self, name: &'static str) -> A::Error {
        A::Error::missing_field(name)
    }
}

/// A property name, borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name as text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            #[inline]
            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Encodes a generated struct as a JSON object: the body of its `Serialize`
/// impl. Properties are written in field order, then the unlisted ones.
///
/// As with [`ObjectDecoder`], the writing methods keep the first error they
/// meet (and write nothing after it), and [`ObjectEncoder::end`] returns it.
pub struct ObjectEncoder<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> fmt::Debug for ObjectEncoder<M> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ObjectEncoder")
    }
}

impl<M: SerializeMap> ObjectEncoder<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        Ok(ObjectEncoder {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes a property that is always present (`null` when a nullable
    /// value is `None`).
    pub fn property<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none()
            && let Err(error) = self.map.serialize_entry(name, value)
        {
            self.error = Some(error);
        }
    }

    /// Writes an optional property, or nothing when it is `None`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.property(name, value);
        }
    }

    /// Writes the properties the spec does not list.
    pub fn unlisted<T: Serialize>(&mut self, values: &BTreeMap<String, T>) {
        for (name, value) in values {
            if self.error.is_some() {
                return;
            }
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// Ends the object, or returns the first error a property met.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        tag: Option<String>,
        unlisted: BTreeMap<String, serde_json::Value>,
    }

    impl DecodeObject for Pet {
        const NAME: &'static str = "Pet";

        fn decode<'de, A: MapAccess<'de>>(
            mut object: ObjectDecoder<'de, A>,
        ) -> Result<Self, A::Error> {
            let mut v_name = None;
            let mut v_tag = None;
            let mut unlisted = BTreeMap::new();
            while let Some(key) = object.next_key()? {
                match key.as_str() {
                    "name" => object.value(&mut v_name, "name"),
                    "tag" => object.value(&mut v_tag, "tag"),
                    _ => object.keep(key, &mut unlisted),
                }
            }
            let Some(name) = v_name else {
                return Err(object.missing("name"));
            };
            Ok(Pet {
                name,
                tag: v_tag.flatten(),
                unlisted,
            })
        }
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = ObjectEncoder::new(serializer)?;
            object.property("name", &self.name);
            object.optional("tag", &self.tag);
            object.unlisted(&self.unlisted);
            object.end()
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    #[test]
    fn decodes_listed_null_and_unlisted_properties() {
        let pet: Pet =
            serde_json::from_str(r#"{"name":"Rex","tag":null,"age":3,"esc\u0061ped":1}"#).unwrap();
        assert_eq!(pet.name, "Rex");
        assert_eq!(pet.tag, None);
        assert_eq!(pet.unlisted["age"], 3);
        assert_eq!(pet.unlisted["escaped"], 1);
        // The same through a `Value`, as unions decode their variants.
        let value = serde_json::json!({"name": "Rex", "tag": "good"});
        let pet: Pet = serde_json::from_value(value).unwrap();
        assert_eq!(pet.tag.as_deref(), Some("good"));
    }

    #[test]
    fn a_listed_property_given_twice_is_an_error_naming_it() {
        let error = serde_json::from_str::<Pet>(r#"{"name":"Rex","tag":"a","tag":"b"}"#)
            .expect_err("a duplicate must fail");
        assert!(
            error.to_string().contains("duplicate field `tag`"),
            "{error}"
        );
    }

    #[test]
    fn encodes_back_what_it_decoded_without_absent_options() {
        let text = r#"{"name":"Rex","age":3}"#;
        let pet: Pet = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&pet).unwrap(), text);
        let tagged = Pet {
            tag: Some("good".to_owned()),
            ..pet
        };
        assert_eq!(
            serde_json::to_string(&tagged).unwrap(),
            r#"{"name":"Rex","tag":"good","age":3}"#
        );
    }
}
