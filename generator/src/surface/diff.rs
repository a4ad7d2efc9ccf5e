//! What changed between two [`Surface`]s, each change classified by what it
//! does to code written against the older one.

use std::collections::BTreeMap;
use std::fmt;

use super::{
    FieldSurface, Limits, ModuleSurface, OperationSurface, ParamSurface, Surface, TypeSurface,
};

/// What a change does to code that compiled against the older crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Such code may no longer compile: an item it names is gone or has
    /// another type.
    Breaking,
    /// Such code compiles, but may act differently: a request that passed
    /// validation is refused, a parameter became required, a value is sent
    /// or decoded differently.
    Behaviour,
    /// Such code compiles and acts as before; there is more to use.
    Additive,
}

impl Impact {
    /// The word the report uses.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Behaviour => "breaking (behaviour)",
            Impact::Additive => "additive",
        }
    }
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// How it affects code written against the older crate.
    pub impact: Impact,
    /// The module (API) it is in; empty for the crate root.
    pub module: String,
    /// The item, as a path inside the module: `Type`, `Type::field`,
    /// `operation ListFlowLogs`, `operation ListFlowLogs, parameter limit`.
    pub item: String,
    /// What happened to it, in a few words.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.module.is_empty() {
            write!(f, "{}: {}: {}", self.impact.label(), self.item, self.what)
        } else {
            write!(
                f,
                "{}: {}::{}: {}",
                self.impact.label(),
                self.module,
                self.item,
                self.what
            )
        }
    }
}

/// Every change from `before` to `after`, most severe first, then by place.
pub fn changes(before: &Surface, after: &Surface) -> Vec<Change> {
    let mut out = Changes::default();
    for (name, old, new) in pairs(&before.modules, &after.modules) {
        out.module = name.clone();
        match (old, new) {
            (Some(_), None) => out.push(Impact::Breaking, "", "module removed (its spec is gone)"),
            (None, Some(new)) => {
                out.push(
                    Impact::Additive,
                    "",
                    &format!("module added, from `{}`", new.spec),
                );
            }
            (Some(old), Some(new)) => module(&mut out, old, new),
            (None, None) => {}
        }
    }
    let mut changes = out.list;
    changes.sort();
    changes
}

#[derive(Default)]
struct Changes {
    module: String,
    list: Vec<Change>,
}

impl Changes {
    fn push(&mut self, impact: Impact, item: &str, what: &str) {
        self.list.push(Change {
            impact,
            module: self.module.clone(),
            item: if item.is_empty() {
                "(module)".to_owned()
            } else {
                item.to_owned()
            },
            what: what.to_owned(),
        });
    }
}

/// Every key of either map, with its value in each.
fn pairs<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> Vec<(&'a String, Option<&'a V>, Option<&'a V>)> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|key| (key, old.get(key), new.get(key)))
        .collect()
}

fn module(out: &mut Changes, old: &ModuleSurface, new: &ModuleSurface) {
    for name in old.root_exports.difference(&new.root_exports) {
        out.push(
            Impact::Breaking,
            name,
            "no longer re-exported at the crate root",
        );
    }
    for name in new.root_exports.difference(&old.root_exports) {
        out.push(Impact::Additive, name, "re-exported at the crate root");
    }
    gated_types(out, old, new);
    for (name, old, new) in pairs(&old.types, &new.types) {
        match (old, new) {
            (Some(old), None) => {
                out.push(Impact::Breaking, name, &format!("{} removed", old.kind()))
            }
            (None, Some(new)) => out.push(Impact::Additive, name, &format!("{} added", new.kind())),
            (Some(old), Some(new)) => type_def(out, name, old, new),
            (None, None) => {}
        }
    }
    for (id, old, new) in pairs(&old.operations, &new.operations) {
        let item = format!("operation {id}");
        match (old, new) {
            (Some(_), None) => out.push(Impact::Breaking, &item, "removed"),
            (None, Some(new)) => out.push(
                Impact::Additive,
                &item,
                &format!("added: `Client::{}` ({})", new.method, new.endpoint),
            ),
            (Some(old), Some(new)) => operation(out, &item, old, new),
            (None, None) => {}
        }
    }
}

fn type_def(out: &mut Changes, name: &str, old: &TypeSurface, new: &TypeSurface) {
    match (old, new) {
        (
            TypeSurface::Struct {
                fields: old_fields,
                constructor: old_new,
                deprecated: old_deprecated,
            },
            TypeSurface::Struct {
                fields: new_fields,
                constructor: new_new,
                deprecated: new_deprecated,
            },
        ) => {
            deprecation(out, name, *old_deprecated, *new_deprecated);
            for (field, old, new) in pairs(old_fields, new_fields) {
                let item = format!("{name}::{field}");
                match (old, new) {
                    (Some(_), None) => out.push(Impact::Breaking, &item, "field removed"),
                    (None, Some(new)) => out.push(
                        Impact::Additive,
                        &item,
                        &format!("field `{}` added (`{}`)", new.wire, new.ty),
                    ),
                    (Some(old), Some(new)) => field_def(out, &item, old, new),
                    (None, None) => {}
                }
            }
            match (old_new, new_new) {
                (None, Some(params)) => out.push(
                    Impact::Breaking,
                    name,
                    &format!(
                        "no longer implements `Default`; build it with `new({})`",
                        params.join(", ")
                    ),
                ),
                (Some(_), None) => out.push(
                    Impact::Breaking,
                    name,
                    "implements `Default` now, and has no `new`",
                ),
                (Some(old), Some(new)) if old != new => out.push(
                    Impact::Breaking,
                    name,
                    &format!(
                        "`new({})` becomes `new({})`",
                        old.join(", "),
                        new.join(", ")
                    ),
                ),
                _ => {}
            }
        }
        (
            TypeSurface::Enum {
                repr: old_repr,
                values: old_values,
                deprecated: old_deprecated,
            },
            TypeSurface::Enum {
                repr: new_repr,
                values: new_values,
                deprecated: new_deprecated,
            },
        ) => {
            deprecation(out, name, *old_deprecated, *new_deprecated);
            if old_repr != new_repr {
                out.push(
                    Impact::Breaking,
                    name,
                    &format!("values are `{new_repr}`, were `{old_repr}`"),
                );
            }
            for (variant, old, new) in pairs(old_values, new_values) {
                let item = format!("{name}::{variant}");
                match (old, new) {
                    (Some(old), None) => out.push(
                        Impact::Breaking,
                        &item,
                        &format!("variant removed (value `{old}` decodes as `Unknown`)"),
                    ),
                    (None, Some(new)) => out.push(
                        Impact::Additive,
                        &item,
                        &format!("variant added for value `{new}` (which decoded as `Unknown`)"),
                    ),
                    (Some(old), Some(new)) if old != new => out.push(
                        Impact::Behaviour,
                        &item,
                        &format!("wire value `{new}`, was `{old}`"),
                    ),
                    _ => {}
                }
            }
        }
        (TypeSurface::Union { variants: old }, TypeSurface::Union { variants: new }) => {
            for (variant, old, new) in pairs(old, new) {
                let item = format!("{name}::{variant}");
                match (old, new) {
                    (Some(_), None) => out.push(Impact::Breaking, &item, "alternative removed"),
                    (None, Some(ty)) => {
                        out.push(
                            Impact::Additive,
                            &item,
                            &format!("alternative `{ty}` added"),
                        );
                    }
                    (Some(old), Some(new)) if old != new => out.push(
                        Impact::Breaking,
                        &item,
                        &format!("type `{old}` becomes `{new}`"),
                    ),
                    _ => {}
                }
            }
        }
        (TypeSurface::Alias { target: old }, TypeSurface::Alias { target: new }) if old != new => {
            out.push(
                Impact::Breaking,
                name,
                &format!("names `{new}`, was `{old}`"),
            );
        }
        (TypeSurface::Alias { .. }, TypeSurface::Alias { .. }) => {}
        (old, new) => out.push(
            Impact::Breaking,
            name,
            &format!("a {} now, was a {}", new.kind(), old.kind()),
        ),
    }
}

fn deprecation(out: &mut Changes, item: &str, old: bool, new: bool) {
    match (old, new) {
        (false, true) => out.push(Impact::Additive, item, "deprecated"),
        (true, false) => out.push(Impact::Additive, item, "no longer deprecated"),
        _ => {}
    }
}

fn field_def(out: &mut Changes, item: &str, old: &FieldSurface, new: &FieldSurface) {
    deprecation(out, item, old.deprecated, new.deprecated);
    if old.ty != new.ty {
        out.push(
            Impact::Breaking,
            item,
            &format!("type `{}` becomes `{}`", old.ty, new.ty),
        );
    }
    if old.wire != new.wire {
        out.push(
            Impact::Behaviour,
            item,
            &format!("property `{}` on the wire, was `{}`", new.wire, old.wire),
        );
    }
    if old.default != new.default {
        out.push(
            Impact::Behaviour,
            item,
            &format!(
                "default {} (an absent property decodes differently)",
                change_text(old.default.as_deref(), new.default.as_deref())
            ),
        );
    }
    limits(out, item, &old.limits, &new.limits);
}

fn operation(out: &mut Changes, item: &str, old: &OperationSurface, new: &OperationSurface) {
    deprecation(out, item, old.deprecated, new.deprecated);
    if old.method != new.method {
        out.push(
            Impact::Breaking,
            item,
            &format!("client method `{}`, was `{}`", new.method, old.method),
        );
    }
    if old.endpoint != new.endpoint {
        out.push(
            Impact::Behaviour,
            item,
            &format!("sent as `{}`, was `{}`", new.endpoint, old.endpoint),
        );
    }
    if old.returns != new.returns {
        out.push(
            Impact::Breaking,
            item,
            &format!("returns `{}`, was `{}`", new.returns, old.returns),
        );
    }
    match (old.stream(), new.stream()) {
        (None, Some(new)) => out.push(Impact::Additive, item, &format!("`Client::{new}` added")),
        (Some(old), None) => out.push(Impact::Breaking, item, &format!("`Client::{old}` removed")),
        (Some(old), Some(new)) if old != new => out.push(
            Impact::Breaking,
            item,
            &format!("`Client::{old}` is now `Client::{new}`"),
        ),
        _ => {}
    }
    for (status, old, new) in pairs(&old.errors, &new.errors) {
        match (old, new) {
            (Some(_), None) => out.push(
                Impact::Breaking,
                item,
                &format!(
                    "error status {status} no longer documented (its error-enum variant is gone)"
                ),
            ),
            (None, Some(body)) => out.push(
                Impact::Additive,
                item,
                &format!("error status {status} documented (`{body}`)"),
            ),
            (Some(old), Some(new)) if old != new => out.push(
                Impact::Breaking,
                item,
                &format!("error status {status} carries `{new}`, was `{old}`"),
            ),
            _ => {}
        }
    }
    for (name, old, new) in pairs(&old.params, &new.params) {
        let item = format!("{item}, parameter {name}");
        match (old, new) {
            (Some(_), None) => out.push(
                Impact::Breaking,
                &item,
                "removed (its field and setters are gone)",
            ),
            (None, Some(new)) if new.required => out.push(
                Impact::Behaviour,
                &item,
                &format!("required {} added: `build` fails without it", new.wire),
            ),
            (None, Some(new)) => out.push(
                Impact::Additive,
                &item,
                &format!("optional {} added", new.wire),
            ),
            (Some(old), Some(new)) => param(out, &item, old, new),
            (None, None) => {}
        }
    }
}

/// A type that both surfaces have and that moves behind a feature off by
/// default is gone from a build that does not turn the feature on.
fn gated_types(out: &mut Changes, old: &ModuleSurface, new: &ModuleSurface) {
    for (name, old_feature, new_feature) in pairs(&old.optional_types, &new.optional_types) {
        if !(old.types.contains_key(name) && new.types.contains_key(name)) {
            continue;
        }
        match (old_feature, new_feature) {
            (None, Some(feature)) => out.push(
                Impact::Breaking,
                name,
                &format!("compiled only with the feature `{feature}` now, which is off by default"),
            ),
            (Some(feature), None) => out.push(
                Impact::Additive,
                name,
                &format!("compiled by default now, not only with the feature `{feature}`"),
            ),
            (Some(old), Some(new)) if old != new => out.push(
                Impact::Breaking,
                name,
                &format!("compiled only with the feature `{new}` now, not `{old}`"),
            ),
            _ => {}
        }
    }
}

fn param(out: &mut Changes, item: &str, old: &ParamSurface, new: &ParamSurface) {
    if old.ty != new.ty {
        out.push(
            Impact::Breaking,
            item,
            &format!("type `{}` becomes `{}`", old.ty, new.ty),
        );
    }
    if old.required != new.required {
        let (impact, what) = if new.required {
            (Impact::Behaviour, "required now: `build` fails without it")
        } else {
            (Impact::Additive, "optional now")
        };
        out.push(impact, item, what);
    }
    if old.wire != new.wire {
        out.push(
            Impact::Behaviour,
            item,
            &format!("sent as {}, was {}", new.wire, old.wire),
        );
    }
    if old.default != new.default {
        out.push(
            Impact::Additive,
            item,
            &format!(
                "documented default {} (the service applies it)",
                change_text(old.default.as_deref(), new.default.as_deref())
            ),
        );
    }
    limits(out, item, &old.limits, &new.limits);
}

fn change_text(old: Option<&str>, new: Option<&str>) -> String {
    match (old, new) {
        (None, Some(new)) => format!("`{new}` added"),
        (Some(old), None) => format!("`{old}` removed"),
        (Some(old), Some(new)) => format!("`{new}`, was `{old}`"),
        (None, None) => "unchanged".to_owned(),
    }
}

/// A tighter limit refuses values the older crate sent (behaviour); a
/// looser one accepts more (additive).
fn limits(out: &mut Changes, item: &str, old: &Limits, new: &Limits) {
    let lower = |name: &str, old: Option<f64>, new: Option<f64>| bound(name, old, new, true);
    let upper = |name: &str, old: Option<f64>, new: Option<f64>| bound(name, old, new, false);
    let size = |value: Option<usize>| value.map(|v| v as f64);
    let found = [
        lower("minimum", old.minimum, new.minimum),
        upper("maximum", old.maximum, new.maximum),
        lower("minLength", size(old.min_length), size(new.min_length)),
        upper("maxLength", size(old.max_length), size(new.max_length)),
        lower("minItems", size(old.min_items), size(new.min_items)),
        upper("maxItems", size(old.max_items), size(new.max_items)),
    ];
    for (impact, what) in found.into_iter().flatten() {
        out.push(impact, item, &what);
    }
}

/// One limit's change: `lower` limits refuse what is below them.
fn bound(name: &str, old: Option<f64>, new: Option<f64>, lower: bool) -> Option<(Impact, String)> {
    let tighter = match (old, new) {
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(old), Some(new)) if old != new => (new > old) == lower,
        _ => return None,
    };
    let text = |value: Option<f64>| value.map_or_else(|| "none".to_owned(), |v| v.to_string());
    let what = format!(
        "{name} {}, was {} ({})",
        text(new),
        text(old),
        if tighter { "tightened" } else { "loosened" }
    );
    Some((
        if tighter {
            Impact::Behaviour
        } else {
            Impact::Additive
        },
        what,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(optional: &[&str]) -> Surface {
        let module = ModuleSurface {
            types: ["Push", "Repo"]
                .into_iter()
                .map(|name| {
                    let alias = TypeSurface::Alias {
                        target: "String".to_owned(),
                    };
                    (name.to_owned(), alias)
                })
                .collect(),
            optional_types: optional
                .iter()
                .map(|name| (name.to_string(), "unreferenced-types".to_owned()))
                .collect(),
            ..ModuleSurface::default()
        };
        Surface {
            crate_version: String::new(),
            modules: BTreeMap::from([("api".to_owned(), module)]),
        }
    }

    fn paged(stream_method: Option<&str>) -> Surface {
        let operation = OperationSurface {
            method: "list_logs".to_owned(),
            endpoint: "GET /logs".to_owned(),
            returns: "Logs".to_owned(),
            errors: BTreeMap::new(),
            paginated: true,
            stream_method: stream_method.map(str::to_owned),
            deprecated: false,
            params: BTreeMap::new(),
        };
        let module = ModuleSurface {
            operations: BTreeMap::from([("ListLogs".to_owned(), operation)]),
            ..ModuleSurface::default()
        };
        Surface {
            crate_version: String::new(),
            modules: BTreeMap::from([("api".to_owned(), module)]),
        }
    }

    #[test]
    fn a_stream_method_that_takes_another_name_breaks_its_users() {
        // Another operation took `list_logs_stream`: the stream method
        // users called by that name now has another.
        let found = changes(&paged(None), &paged(Some("list_logs_stream_2")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].impact, Impact::Breaking);
        assert!(
            found[0]
                .what
                .contains("`Client::list_logs_stream` is now `Client::list_logs_stream_2`"),
            "{found:?}"
        );
        assert!(changes(&paged(None), &paged(None)).is_empty());
        let mut unpaged = paged(None);
        for operation in unpaged
            .modules
            .values_mut()
            .flat_map(|m| m.operations.values_mut())
        {
            operation.paginated = false;
        }
        let found = changes(&unpaged, &paged(Some("list_logs_stream_2")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].impact, Impact::Additive);
        assert!(
            found[0].what.contains("`Client::list_logs_stream_2` added"),
            "{found:?}"
        );
    }

    #[test]
    fn a_type_moving_behind_a_feature_off_by_default_breaks_its_users() {
        let found = changes(&surface(&[]), &surface(&["Push"]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].impact, Impact::Breaking);
        assert_eq!(found[0].item, "Push");
        assert!(found[0].what.contains("`unreferenced-types`"), "{found:?}");

        let found = changes(&surface(&["Push"]), &surface(&[]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].impact, Impact::Additive);

        assert!(changes(&surface(&["Push"]), &surface(&["Push"])).is_empty());
    }
}
