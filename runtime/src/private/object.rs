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
//! Neither side puts a `?` on each property, so that the generated code
//! states each property as one plain call. Type and borrow checking of a `?`
//! in a function generic over the deserializer is most of what such a line
//! costs, and a large API has tens of thousands of them: without them,
//! `cargo check` of GitHub's crate spends half as long on its decoders. The
//! decoder's arms each return a `Result`, which the loop checks once; the
//! encoder keeps the first error it meets and returns it at the end.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor,
};
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
            unlisted: None,
        })
    }
}

/// The properties of one JSON object, read in order by a generated
/// [`DecodeObject::decode`].
///
/// Each property's arm of the generated loop is one call that returns a
/// `Result<(), _>`, and the loop checks the arm's result with a single `?`:
/// the compiler sees one `?` per struct, not one per property.
pub struct ObjectDecoder<'de, A: MapAccess<'de>> {
    map: A,
    /// The name of the unlisted property just read, until its value is.
    unlisted: Option<Cow<'de, str>>,
}

impl<'de, A: MapAccess<'de>> fmt::Debug for ObjectDecoder<'de, A> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ObjectDecoder")
    }
}

impl<'de, A: MapAccess<'de>> ObjectDecoder<'de, A> {
    /// The next property, or `None` after the last. `F` tells the struct's
    /// own properties by their wire name, as the name is read, so that the
    /// loop matches a small tag. The name of an unlisted property stays with
    /// the decoder (borrowed from the input when it can be) for
    /// [`ObjectDecoder::keep`].
    #[inline]
    pub fn next_property<F: Listed>(&mut self) -> Result<Option<Property<F>>, A::Error> {
        self.map.next_key_seed(PropertySeed {
            unlisted: &mut self.unlisted,
            tags: PhantomData,
        })
    }

    /// Reads the value of the current property, the listed property `name`,
    /// into `slot`; a second occurrence of the property is an error, as with
    /// derived `Deserialize`.
    #[inline]
    pub fn value<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::custom(format_args!("duplicate field `{name}`")));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the current property, an unlisted one, into the
    /// struct's map of them, under the name [`ObjectDecoder::next_property`]
    /// read.
    pub fn keep<T: Deserialize<'de>>(
        &mut self,
        unlisted: &mut BTreeMap<String, T>,
    ) -> Result<(), A::Error> {
        let Some(name) = self.unlisted.take() else {
            return Err(A::Error::custom(
                "the value of an unlisted property was read before its name",
            ));
        };
        let value = self.map.next_value()?;
        unlisted.insert(name.into_owned(), value);
        Ok(())
    }

    /// Skips the value of an unlisted property of a struct that keeps none.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.unlisted = None;
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// The error for the required property `name`, which the object lacks.
    pub fn missing(&self, name: &'static str) -> A::Error {
        A::Error::missing_field(name)
    }
}

/// A property of an object being decoded, as [`ObjectDecoder::next_property`]
/// reads it: as small as the struct's tags (one byte up to 256 properties), so
/// that it travels in a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property<F> {
    /// One of the struct's own properties, by its tag.
    Listed(F),
    /// A property the struct does not list; the decoder holds its name.
    Unlisted,
}

/// The tags of a struct's own properties: a fieldless enum with a variant
/// per property, which the generated decoder declares.
pub trait Listed: Sized {
    /// The property named `name` on the wire, if the struct lists it.
    fn tell(name: &str) -> Option<Self>;
}

/// Reads a property name and tells it by the struct's tags `F`, keeping the
/// name of an unlisted one in `unlisted`.
struct PropertySeed<'a, 'de, F> {
    unlisted: &'a mut Option<Cow<'de, str>>,
    tags: PhantomData<F>,
}

impl<'de, F: Listed> DeserializeSeed<'de> for PropertySeed<'_, 'de, F> {
    type Value = Property<F>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, F: Listed> Visitor<'de> for PropertySeed<'_, 'de, F> {
    type Value = Property<F>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    #[inline]
    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(match F::tell(value) {
            Some(tag) => Property::Listed(tag),
            None => {
                *self.unlisted = Some(Cow::Borrowed(value));
                Property::Unlisted
            }
        })
    }

    // A name not borrowed from the input (one with escapes, anything read
    // from an `io::Read`, every name of a `Value`, as a tagged union's
    // variant is decoded) is told by one out-of-line copy of the match, so
    // that the common path stays small enough to inline into the loop. A
    // copied name is the rare case of text decoding, where a borrowed name
    // is the rule.
    #[cold]
    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(match tell_outlined::<F>(value) {
            Some(tag) => Property::Listed(tag),
            None => {
                *self.unlisted = Some(Cow::Owned(value.to_owned()));
                Property::Unlisted
            }
        })
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(match tell_outlined::<F>(&value) {
            Some(tag) => Property::Listed(tag),
            None => {
                *self.unlisted = Some(Cow::Owned(value));
                Property::Unlisted
            }
        })
    }
}

/// [`Listed::tell`], kept out of line: one copy per struct for the names
/// that are not borrowed from the input.
#[inline(never)]
fn tell_outlined<F: Listed>(name: &str) -> Option<F> {
    F::tell(name)
}

/// Encodes a generated struct as a JSON object: the body of its `Serialize`
/// impl. Properties are written in field order, then the unlisted ones.
///
/// The writing methods keep the first error they meet (and write nothing
/// after it), and [`ObjectEncoder::end`] returns it: the generated impl
/// states each property as one plain call.
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
            enum Tag {
                Name,
                Tag,
            }
            impl Listed for Tag {
                fn tell(name: &str) -> Option<Self> {
                    match name {
                        "name" => Some(Tag::Name),
                        "tag" => Some(Tag::Tag),
                        _ => None,
                    }
                }
            }
            while let Some(property) = object.next_property::<Tag>()? {
                match property {
                    Property::Listed(Tag::Name) => object.value(&mut v_name, "name"),
                    Property::Listed(Tag::Tag) => object.value(&mut v_tag, "tag"),
                    Property::Unlisted => object.keep(&mut unlisted),
                }?;
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

    /// Decodes by reading an unlisted property's value before any name.
    struct Eager;

    impl DecodeObject for Eager {
        const NAME: &'static str = "Eager";

        fn decode<'de, A: MapAccess<'de>>(
            mut object: ObjectDecoder<'de, A>,
        ) -> Result<Self, A::Error> {
            let mut unlisted = BTreeMap::<String, serde_json::Value>::new();
            object.keep(&mut unlisted)?;
            Ok(Eager)
        }
    }

    #[test]
    fn keeping_a_value_before_its_name_is_an_error_not_a_panic() {
        let error = deserialize::<Eager, _>(&mut serde_json::Deserializer::from_str(r#"{"a":1}"#))
            .err()
            .expect("no name was read");
        assert!(
            error.to_string().contains("read before its name"),
            "{error}"
        );
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
