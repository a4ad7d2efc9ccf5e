//! Cargo features per group of operations, for large APIs: each group's
//! request types, response enums and client methods compile only with its
//! feature, and each type only when an enabled group reaches it. All group
//! features are on by default; a user who needs one group turns the defaults
//! off and compiles that group alone. The types no operation reaches (GitHub's
//! webhook payloads, say) compile only with [`UNREFERENCED_TYPES`], which is
//! off by default.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use rustc_hash::FxHashMap;

use crate::ir::{Api, Operation, TypeRef};

/// An API with more operations than this gets a feature per group.
pub const FEATURE_THRESHOLD: usize = 200;

/// The feature, off by default, of the types no operation reaches and of
/// what they reach. Group names are snake case, so none can take this name.
pub const UNREFERENCED_TYPES: &str = "unreferenced-types";

/// Which groups need each item of an API.
#[derive(Debug, Default)]
pub struct Gates {
    /// Whether the API is split into features at all.
    enabled: bool,
    /// Every group.
    all: BTreeSet<String>,
    /// The groups that reach each named type, or [`UNREFERENCED_TYPES`]
    /// alone for a type that only types no operation reaches mention.
    types: BTreeMap<String, BTreeSet<String>>,
    /// The groups of the operations sharing each error enum.
    error_enums: BTreeMap<String, BTreeSet<String>>,
    /// The types that both groups and types no operation reaches mention:
    /// always compiled.
    always: BTreeSet<String>,
}

/// The features of `api`: its groups, or none for an API too small to split.
pub fn features(api: &Api) -> Vec<String> {
    if api.operations.len() <= FEATURE_THRESHOLD {
        return Vec::new();
    }
    let groups: BTreeSet<&str> = api.operations.iter().map(|o| o.group.as_str()).collect();
    groups.into_iter().map(str::to_owned).collect()
}

impl Gates {
    /// The gates of `api`.
    pub fn of(api: &Api) -> Gates {
        Gates::with_threshold(api, FEATURE_THRESHOLD)
    }

    /// The gates of `api`, split into features above `threshold` operations.
    fn with_threshold(api: &Api, threshold: usize) -> Gates {
        if api.operations.len() <= threshold {
            return Gates::default();
        }
        let mut gates = Gates {
            enabled: true,
            ..Gates::default()
        };
        for operation in &api.operations {
            gates.all.insert(operation.group.clone());
            if let Some(name) = &operation.error_enum {
                gates
                    .error_enums
                    .entry(name.clone())
                    .or_default()
                    .insert(operation.group.clone());
            }
        }
        // Each operation's walk meets the same types again and again
        // (Microsoft Graph's walks take 1.3 million steps): types and groups
        // are numbered, each type's mentions listed once, and the groups
        // that reach a type are bits.
        let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
        let numbers: FxHashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, i))
            .collect();
        let number = |name: &str| numbers.get(name).copied();
        let mentions: Vec<Vec<usize>> = names
            .iter()
            .map(|name| {
                let mut mentioned = Vec::new();
                children(api, name, &mut mentioned);
                mentioned.into_iter().filter_map(number).collect()
            })
            .collect();
        let groups: Vec<&str> = gates.all.iter().map(String::as_str).collect();
        let words = groups.len().div_ceil(64);
        let mut reached = vec![0u64; names.len() * words];
        let mut stack: Vec<usize> = Vec::new();
        for operation in &api.operations {
            let Ok(group) = groups.binary_search(&operation.group.as_str()) else {
                continue;
            };
            let (word, bit) = (group / 64, 1u64 << (group % 64));
            let mut roots: Vec<&str> = Vec::new();
            operation_types(operation, &mut roots);
            stack.extend(roots.into_iter().filter_map(number));
            while let Some(ty) = stack.pop() {
                let cell = &mut reached[ty * words + word];
                if *cell & bit == 0 {
                    *cell |= bit;
                    stack.extend_from_slice(&mentions[ty]);
                }
            }
        }
        let reaches = |ty: usize| {
            reached[ty * words..(ty + 1) * words]
                .iter()
                .any(|w| *w != 0)
        };
        for (ty, name) in names.iter().enumerate() {
            let bits = &reached[ty * words..(ty + 1) * words];
            let reaching: BTreeSet<String> = groups
                .iter()
                .enumerate()
                .filter(|(group, _)| bits[group / 64] & (1 << (group % 64)) != 0)
                .map(|(_, group)| (*group).to_owned())
                .collect();
            if !reaching.is_empty() {
                gates.types.insert((*name).to_owned(), reaching);
            }
        }
        // A type no operation reaches (a webhook payload, say) compiles
        // with its own feature, and so does every type it mentions that no
        // operation reaches either. One that a group reaches too compiles
        // always, rather than behind a list of every group that reaches it
        // (hundreds, in Microsoft Graph's crate).
        let mut seen = vec![false; names.len()];
        stack.extend((0..names.len()).filter(|&ty| !reaches(ty)));
        while let Some(ty) = stack.pop() {
            if std::mem::replace(&mut seen[ty], true) {
                continue;
            }
            if reaches(ty) {
                gates.always.insert(names[ty].to_owned());
            } else {
                let only = BTreeSet::from([UNREFERENCED_TYPES.to_owned()]);
                gates.types.insert(names[ty].to_owned(), only);
            }
            stack.extend_from_slice(&mentions[ty]);
        }
        gates
    }

    /// Whether the API is split into features.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The features off by default: [`UNREFERENCED_TYPES`] when some type
    /// compiles only with it.
    pub fn optional_features(&self) -> Vec<String> {
        let unreferenced = self
            .types
            .values()
            .any(|groups| groups.contains(UNREFERENCED_TYPES));
        if unreferenced {
            vec![UNREFERENCED_TYPES.to_owned()]
        } else {
            Vec::new()
        }
    }

    /// The types compiled only with a feature that is off by default, with
    /// that feature.
    pub fn optional_types(&self) -> impl Iterator<Item = (&str, &str)> {
        self.types.iter().filter_map(|(name, groups)| {
            groups
                .contains(UNREFERENCED_TYPES)
                .then_some((name.as_str(), UNREFERENCED_TYPES))
        })
    }

    /// The `#[cfg]` of an operation's items.
    pub fn operation(&self, operation: &Operation) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        let group = &operation.group;
        quote!(#[cfg(feature = #group)])
    }

    /// Whether operations of more than one group share the error enum
    /// `name`, so that it cannot live in one group's module.
    pub fn error_enum_spans_groups(&self, name: &str) -> bool {
        self.error_enums
            .get(name)
            .is_some_and(|groups| groups.len() > 1)
    }

    /// The `#[cfg]` of an error enum, which the operations sharing it need.
    pub fn error_enum(&self, name: &str) -> TokenStream {
        self.groups(self.error_enums.get(name))
    }

    /// The one feature the type `name` is compiled with, if it is compiled
    /// with one only: the group of every operation that reaches it, or
    /// [`UNREFERENCED_TYPES`] when none does.
    pub fn single_feature(&self, name: &str) -> Option<&str> {
        if self.always.contains(name) {
            return None;
        }
        let groups = self.types.get(name).filter(|_| self.enabled)?;
        match groups.len() {
            1 => groups.first().map(String::as_str),
            _ => None,
        }
    }

    /// The `#[cfg]` of a named type: none when every group needs it, or
    /// when both a group and a type no operation reaches do.
    pub fn type_def(&self, name: &str) -> TokenStream {
        if self.always.contains(name) {
            return TokenStream::new();
        }
        self.groups(self.types.get(name))
    }

    fn groups(&self, groups: Option<&BTreeSet<String>>) -> TokenStream {
        match groups {
            Some(groups) if self.enabled && groups.len() == 1 => {
                let group = groups.iter().next();
                quote!(#[cfg(feature = #group)])
            }
            Some(groups) if self.enabled && groups.len() < self.all.len() => {
                let groups = groups.iter();
                quote!(#[cfg(any(#(feature = #groups),*))])
            }
            _ => TokenStream::new(),
        }
    }
}

/// The `#[cfg]` of a module that holds the items of one feature only.
pub fn feature_cfg(feature: Option<&str>) -> TokenStream {
    match feature {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => TokenStream::new(),
    }
}

/// Pushes the named types that `operation`'s parameters and responses
/// mention.
fn operation_types<'a>(operation: &'a Operation, stack: &mut Vec<&'a str>) {
    for param in &operation.params {
        named(&param.ty, stack);
        if let Some(alias) = &param.shared {
            stack.push(alias);
        }
    }
    for response in operation.successes.iter().chain(&operation.errors) {
        if let Some(body) = &response.body {
            named(body, stack);
        }
    }
    if let Some(success) = &operation.success {
        named(success, stack);
    }
}

/// Pushes the named types the type `name` mentions.
fn children<'a>(api: &'a Api, name: &str, stack: &mut Vec<&'a str>) {
    if let Some(def) = api.types.get(name) {
        def.kind.each_type_ref(&mut |ty| named(ty, stack));
    }
}

/// Pushes the named type `ty` leads to, if any.
fn named<'a>(ty: &'a TypeRef, stack: &mut Vec<&'a str>) {
    stack.extend(ty.named_leaf());
}

/// Puts `cfg` in front of every top-level item of `items`. An item ends at
/// a `;` or at a `{ .. }` group (with the `;` after it, if any), outside any
/// other group, except that a `static` or `const` ends at its `;`.
pub fn gate_items(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        let brace = matches!(&token, TokenTree::Group(_));
        item.push(token);
        if !ends {
            continue;
        }
        if brace
            && let Some(TokenTree::Punct(p)) = tokens.peek()
            && p.as_char() == ';'
        {
            item.extend(tokens.next());
        }
        // The brace group of a `static` or `const` is its initializer, not
        // the item's end (`static S: T = T { .. };`): wait for the `;`.
        let initializer = brace
            && item
                .iter()
                .any(|t| matches!(t, TokenTree::Ident(i) if i == "static" || i == "const"))
            && !matches!(item.last(), Some(TokenTree::Punct(p)) if p.as_char() == ';');
        if initializer {
            continue;
        }
        out.extend(cfg.clone());
        out.extend(item.drain(..));
    }
    if !item.is_empty() {
        out.extend(cfg.clone());
        out.extend(item);
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Two groups, `pets` and `stores`, and types that both, one, or no
    /// operation reaches.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /stores:
    get:
      tags: [stores]
      operationId: listStores
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Store"}}}}
components:
  schemas:
    Pet: {type: object, properties: {owner: {$ref: "#/components/schemas/Owner"}, tag: {$ref: "#/components/schemas/Tag"}}}
    Store: {type: object, properties: {owner: {$ref: "#/components/schemas/Owner"}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Tag: {type: object, properties: {label: {$ref: "#/components/schemas/Label"}}}
    Label: {type: object, properties: {name: {type: string}}}
    Event: {type: object, properties: {place: {$ref: "#/components/schemas/Place"}, tag: {$ref: "#/components/schemas/Tag"}}}
    Place: {type: object, properties: {name: {type: string}}}
"##;

    #[test]
    fn types_are_compiled_for_the_groups_that_reach_them() {
        let api = crate::lower::lowered(SPEC).unwrap();
        let gates = Gates::with_threshold(&api, 0);
        let cfg = |name: &str| gates.type_def(name).to_string();
        assert_eq!(cfg("Pet"), quote!(#[cfg(feature = "pets")]).to_string());
        assert_eq!(cfg("Store"), quote!(#[cfg(feature = "stores")]).to_string());
        // Reached by every group: always compiled.
        assert_eq!(cfg("Owner"), "");
        // Reached by no operation, or only through such a type: compiled
        // with the feature that is off by default.
        let unreferenced = quote!(#[cfg(feature = "unreferenced-types")]).to_string();
        assert_eq!(cfg("Event"), unreferenced);
        assert_eq!(cfg("Place"), unreferenced);
        // Reached by a group and by a type no operation reaches, and what
        // that mentions: always compiled.
        assert_eq!(cfg("Tag"), "");
        assert_eq!(cfg("Label"), "");
        assert_eq!(gates.single_feature("Label"), None);
        let optional: Vec<_> = gates.optional_types().collect();
        assert_eq!(
            optional,
            [("Event", UNREFERENCED_TYPES), ("Place", UNREFERENCED_TYPES)]
        );
        assert_eq!(gates.single_feature("Tag"), None);
        assert_eq!(gates.single_feature("Pet"), Some("pets"));
        assert_eq!(gates.single_feature("Event"), Some(UNREFERENCED_TYPES));
        assert_eq!(gates.single_feature("Owner"), None);
        assert_eq!(
            Gates::of(&api).optional_features(),
            Vec::<String>::new(),
            "below the threshold"
        );
        let pets = api.operations.iter().find(|o| o.id == "listPets").unwrap();
        assert_eq!(
            gates.operation(pets).to_string(),
            quote!(#[cfg(feature = "pets")]).to_string()
        );
        // Below the threshold nothing is gated.
        assert_eq!(Gates::of(&api).type_def("Pet").to_string(), "");
    }

    /// [`SPEC`] split into features: its operations replaced by more than
    /// [`FEATURE_THRESHOLD`] copies of `listPets`, so that `Store`, `Event`
    /// and `Place` are unreached.
    pub(in crate::emit) fn only_list_pets() -> Api {
        let mut api = crate::lower::lowered(SPEC).unwrap();
        let template = api
            .operations
            .iter()
            .find(|o| o.id == "listPets")
            .unwrap()
            .clone();
        api.operations = (0..=FEATURE_THRESHOLD)
            .map(|i| Operation {
                id: format!("op{i}"),
                ..template.clone()
            })
            .collect();
        api
    }

    #[test]
    fn the_unreferenced_types_feature_exists_when_a_type_is_unreached() {
        let mut api = only_list_pets();
        assert_eq!(
            Gates::of(&api).optional_features(),
            vec![UNREFERENCED_TYPES.to_owned()]
        );
        api.types
            .retain(|name, _| name != "Event" && name != "Place" && name != "Store");
        assert_eq!(Gates::of(&api).optional_features(), Vec::<String>::new());
    }

    #[test]
    fn every_top_level_item_is_gated() {
        let items = quote! {
            /// A.
            #[derive(Debug)]
            pub struct A { x: i32 }
            impl A { fn f() {} }
            m!(A { x("x") });
            pub static S: T = T { a: 1 };
            pub type B = A;
            impl<I: Iterator<Item = u8>> F for I {}
            pub struct C {}
        };
        let gated = gate_items(items, &quote!(#[cfg(feature = "g")]));
        let file: syn::File = syn::parse2(gated).expect("still items");
        assert_eq!(file.items.len(), 7);
        for item in &file.items {
            let text = quote!(#item).to_string();
            assert!(text.contains("cfg (feature = \"g\")"), "{text}");
        }
    }
}
