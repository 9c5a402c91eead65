//! Rename hints: pairs the user says are one object under a new name. They are applied to
//! a copy of the `from` catalog before diffing, so the diff sees each pair as the same
//! object (no drop and add, no lost rows), and each becomes one rename change.
use crate::{Change, DiffRules};
use serde::Serialize;
use std::fmt;
use strata_catalog::*;

/// One rename asked for: `old` (live) becomes `new` (desired). Both name the same kind
/// of object: schema, table, column, constraint, index, view or type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    /// The name in the live schema.
    pub old: ObjectId,
    /// The name in the desired schema.
    pub new: ObjectId,
}

impl fmt::Display for Rename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.old, self.new)
    }
}

/// A hint that was not applied, and why (what the user should hear about it). Hints
/// whose old name is gone are not listed: the rename is done, and hints stay in files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RenameNote {
    /// Both names exist in the live schema: nothing to rename.
    BothExist(Rename),
    /// The two names are of different kinds, or in different schemas or tables (a rename
    /// keeps the object where it is).
    Mismatch(Rename),
    /// The new name is not in the desired schema: the renamed object is dropped anyway.
    NotDesired(Rename),
}

impl fmt::Display for RenameNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameNote::BothExist(r) => write!(
                f,
                "rename hint {r} ignored: both names exist in the live schema"
            ),
            RenameNote::Mismatch(r) => write!(
                f,
                "rename hint {r} ignored: a rename keeps the kind, the schema and the table"
            ),
            RenameNote::NotDesired(r) => write!(
                f,
                "rename hint {r}: the desired schema has no {}, so it is dropped after the rename",
                r.new
            ),
        }
    }
}

/// `from` with the hinted renames made, the rename changes (in hint order, chains
/// merged) and notes about the hints that were not applied.
#[derive(Debug, Clone, Default)]
pub struct Renamed {
    /// The live catalog as it is after the renames: diff it against `to`.
    pub from: Catalog,
    /// One rename change per renamed object.
    pub changes: Vec<Change>,
    /// Hints not applied, for the user.
    pub notes: Vec<RenameNote>,
}

/// Applies `hints` in order to a copy of `from`. A hint applies when its old name exists
/// (after the hints before it) and its new name does not; a chain `a -> b`, `b -> c`
/// becomes one rename `a -> c`. `rules` rewrites the names in rendered text the way the
/// database does when it renames.
pub fn apply_renames(
    from: &Catalog,
    to: &Catalog,
    hints: &[Rename],
    rules: &dyn DiffRules,
) -> Renamed {
    let mut out = Renamed {
        from: from.clone(),
        ..Default::default()
    };
    for hint in hints {
        if !same_place(&hint.old, &hint.new) {
            out.notes.push(RenameNote::Mismatch(hint.clone()));
            continue;
        }
        if !exists(&out.from, &hint.old) || hint.old == hint.new {
            continue;
        }
        if exists(&out.from, &hint.new) {
            out.notes.push(RenameNote::BothExist(hint.clone()));
            continue;
        }
        rename_in(&mut out.from, hint, rules);
        push_change(&mut out.changes, &out.from, hint);
    }
    for change in &out.changes {
        if let Some(r) = as_rename(change)
            && !exists(to, &r.new)
        {
            out.notes.push(RenameNote::NotDesired(r));
        }
    }
    out
}

/// Whether `object` exists in `cat`.
pub fn exists(cat: &Catalog, object: &ObjectId) -> bool {
    match object {
        ObjectId::Schema(s) => cat.schemas.contains_key(s),
        ObjectId::Table(n) => cat.tables.contains_key(n),
        ObjectId::View(n) => cat.views.contains_key(n),
        ObjectId::Type(n) => cat.types.contains_key(n),
        ObjectId::Index(n) => cat.indexes.contains_key(n),
        ObjectId::Column(t, c) => cat.tables.get(t).is_some_and(|t| t.column(c).is_some()),
        ObjectId::Constraint(t, c) => cat
            .tables
            .get(t)
            .is_some_and(|t| t.constraints.contains_key(c)),
        _ => false,
    }
}

/// A rename keeps the kind, and the schema (or the table, for a column or constraint).
fn same_place(old: &ObjectId, new: &ObjectId) -> bool {
    use ObjectId::*;
    match (old, new) {
        (Schema(_), Schema(_)) => true,
        (Table(a), Table(b)) | (View(a), View(b)) | (Type(a), Type(b)) | (Index(a), Index(b)) => {
            a.schema == b.schema
        }
        (Column(a, _), Column(b, _)) | (Constraint(a, _), Constraint(b, _)) => a == b,
        _ => false,
    }
}

/// Adds the change for `hint`, or extends the rename that produced its old name.
fn push_change(changes: &mut Vec<Change>, renamed: &Catalog, hint: &Rename) {
    if let Some(prev) = changes
        .iter_mut()
        .find(|c| as_rename(c).is_some_and(|r| r.new == hint.old))
    {
        let old = as_rename(prev).expect("a rename").old;
        *prev = change_for(
            renamed,
            &Rename {
                old,
                new: hint.new.clone(),
            },
        );
        return;
    }
    changes.push(change_for(renamed, hint));
}

/// The change that renames `r.old` to `r.new` (`renamed` has the new name already).
fn change_for(renamed: &Catalog, r: &Rename) -> Change {
    use ObjectId::*;
    match (&r.old, &r.new) {
        (Schema(a), Schema(b)) => Change::RenameSchema {
            from: a.clone(),
            to: b.clone(),
        },
        (Table(a), Table(b)) => Change::RenameTable {
            from: a.clone(),
            to: b.clone(),
        },
        (View(a), View(b)) => Change::RenameView {
            from: a.clone(),
            to: b.clone(),
            materialized: renamed.views.get(b).is_some_and(|v| v.materialized),
        },
        (Type(a), Type(b)) => Change::RenameType {
            from: a.clone(),
            to: b.clone(),
            domain: renamed
                .types
                .get(b)
                .is_some_and(|t| matches!(t.kind, TypeKind::Domain { .. })),
        },
        (Index(a), Index(b)) => Change::RenameIndex {
            from: a.clone(),
            to: b.clone(),
        },
        (Column(t, a), Column(_, b)) => Change::RenameColumn {
            table: t.clone(),
            from: a.clone(),
            to: b.clone(),
        },
        (Constraint(t, a), Constraint(_, b)) => Change::RenameConstraint {
            table: t.clone(),
            from: a.clone(),
            to: b.clone(),
        },
        _ => unreachable!("checked by same_place"),
    }
}

/// The rename a change makes, if it is a rename.
pub fn as_rename(change: &Change) -> Option<Rename> {
    use ObjectId::*;
    let (old, new) = match change {
        Change::RenameSchema { from, to } => (Schema(from.clone()), Schema(to.clone())),
        Change::RenameTable { from, to } => (Table(from.clone()), Table(to.clone())),
        Change::RenameView { from, to, .. } => (View(from.clone()), View(to.clone())),
        Change::RenameType { from, to, .. } => (Type(from.clone()), Type(to.clone())),
        Change::RenameIndex { from, to } => (Index(from.clone()), Index(to.clone())),
        Change::RenameColumn { table, from, to } => (
            Column(table.clone(), from.clone()),
            Column(table.clone(), to.clone()),
        ),
        Change::RenameConstraint { table, from, to } => (
            Constraint(table.clone(), from.clone()),
            Constraint(table.clone(), to.clone()),
        ),
        _ => return None,
    };
    Some(Rename { old, new })
}

/// Renames one object in `cat`, with every reference to it.
fn rename_in(cat: &mut Catalog, r: &Rename, rules: &dyn DiffRules) {
    use ObjectId::*;
    match (&r.old, &r.new) {
        (Schema(a), Schema(b)) => {
            let moved = names_in_schema(cat, a);
            if let Some(mut s) = cat.schemas.remove(a) {
                s.name = b.clone();
                cat.schemas.insert(b.clone(), s);
            }
            let (a, b) = (a.clone(), b.clone());
            map_names(cat, true, &|n: &QualName| {
                (n.schema == a).then(|| QualName::new(b.clone(), n.name.clone()))
            });
            // Every qualified name in the schema changes: rewrite each object's texts.
            for old in moved {
                let new = QualName::new(b.clone(), old.name.clone());
                rewrite_texts(cat, &old, &new, rules);
            }
        }
        (Index(a), Index(b)) => {
            let (a2, b2) = (a.clone(), b.clone());
            map_names(cat, false, &|n: &QualName| (n == &a2).then(|| b2.clone()));
            // An index's definition names the index itself, bare.
            if let Some(i) = cat.indexes.get_mut(b)
                && let Some(t) = rules.rename_column_in_text(&i.definition, &a.name, &b.name)
            {
                i.definition = t;
            }
        }
        (Table(a), Table(b)) | (View(a), View(b)) | (Type(a), Type(b)) => {
            let (a2, b2) = (a.clone(), b.clone());
            map_names(cat, false, &|n: &QualName| (n == &a2).then(|| b2.clone()));
            rewrite_texts(cat, a, b, rules);
        }
        (Column(t, a), Column(_, b)) => {
            rename_column(cat, t, a, b);
            rewrite_column_texts(cat, t, a, b, rules);
        }
        (Constraint(t, a), Constraint(_, b)) => rename_constraint(cat, t, a, b),
        _ => {}
    }
}

/// The qualified names of the objects texts can name in `schema`.
fn names_in_schema(cat: &Catalog, schema: &str) -> Vec<QualName> {
    let keys = cat
        .tables
        .keys()
        .chain(cat.views.keys())
        .chain(cat.types.keys())
        .chain(cat.sequences.keys())
        .chain(cat.functions.keys().map(|(n, _)| n));
    let mut names: Vec<QualName> = keys.filter(|n| n.schema == schema).cloned().collect();
    names.dedup();
    names
}

fn rename_column(cat: &mut Catalog, table: &QualName, old: &str, new: &str) {
    let rename = |c: &mut String| {
        if c == old {
            *c = new.to_string();
        }
    };
    if let Some(t) = cat.tables.get_mut(table) {
        t.columns.iter_mut().for_each(|c| rename(&mut c.name));
        for c in t.constraints.values_mut() {
            c.columns.iter_mut().for_each(rename);
        }
    }
    for t in cat.tables.values_mut() {
        for c in t.constraints.values_mut() {
            if let Some(fk) = c.references.as_mut().filter(|fk| &fk.table == table) {
                fk.columns.iter_mut().for_each(rename);
            }
        }
    }
    for s in cat.sequences.values_mut() {
        if let Some((t, c)) = s.owned_by.as_mut().filter(|(t, _)| t == table) {
            let _ = t;
            rename(c);
        }
    }
    let map = |id: &ObjectId| match id {
        ObjectId::Column(t, c) if t == table && c == old => {
            Some(ObjectId::Column(t.clone(), new.to_string()))
        }
        _ => None,
    };
    map_ids(cat, &map);
}

fn rename_constraint(cat: &mut Catalog, table: &QualName, old: &str, new: &str) {
    if let Some(t) = cat.tables.get_mut(table)
        && let Some(mut c) = t.constraints.remove(old)
    {
        c.name = new.to_string();
        t.constraints.insert(new.to_string(), c);
    }
    let map = |id: &ObjectId| match id {
        ObjectId::Constraint(t, c) if t == table && c == old => {
            Some(ObjectId::Constraint(t.clone(), new.to_string()))
        }
        _ => None,
    };
    map_ids(cat, &map);
}

/// Rewrites the dependency edges and grants whose object `f` maps.
fn map_ids(cat: &mut Catalog, f: &dyn Fn(&ObjectId) -> Option<ObjectId>) {
    let mapped = |id: &ObjectId| f(id).unwrap_or_else(|| id.clone());
    cat.dependencies = cat
        .dependencies
        .iter()
        .map(|(a, b)| (mapped(a), mapped(b)))
        .collect();
    cat.grants = std::mem::take(&mut cat.grants)
        .into_iter()
        .map(|mut g| {
            g.object = mapped(&g.object);
            g
        })
        .collect();
}

/// Replaces every qualified name `f` maps, in keys, names and references. Functions and
/// collations have their own namespaces: only a schema rename (`everything`) reaches them.
fn map_names(cat: &mut Catalog, everything: bool, f: &dyn Fn(&QualName) -> Option<QualName>) {
    let m = |n: &mut QualName| {
        if let Some(new) = f(n) {
            *n = new;
        }
    };
    let mo = |n: &mut Option<QualName>| {
        if let Some(n) = n {
            m(n)
        }
    };
    cat.types = remap(std::mem::take(&mut cat.types), &m, |t| &mut t.name);
    if everything {
        for t in cat.types.values_mut() {
            if let TypeKind::Domain { collation, .. } = &mut t.kind {
                mo(collation);
            }
        }
        cat.collations = remap(std::mem::take(&mut cat.collations), &m, |c| &mut c.name);
        let functions = std::mem::take(&mut cat.functions);
        cat.functions = functions
            .into_iter()
            .map(|((mut n, args), mut func)| {
                m(&mut n);
                m(&mut func.name);
                ((n, args), func)
            })
            .collect();
        for e in cat.event_triggers.values_mut() {
            m(&mut e.function);
        }
        let owned = std::mem::take(&mut cat.owned);
        cat.owned = owned
            .into_iter()
            .map(|(mut n, marker)| {
                m(&mut n);
                (n, marker)
            })
            .collect();
    }
    cat.sequences = remap(std::mem::take(&mut cat.sequences), &m, |s| &mut s.name);
    for s in cat.sequences.values_mut() {
        if let Some((t, _)) = &mut s.owned_by {
            m(t);
        }
    }
    cat.tables = remap(std::mem::take(&mut cat.tables), &m, |t| &mut t.name);
    for t in cat.tables.values_mut() {
        for c in &mut t.columns {
            mo(&mut c.default_sequence);
            if everything {
                mo(&mut c.collation);
            }
        }
        for c in t.constraints.values_mut() {
            if let Some(fk) = &mut c.references {
                m(&mut fk.table);
            }
            mo(&mut c.attached_to);
        }
        if let TableExt::Postgres(pg) = &mut t.ext
            && let Some((parent, _)) = &mut pg.partition_of
        {
            m(parent);
        }
    }
    cat.indexes = remap(std::mem::take(&mut cat.indexes), &m, |i| &mut i.name);
    for i in cat.indexes.values_mut() {
        m(&mut i.table);
        mo(&mut i.parent);
    }
    cat.views = remap(std::mem::take(&mut cat.views), &m, |v| &mut v.name);
    let triggers = std::mem::take(&mut cat.triggers);
    cat.triggers = triggers
        .into_iter()
        .map(|((mut t, name), mut trig)| {
            m(&mut t);
            m(&mut trig.table);
            ((t, name), trig)
        })
        .collect();
    map_ids(cat, &|id| map_id(id, everything, f));
}

/// `id` with its qualified names mapped, or `None` when nothing changes.
fn map_id(
    id: &ObjectId,
    everything: bool,
    f: &dyn Fn(&QualName) -> Option<QualName>,
) -> Option<ObjectId> {
    use ObjectId::*;
    match id {
        Collation(n) if everything => f(n).map(Collation),
        Function(n, a) if everything => f(n).map(|n| Function(n, a.clone())),
        Type(n) => f(n).map(Type),
        Sequence(n) => f(n).map(Sequence),
        Table(n) => f(n).map(Table),
        Index(n) => f(n).map(Index),
        View(n) => f(n).map(View),
        Column(t, c) => f(t).map(|t| Column(t, c.clone())),
        Constraint(t, c) => f(t).map(|t| Constraint(t, c.clone())),
        Trigger(t, c) => f(t).map(|t| Trigger(t, c.clone())),
        Policy(t, c) => f(t).map(|t| Policy(t, c.clone())),
        Schema(_) | Extension(_) | EventTrigger(_) | Collation(_) | Function(..) => None,
    }
}

/// A map keyed by qualified name with keys and the objects' own names mapped.
fn remap<V>(
    map: std::collections::BTreeMap<QualName, V>,
    m: &dyn Fn(&mut QualName),
    name: impl Fn(&mut V) -> &mut QualName,
) -> std::collections::BTreeMap<QualName, V> {
    map.into_iter()
        .map(|(mut k, mut v)| {
            m(&mut k);
            m(name(&mut v));
            (k, v)
        })
        .collect()
}

/// Rewrites column `old` of `table` to `new` in the texts about that table alone.
fn rewrite_column_texts(
    cat: &mut Catalog,
    table: &QualName,
    old: &str,
    new: &str,
    rules: &dyn DiffRules,
) {
    let w = |text: &mut String| {
        if let Some(t) = rules.rename_column_in_text(text, old, new) {
            *text = t;
        }
    };
    if let Some(t) = cat.tables.get_mut(table) {
        for c in &mut t.columns {
            c.default
                .iter_mut()
                .chain(c.generated.iter_mut())
                .for_each(w);
        }
        t.constraints
            .values_mut()
            .filter(|c| c.references.is_none())
            .for_each(|c| w(&mut c.definition));
        if let TableExt::Sqlite(s) = &mut t.ext {
            w(&mut s.sql);
        }
    }
    cat.indexes
        .values_mut()
        .filter(|i| &i.table == table)
        .for_each(|i| w(&mut i.definition));
}

/// Rewrites `old` to `new` in the rendered texts that can name it (column types and
/// defaults, constraint, index, view and trigger definitions), as the database does.
fn rewrite_texts(cat: &mut Catalog, old: &QualName, new: &QualName, rules: &dyn DiffRules) {
    let w = |text: &mut String| {
        if let Some(t) = rules.rename_in_text(text, old, new) {
            *text = t;
        }
    };
    let wo = |text: &mut Option<String>| {
        if let Some(t) = text {
            w(t)
        }
    };
    for t in cat.tables.values_mut() {
        for c in &mut t.columns {
            w(&mut c.data_type);
            wo(&mut c.default);
            wo(&mut c.generated);
        }
        for c in t.constraints.values_mut() {
            w(&mut c.definition);
        }
        for p in t.policies.values_mut() {
            wo(&mut p.using);
            wo(&mut p.with_check);
        }
        if let TableExt::Sqlite(s) = &mut t.ext {
            w(&mut s.sql);
        }
    }
    for i in cat.indexes.values_mut() {
        w(&mut i.definition);
    }
    for v in cat.views.values_mut() {
        w(&mut v.definition);
        for (_, ty) in &mut v.columns {
            w(ty);
        }
    }
    for t in cat.triggers.values_mut() {
        w(&mut t.definition);
    }
    for t in cat.types.values_mut() {
        if let TypeKind::Composite { attributes } = &mut t.kind {
            for (_, ty) in attributes {
                w(ty);
            }
        }
    }
}

/// Dropped and added objects that look alike, as renames to offer: tables of the same
/// schema with the same columns (names and types, in order), and in a table both sides
/// have, a dropped and an added column of the same type at the same position. Only
/// unambiguous pairs: an object that matches two others is left alone.
pub fn look_alikes(from: &Catalog, to: &Catalog) -> Vec<Rename> {
    let shape = |t: &Table| -> Vec<(String, String)> {
        t.columns
            .iter()
            .map(|c| (c.name.clone(), c.data_type.clone()))
            .collect()
    };
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.name))
        .collect();
    let added: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.name))
        .collect();
    let alike = |a: &Table, b: &Table| a.name.schema == b.name.schema && shape(a) == shape(b);
    let mut out = Vec::new();
    for d in &dropped {
        let matches: Vec<&&Table> = added.iter().filter(|a| alike(d, a)).collect();
        if let [a] = matches.as_slice()
            && dropped.iter().filter(|x| alike(x, a)).count() == 1
        {
            out.push(Rename {
                old: ObjectId::Table(d.name.clone()),
                new: ObjectId::Table(a.name.clone()),
            });
        }
    }
    for (name, a) in &from.tables {
        let Some(b) = to.tables.get(name) else {
            continue;
        };
        for (i, old) in a.columns.iter().enumerate() {
            let Some(new) = b.columns.get(i) else {
                continue;
            };
            let gone = b.column(&old.name).is_none();
            let fresh = a.column(&new.name).is_none();
            if gone && fresh && old.data_type == new.data_type {
                out.push(Rename {
                    old: ObjectId::Column(name.clone(), old.name.clone()),
                    new: ObjectId::Column(name.clone(), new.name.clone()),
                });
            }
        }
    }
    out
}
