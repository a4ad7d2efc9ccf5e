//! Lowering the operations beside the component schemas, on a second core.
//!
//! In order, the component schemas are lowered first, then the rest: the
//! servers, the security schemes and the operations. The rest depends on
//! the components' lowering in two ways only:
//!
//! - it looks up what the components lowered: the kind of a named type (is
//!   a parameter an enum, does a default fit), a whole type (the fields a
//!   pagination extension names), whether a named type is nullable, and the
//!   type of a schema under `/components/` that both reach (a component's
//!   properties merged by `allOf`, a component parameter or response that a
//!   schema's `$ref` reaches);
//! - it claims type names in the scope the components claim theirs in, so a
//!   name the components took makes the rest's name another.
//!
//! So the rest is lowered on a copy of the state taken once the components
//! are named and before any is lowered, on a thread of its own, and reads
//! what the components lowered as the order would have it:
//!
//! - the kind and nullability of a type it has not claimed, and the type of
//!   a schema under the component schemas, once the components have
//!   published it (each is final once lowered) or are done;
//! - a whole type, once the components are done;
//! - the type of a schema elsewhere under `/components/`, which the
//!   components reach only through a rare `$ref`: it records where it found
//!   none, and is lowered again after the components if they defined one
//!   there.
//!
//! Both sides keep a journal of their name scope. If the rest looked up a
//! name or a numbered stem that the components claimed, its names could
//! differ from the order's, and it is lowered again after the components,
//! on their state. Otherwise its types, names, caches and diagnostics
//! (after the components') join the components'. Either way, the result is
//! the one the order gives, whatever the threads' timing: the tests lower
//! every spec of the repository both ways, and `xtask directory` every
//! description of the APIs.guru directory.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use rustc_hash::{FxHashMap, FxHashSet};

use super::Lower;
use crate::diagnostics::Diagnostics;
use crate::ir::{AuthScheme, EnumRepr, Operation, Server, TypeDef, TypeKind, TypeRef};

/// Which side of the work a state is on, with what the two share.
#[derive(Debug, Clone)]
pub(super) enum Side {
    /// The components, which publish each type they lower.
    Components(Arc<Shared>),
    /// The rest, which reads what the components published, and records
    /// the places outside the component schemas where it found no type
    /// (see [`Lower::known_inline`]).
    Rest(Arc<Shared>, Vec<String>),
}

/// What the components' lowering publishes for the rest.
#[derive(Debug, Default)]
pub(super) struct Shared {
    progress: Mutex<Progress>,
    changed: Condvar,
    /// The components' state, once they are done.
    done: OnceLock<Components>,
}

/// What the components lowered so far: each named type's kind and whether
/// it is nullable, and the type of each schema under the component schemas.
/// Each is final once lowered.
#[derive(Debug, Default)]
struct Progress {
    kinds: FxHashMap<String, (Kind, bool)>,
    inline: FxHashMap<String, TypeRef>,
    finished: bool,
    /// Whether the rest waits for something not published yet.
    waiting: bool,
}

/// What the rest asks of a named type's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// An enumeration, of strings or integers.
    Enum(EnumRepr),
    /// An alias of a primitive type.
    PrimitiveAlias,
    /// A struct.
    Struct,
    /// Anything else.
    Other,
}

impl Kind {
    pub(super) fn of(kind: &TypeKind) -> Kind {
        match kind {
            TypeKind::Enum(en) => Kind::Enum(en.repr),
            TypeKind::Alias(TypeRef::Primitive(_)) => Kind::PrimitiveAlias,
            TypeKind::Struct(_) => Kind::Struct,
            _ => Kind::Other,
        }
    }
}

impl Shared {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes the kind of the type `name`, just lowered, and whether it
    /// is nullable.
    fn publish_type(&self, name: &str, kind: Kind, nullable: bool) {
        let mut progress = self.progress();
        progress.kinds.insert(name.to_owned(), (kind, nullable));
        self.wake(progress);
    }

    /// Publishes the type of the schema at `at`.
    fn publish_inline(&self, at: &str, ty: &TypeRef) {
        let mut progress = self.progress();
        progress.inline.insert(at.to_owned(), ty.clone());
        self.wake(progress);
    }

    fn wake(&self, mut progress: MutexGuard<'_, Progress>) {
        if std::mem::take(&mut progress.waiting) {
            drop(progress);
            self.changed.notify_all();
        }
    }

    /// Publishes the components' state, once they are done (or have
    /// panicked, so that the rest does not wait for ever).
    fn finish(&self, components: Components) {
        let _ = self.done.set(components);
        self.progress().finished = true;
        self.changed.notify_all();
    }

    /// What `find` finds in what the components published, once they have
    /// published it or are done.
    fn wait_for<T>(&self, find: impl Fn(&Progress) -> Option<T>) -> Option<T> {
        let mut progress = self.progress();
        loop {
            if let Some(found) = find(&progress) {
                return Some(found);
            }
            if progress.finished {
                return None;
            }
            progress.waiting = true;
            progress = self
                .changed
                .wait(progress)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The components' state, once they are done.
    fn done(&self) -> &Components {
        self.done.wait()
    }
}

/// The state the components' lowering leaves that the rest looks up.
#[derive(Debug, Default)]
pub(super) struct Components {
    types: BTreeMap<String, TypeDef>,
    nullable_types: FxHashSet<String>,
    inline_types: FxHashMap<String, TypeRef>,
}

/// The servers, the security schemes and the operations.
pub(super) type Rest = (Vec<Server>, BTreeMap<String, AuthScheme>, Vec<Operation>);

/// Specs with fewer component schemas or path items than this are lowered
/// in order: a second thread would cost more than it saves.
const BESIDE_FROM: usize = 64;

/// Where the operations are lowered: beside the component schemas or after
/// them. The result is the same; `Auto`, what [`super::lower`] does, is the
/// fastest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Beside the components when the spec is large enough and the machine
    /// has a second core.
    Auto,
    /// After the components, on one thread.
    InOrder,
    /// Beside the components, whatever the spec's size.
    Beside,
}

/// The prefix of the component schemas' pointers, under which the
/// components' lowering caches the types it defines.
const COMPONENT_SCHEMAS: &str = "/components/schemas/";

/// The prefix of the other pointers the components' lowering may cache
/// types under: component parameters and responses that a schema's `$ref`
/// reaches.
const COMPONENTS: &str = "/components/";

impl<'a> Lower<'a> {
    /// Lowers the component schemas and the rest, as `schedule` says.
    pub(super) fn lower_components_and_rest(&mut self, schedule: Schedule) -> Rest {
        let beside = match schedule {
            Schedule::InOrder => false,
            Schedule::Beside => true,
            Schedule::Auto => self.worth_a_thread(),
        };
        if beside {
            self.lower_beside()
        } else {
            self.lower_components();
            self.lower_rest()
        }
    }

    fn worth_a_thread(&self) -> bool {
        let document = &self.spec.document;
        let schemas = document.components.as_ref().map_or(0, |c| c.schemas.len());
        std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
            && schemas >= BESIDE_FROM
            && document.paths.paths.len() >= BESIDE_FROM
    }

    fn lower_rest(&mut self) -> Rest {
        let servers = self.lower_servers();
        let auth = self.lower_auth();
        let operations = self.lower_operations();
        (servers, auth, operations)
    }

    fn lower_beside(&mut self) -> Rest {
        let shared = Arc::new(Shared::default());
        let fork = self.fork(Side::Rest(Arc::clone(&shared), Vec::new()));
        self.type_scope.keep_journal();
        self.beside = Some(Side::Components(Arc::clone(&shared)));
        let (components, beside) = std::thread::scope(|scope| {
            let beside = scope.spawn(move || {
                let mut fork = fork;
                let rest = fork.lower_rest();
                (fork, rest)
            });
            let components = catch_unwind(AssertUnwindSafe(|| self.lower_components()));
            // Published even after a panic, so that the rest does not wait
            // for ever; the panic is passed on once it has stopped.
            shared.finish(Components {
                types: std::mem::take(&mut self.types),
                nullable_types: std::mem::take(&mut self.nullable_types),
                inline_types: std::mem::take(&mut self.inline_types),
            });
            (components, beside.join())
        });
        self.beside = None;
        if let Err(payload) = components {
            resume_unwind(payload);
        }
        let (mut fork, rest) = beside.unwrap_or_else(|payload| resume_unwind(payload));
        let missed = match fork.beside.take() {
            Some(Side::Rest(_, missed)) => missed,
            _ => Vec::new(),
        };
        let done = Arc::into_inner(shared)
            .and_then(|shared| shared.done.into_inner())
            .expect("the components' state is published once, and the rest's copy of it is gone");
        self.types = done.types;
        self.nullable_types = done.nullable_types;
        self.inline_types = done.inline_types;
        let components = self.type_scope.take_journal();
        let journal = fork.type_scope.take_journal();
        if journal.meets(&components) || missed.iter().any(|at| self.inline_types.contains_key(at))
        {
            return self.lower_rest();
        }
        self.type_scope.absorb(&fork.type_scope, &journal);
        for (name, def) in fork.types {
            self.types.entry(name).or_insert(def);
        }
        for (at, ty) in fork.inline_types {
            self.inline_types.entry(at).or_insert(ty);
        }
        self.nullable_types.extend(fork.nullable_types);
        for (values, names) in fork.enum_names {
            self.enum_names.entry(values).or_insert(names);
        }
        self.diagnostics.extend(fork.diagnostics);
        rest
    }

    /// A copy of the state for the rest, on `side`, with a journal of its
    /// name scope.
    fn fork(&self, side: Side) -> Lower<'a> {
        let mut type_scope = self.type_scope.clone();
        type_scope.keep_journal();
        Lower {
            spec: self.spec,
            diagnostics: Diagnostics::default(),
            types: self.types.clone(),
            type_scope,
            component_names: self.component_names.clone(),
            inline_types: self.inline_types.clone(),
            enum_names: self.enum_names.clone(),
            nullable_types: self.nullable_types.clone(),
            merging: self.merging.clone(),
            misplaced: self.misplaced.clone(),
            strict: self.strict,
            beside: Some(side),
        }
    }

    /// Adds a lowered type; the components lowered beside the rest publish
    /// its kind.
    pub(super) fn add_type(&mut self, def: TypeDef) {
        if let Some(Side::Components(shared)) = &self.beside {
            let nullable = self.nullable_types.contains(&def.name);
            shared.publish_type(&def.name, Kind::of(&def.kind), nullable);
        }
        self.types.insert(def.name.clone(), def);
    }

    /// Remembers the type of the schema at `at`; the components lowered
    /// beside the rest publish it.
    pub(super) fn cache_inline(&mut self, at: &str, ty: &TypeRef) {
        if let Some(Side::Components(shared)) = &self.beside
            && at.starts_with(COMPONENT_SCHEMAS)
        {
            shared.publish_inline(at, ty);
        }
        self.inline_types.insert(at.to_owned(), ty.clone());
    }

    /// What the components share with the rest lowered beside them; `None`
    /// everywhere else.
    fn shared(&self) -> Option<&Shared> {
        match &self.beside {
            Some(Side::Rest(shared, _)) => Some(shared),
            _ => None,
        }
    }

    /// Whether the rest lowered beside the components claimed `name` itself
    /// (a type it is still lowering, if it has not added it yet).
    fn claimed_here(&self, name: &str) -> bool {
        self.type_scope
            .holder(name)
            .is_some_and(|holder| self.component_names.get(holder).is_none_or(|n| n != name))
    }

    /// The kind of the named type `name` lowered so far; for the rest lowered
    /// beside the components, theirs once they have lowered it.
    pub(super) fn lowered_kind(&self, name: &str) -> Option<Kind> {
        if let Some(def) = self.types.get(name) {
            return Some(Kind::of(&def.kind));
        }
        let shared = self.shared()?;
        if self.claimed_here(name) {
            return None;
        }
        shared.wait_for(|progress| progress.kinds.get(name).map(|&(kind, _)| kind))
    }

    /// The named type `name` lowered so far; for the rest lowered beside the
    /// components, theirs once they are done.
    pub(super) fn lowered_type(&self, name: &str) -> Option<&TypeDef> {
        if let Some(def) = self.types.get(name) {
            return Some(def);
        }
        let shared = self.shared()?;
        if self.claimed_here(name) {
            return None;
        }
        shared.done().types.get(name)
    }

    /// Whether the named type `name` is nullable. The components' names are
    /// known before any is lowered, and the rest knows its own; a name it
    /// has not claimed is read from the components once they have lowered
    /// it.
    pub(super) fn is_nullable(&self, name: &str) -> bool {
        if self.nullable_types.contains(name) {
            return true;
        }
        match self.shared() {
            Some(shared) if self.type_scope.holder(name).is_none() => shared
                .wait_for(|progress| progress.kinds.get(name).map(|&(_, nullable)| nullable))
                .unwrap_or(false),
            _ => false,
        }
    }

    /// The type of the inline schema at `at` lowered so far. The rest
    /// lowered beside the components reads one under the component schemas
    /// from the components once they have lowered it; one elsewhere under
    /// `/components/` (a parameter or response), which the components reach
    /// only through a rare `$ref`, it records when it finds none, and is
    /// lowered again if the components defined it.
    pub(super) fn known_inline(&mut self, at: &str) -> Option<TypeRef> {
        if let Some(ty) = self.inline_types.get(at) {
            return Some(ty.clone());
        }
        let Some(Side::Rest(shared, missed)) = &mut self.beside else {
            return None;
        };
        if at.starts_with(COMPONENT_SCHEMAS) {
            shared.wait_for(|progress| progress.inline.get(at).cloned())
        } else {
            if at.starts_with(COMPONENTS) {
                missed.push(at.to_owned());
            }
            None
        }
    }
}
