//! The macros of [`super`] on small hand-written items, as generated files
//! use them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub enum Direction {
    In,
    Out,
    Unknown(crate::UnknownValue<String>),
}

crate::__private::string_enum!(Direction { In("in"), Out("out") });

#[derive(Debug, Clone)]
pub enum Level {
    Low,
    Minus,
    Unknown(crate::UnknownValue<i64>),
}

crate::__private::integer_enum!(Level: i64 { Low(1), Minus(-1) });

#[derive(Debug, Clone, PartialEq)]
struct Pet {
    name: String,
    tag: Option<String>,
    owner: Option<String>,
    legs: i64,
    r#type: Option<Direction>,
    additional_properties: BTreeMap<String, Value>,
}

crate::__private::object!(Pet {
    name("name", required, new String),
    tag("tag"),
    owner("owner", nullable),
    legs("legs", default = 4),
    r#type("type"),
} unlisted(additional_properties) init(new));

/// Every field fills itself, one with a documented default.
#[derive(Debug, Clone, PartialEq)]
struct Paging {
    limit: i64,
    cursor: Option<String>,
    tags: Vec<String>,
}

crate::__private::object!(Paging {
    limit("limit", default = 50),
    cursor("cursor"),
    tags("tags", required),
} init(Default));

#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    id: Option<i64>,
}

crate::__private::object!(Closed { id("id") });

/// Two required properties, so that the error must name the one missing.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    start: i64,
    end: i64,
}

crate::__private::object!(Span { start("start", required), end("end", required) });

#[derive(Debug, Clone, PartialEq)]
struct Empty {}

crate::__private::object!(Empty {});

#[test]
fn string_enums_keep_unknown_values_and_borrow_known_ones() {
    assert_eq!(Direction::KNOWN, &[Direction::In, Direction::Out]);
    assert_eq!(Direction::from("out"), Direction::Out);
    assert_eq!(Direction::from("sideways".to_owned()).as_str(), "sideways");
    assert!(Direction::from("sideways").is_unknown());
    assert!(!Direction::In.is_unknown());
    assert_eq!("in".parse::<Direction>(), Ok(Direction::In));
    assert_eq!(Direction::Out.to_string(), "out");
    let decoded: Vec<Direction> = serde_json::from_str(r#"["in","up"]"#).unwrap();
    assert_eq!(decoded, [Direction::In, Direction::from("up")]);
    assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["in","up"]"#);
    let from_value: Direction = serde_json::from_value(json!("out")).unwrap();
    assert_eq!(from_value, Direction::Out);
    let error = serde_json::from_str::<Direction>("3").unwrap_err();
    assert!(error.to_string().contains("a string"), "{error}");
}

#[test]
fn enums_compare_and_order_by_wire_value_not_by_listing() {
    // "in" < "out" < "up" whatever order the spec lists them in, and an
    // unknown value sorts among the known ones by its text.
    let mut values = vec![Direction::from("up"), Direction::Out, Direction::In];
    values.sort();
    assert_eq!(
        values,
        [Direction::In, Direction::Out, Direction::from("up")]
    );
    assert!(Direction::from("a") < Direction::In);
    // Levels are listed Low (1), Minus (-1): the order is by value.
    let mut levels = vec![Level::Low, Level::from(0), Level::Minus];
    levels.sort();
    assert_eq!(levels, [Level::Minus, Level::from(0), Level::Low]);
    let set: std::collections::HashSet<Direction> =
        [Direction::In, Direction::from("in"), Direction::from("up")].into();
    assert_eq!(set.len(), 2);
    let Direction::Unknown(value) = Direction::from("up") else {
        panic!("`up` is not listed");
    };
    assert_eq!(
        (value.as_str(), format!("{value:?}")),
        ("up", "\"up\"".to_owned())
    );
    let Level::Unknown(value) = Level::from(5) else {
        panic!("5 is not listed");
    };
    assert_eq!((value.get(), value.to_string()), (5, "5".to_owned()));
}

#[test]
fn integer_enums_keep_unknown_values() {
    assert_eq!(Level::KNOWN, &[Level::Low, Level::Minus]);
    assert_eq!(Level::from(-1), Level::Minus);
    assert_eq!(Level::from(7).value(), 7);
    assert!(Level::from(7).is_unknown());
    assert_eq!(i64::from(Level::Low), 1);
    assert_eq!(" -1 ".parse::<Level>(), Ok(Level::Minus));
    assert!("x".parse::<Level>().is_err());
    assert_eq!(Level::from(9).to_string(), "9");
    let decoded: Vec<Level> = serde_json::from_str("[1,5]").unwrap();
    assert_eq!(decoded, [Level::Low, Level::from(5)]);
    assert_eq!(serde_json::to_string(&decoded).unwrap(), "[1,5]");
}

#[test]
fn objects_decode_each_field_mode() {
    let pet: Pet = serde_json::from_str(
        r#"{"name":"Rex","tag":null,"owner":null,"type":"in","age":3,"esc\u0061ped":1}"#,
    )
    .unwrap();
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.tag, None);
    assert_eq!(pet.owner, None);
    assert_eq!(pet.legs, 4, "an absent property with a default");
    assert_eq!(pet.r#type, Some(Direction::In));
    assert_eq!(pet.additional_properties["age"], 3);
    assert_eq!(pet.additional_properties["escaped"], 1);
    let null_default: Pet = serde_json::from_value(json!({"name": "a", "legs": null})).unwrap();
    assert_eq!(null_default.legs, 4, "null counts as absent");
    let set: Pet = serde_json::from_value(json!({"name": "a", "legs": 3})).unwrap();
    assert_eq!(set.legs, 3);
}

#[test]
fn objects_encode_required_nullable_and_set_optional_properties() {
    let pet: Pet = serde_json::from_str(r#"{"name":"Rex","age":3}"#).unwrap();
    // The optional `tag` and `type` are left out; the nullable `owner` is
    // written as null; the default is written; unlisted properties last.
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"name":"Rex","owner":null,"legs":4,"age":3}"#
    );
    let tagged = Pet {
        tag: Some("good".into()),
        r#type: Some(Direction::from("up")),
        ..pet
    };
    assert_eq!(
        serde_json::to_string(&tagged).unwrap(),
        r#"{"name":"Rex","tag":"good","owner":null,"legs":4,"type":"up","age":3}"#
    );
    assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
    assert_eq!(
        serde_json::to_string(&Closed { id: Some(1) }).unwrap(),
        r#"{"id":1}"#
    );
}

#[test]
fn objects_name_missing_duplicate_and_mistyped_properties() {
    let missing = serde_json::from_str::<Pet>(r#"{"tag":"x"}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `name`"),
        "{missing}"
    );
    for (json, name) in [
        (r#"{"start":1}"#, "end"),
        (r#"{"end":2}"#, "start"),
        ("{}", "start"),
    ] {
        let error = serde_json::from_str::<Span>(json).unwrap_err();
        let expected = format!("missing field `{name}`");
        assert!(error.to_string().contains(&expected), "{json}: {error}");
    }
    let span: Span = serde_json::from_str(r#"{"end":2,"start":1}"#).unwrap();
    assert_eq!(span, Span { start: 1, end: 2 });
    let twice = serde_json::from_str::<Pet>(r#"{"name":"a","name":"b"}"#).unwrap_err();
    assert!(
        twice.to_string().contains("duplicate field `name`"),
        "{twice}"
    );
    let array = serde_json::from_str::<Pet>("[1]").unwrap_err();
    assert!(array.to_string().contains("a `Pet` object"), "{array}");
    let mistyped = serde_json::from_str::<Pet>(r#"{"name":1}"#).unwrap_err();
    assert!(mistyped.to_string().contains("invalid type"), "{mistyped}");
}

/// The decoder returns the first error a value meets, wherever it is, with
/// the line and column of where it happened.
#[test]
fn objects_report_the_first_error_a_value_meets() {
    let listed = serde_json::from_str::<Pet>("{\"legs\":\"four\",\n\"name\":1}").unwrap_err();
    assert!(listed.to_string().contains("expected i64"), "{listed}");
    assert_eq!(listed.line(), 1, "{listed}");
    let unlisted = serde_json::from_str::<Pet>(r#"{"name":"a","extra":[1,}"#).unwrap_err();
    assert!(unlisted.is_syntax(), "{unlisted}");
    let skipped = serde_json::from_str::<Closed>(r#"{"other":{"deep":"#).unwrap_err();
    assert!(skipped.is_eof(), "{skipped}");
    let last = serde_json::from_str::<Pet>(r#"{"name":"a","legs":true}"#).unwrap_err();
    assert!(last.to_string().contains("invalid type: boolean"), "{last}");
}

/// A property whose value cannot be encoded fails the whole object, and
/// nothing after it is written.
#[test]
fn objects_return_the_first_error_a_property_meets_when_encoding() {
    struct Unencodable;

    impl serde::Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot encode this"))
        }
    }

    struct Holder {
        first: Unencodable,
        second: Option<i64>,
        additional_properties: BTreeMap<String, Value>,
    }

    impl serde::Serialize for Holder {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = crate::__private::object::ObjectEncoder::new(serializer)?;
            object.property("first", &self.first);
            object.optional("second", &self.second);
            object.unlisted(&self.additional_properties);
            object.end()
        }
    }

    let holder = Holder {
        first: Unencodable,
        second: Some(2),
        additional_properties: BTreeMap::from([("x".to_owned(), json!(1))]),
    };
    let mut written = Vec::new();
    let error = serde_json::to_writer(&mut written, &holder).unwrap_err();
    assert!(error.to_string().contains("cannot encode this"), "{error}");
    let text = String::from_utf8(written).unwrap();
    assert!(!text.contains("second") && !text.contains('x'), "{text}");
}

#[test]
fn objects_tell_names_with_escapes_and_owned_names() {
    // An escaped name is not borrowed from the input: it is told apart from
    // a copy, listed or not.
    let pet: Pet =
        serde_json::from_str(r#"{"n\u0061me":"Rex","\u0074ype":"out","\u0061ge":3}"#).unwrap();
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.r#type, Some(Direction::Out));
    assert_eq!(pet.additional_properties["age"], 3);
    let twice = serde_json::from_str::<Pet>(r#"{"name":"a","n\u0061me":"b"}"#)
        .expect_err("an escaped duplicate is still a duplicate");
    assert!(
        twice.to_string().contains("duplicate field `name`"),
        "{twice}"
    );
    // A `Value` hands over owned names.
    let pet: Pet = serde_json::from_value(json!({"name": "Rex", "age": 3, "type": "in"})).unwrap();
    assert_eq!(pet.r#type, Some(Direction::In));
    assert_eq!(pet.additional_properties["age"], 3);
    assert_eq!(pet.additional_properties.len(), 1);
}

#[test]
fn objects_without_a_map_skip_unlisted_properties() {
    let closed: Closed = serde_json::from_str(r#"{"id":2,"other":{"deep":[1]}}"#).unwrap();
    assert_eq!(closed, Closed { id: Some(2) });
    let empty: Empty = serde_json::from_str(r#"{"a":1}"#).unwrap();
    assert_eq!(empty, Empty {});
}

#[derive(Debug, Clone, PartialEq)]
struct GetPetRequest {
    pet_id: String,
    r#type: Option<Direction>,
    limit: Option<i32>,
}

#[derive(Debug, Default)]
struct GetPetRequestBuilder {
    pet_id: Option<String>,
    r#type: Option<Direction>,
    limit: Option<i32>,
}

crate::__private::build_request!(GetPetRequestBuilder => GetPetRequest, "pets/get",
    required(pet_id), optional(r#type, limit));

#[derive(Debug, Clone, PartialEq)]
struct ListRequest {
    limit: Option<i32>,
}

#[derive(Debug, Default)]
struct ListRequestBuilder {
    limit: Option<i32>,
}

crate::__private::build_request!(ListRequestBuilder => ListRequest, "pets/list",
    required(), optional(limit));

#[test]
fn builders_move_parameters_or_name_the_missing_ones() {
    let built = GetPetRequestBuilder {
        pet_id: Some("7".into()),
        limit: Some(3),
        ..Default::default()
    }
    .build()
    .unwrap();
    assert_eq!(
        built,
        GetPetRequest {
            pet_id: "7".into(),
            r#type: None,
            limit: Some(3)
        }
    );
    let error = GetPetRequestBuilder::default().build().unwrap_err();
    assert_eq!(error.operation(), "pets/get");
    assert_eq!(error.missing_parameters(), ["pet_id"]);
    let list = ListRequestBuilder::default().build().unwrap();
    assert_eq!(list, ListRequest { limit: None });
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    query: String,
    direction: Option<Direction>,
    tags: Option<Vec<String>>,
    levels: Option<Vec<Level>>,
    pets: Option<Vec<Closed>>,
    limit: Option<i32>,
}

crate::__private::builder!(SearchRequest, SearchRequestBuilder, "pets/search",
    required(query set_query(into String)),
    optional(direction set_direction(into Direction), tags set_tags(list into String),
        levels set_levels(list into Level), pets set_pets(list Closed), limit set_limit(i32)));

#[test]
fn builders_take_what_converts_into_each_parameter() {
    let request = SearchRequest::builder()
        .query("cats")
        .direction("in")
        .tags(["a", "b"])
        .levels([1, 5])
        .pets([Closed { id: Some(1) }])
        .limit(3)
        .build()
        .unwrap();
    assert_eq!(
        request,
        SearchRequest {
            query: "cats".into(),
            direction: Some(Direction::In),
            tags: Some(vec!["a".into(), "b".into()]),
            levels: Some(vec![Level::Low, Level::from(5)]),
            pets: Some(vec![Closed { id: Some(1) }]),
            limit: Some(3),
        }
    );
    let error = SearchRequest::builder().limit(1).build().unwrap_err();
    assert_eq!(error.missing_parameters(), ["query"]);
}

#[test]
fn set_setters_pass_options_through_and_unset() {
    let limit: Option<i32> = None;
    let request = SearchRequest::builder()
        .set_query(Some("cats".to_owned()))
        .set_limit(limit)
        .direction("in")
        .set_direction(None)
        .set_tags(Some(vec!["a".to_owned()]))
        .set_levels(None)
        .set_pets(Some(Vec::new()))
        .build()
        .unwrap();
    assert_eq!(
        (
            request.limit,
            request.direction,
            request.tags,
            request.levels
        ),
        (None, None, Some(vec!["a".to_owned()]), None)
    );
    assert_eq!(request.pets, Some(Vec::new()));
    let error = SearchRequest::builder()
        .query("cats")
        .set_query(None)
        .build()
        .unwrap_err();
    assert_eq!(error.missing_parameters(), ["query"]);
}

#[test]
fn constructors_take_the_required_fields_and_fill_the_others_as_absent() {
    let pet = Pet::new("Rex".to_owned());
    assert_eq!(
        pet,
        Pet {
            name: "Rex".to_owned(),
            tag: None,
            owner: None,
            legs: 4,
            r#type: None,
            additional_properties: BTreeMap::new(),
        }
    );
    // `new` gives what decoding an object with only the required properties gives.
    let decoded: Pet = serde_json::from_value(json!({"name": "Rex"})).unwrap();
    assert_eq!(decoded, pet);
    assert_eq!(
        Paging::default(),
        Paging {
            limit: 50,
            cursor: None,
            tags: Vec::new(),
        }
    );
}

/// An untagged union with a variant for anything else.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Pet(Box<Pet>),
    Level(Level),
    Text(String),
    Unknown(Value),
}

crate::__private::union!(Shape { Pet, Level, Text } unknown(Unknown));

/// An untagged union without one.
#[derive(Debug, Clone, PartialEq)]
enum Strict {
    Number(i64),
    Text(String),
}

crate::__private::union!(Strict { Number, Text });

#[test]
fn unions_take_the_first_variant_that_decodes_the_value() {
    let pet: Shape = serde_json::from_str(r#"{"name":"Rex","legs":3}"#).unwrap();
    let Shape::Pet(pet) = pet else {
        panic!("{pet:?}")
    };
    assert_eq!((pet.name.as_str(), pet.legs), ("Rex", 3));
    // A struct without its required property is not that variant.
    let text: Shape = serde_json::from_str(r#""a""#).unwrap();
    assert_eq!(text, Shape::Text("a".to_owned()));
    let level: Shape = serde_json::from_str("-1").unwrap();
    assert_eq!(level, Shape::Level(Level::Minus));
    let other: Shape = serde_json::from_str(r#"{"tag":"no name"}"#).unwrap();
    assert_eq!(other, Shape::Unknown(json!({"tag": "no name"})));
    let strict: Strict = serde_json::from_str("7").unwrap();
    assert_eq!(strict, Strict::Number(7));
    let error = serde_json::from_str::<Strict>("true").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the value matches none of the alternatives of `Strict`"),
        "{error}"
    );
}

#[test]
fn unions_encode_the_value_of_their_variant() {
    for text in [
        r#"{"name":"Rex","owner":null,"legs":3}"#,
        "-1",
        r#""a""#,
        "[1,{}]",
    ] {
        let shape: Shape = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&shape).unwrap(), text);
    }
    assert_eq!(serde_json::to_string(&Strict::Number(7)).unwrap(), "7");
}

/// A union tagged by `kind`, with a variant for anything else; `Again`
/// shares its tag value with `Paging` and is only encoded.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Pet(Box<Pet>),
    Paging(Paging),
    Again(Paging),
    Unknown(Value),
}

crate::__private::union!(Event tag("kind") { Pet("pet"), Paging("paging"), Again } unknown(Unknown));

/// A tagged union without one.
#[derive(Debug, Clone, PartialEq)]
enum StrictEvent {
    Paging(Paging),
}

crate::__private::union!(StrictEvent tag("kind") { Paging("paging") });

#[test]
fn tagged_unions_decode_the_variant_their_tag_names() {
    let pet: Event = serde_json::from_str(r#"{"kind":"pet","name":"Rex"}"#).unwrap();
    let Event::Pet(pet) = pet else {
        panic!("{pet:?}")
    };
    // The whole object decodes as the variant, the tag included.
    assert_eq!((pet.name.as_str(), pet.legs), ("Rex", 4));
    assert_eq!(pet.additional_properties["kind"], "pet");
    let paging: Event =
        serde_json::from_str(r#"{"kind":"paging","limit":3,"tags":["a"]}"#).unwrap();
    assert_eq!(
        paging,
        Event::Paging(Paging {
            limit: 3,
            cursor: None,
            tags: vec!["a".to_owned()],
        })
    );
    // A tag no variant has, no tag, or no object at all: kept whole.
    for text in [
        r#"{"kind":"bird","wings":2}"#,
        r#"{"name":"Rex"}"#,
        r#""pet""#,
    ] {
        let event: Event = serde_json::from_str(text).unwrap();
        assert_eq!(
            event,
            Event::Unknown(serde_json::from_str(text).unwrap()),
            "{text}"
        );
    }
    // A value that its tag names a variant of, but that is not one, fails.
    let error = serde_json::from_str::<Event>(r#"{"kind":"pet","legs":3}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `name`"),
        "{error}"
    );
    let error = serde_json::from_str::<StrictEvent>(r#"{"kind":"pet"}"#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the `kind` of the value names none of the alternatives of `StrictEvent`"),
        "{error}"
    );
}

#[test]
fn tagged_unions_encode_the_value_of_their_variant() {
    let text = r#"{"kind":"pet","name":"Rex","legs":3}"#;
    let pet: Event = serde_json::from_str(text).unwrap();
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"name":"Rex","owner":null,"legs":3,"kind":"pet"}"#
    );
    let again = Event::Again(Paging::default());
    assert_eq!(
        serde_json::to_string(&again).unwrap(),
        r#"{"limit":50,"tags":[]}"#
    );
    let unknown = Event::Unknown(json!({"kind": "bird"}));
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        r#"{"kind":"bird"}"#
    );
}
