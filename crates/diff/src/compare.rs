use crate::indexes::{Partitioned, diff_indexes, relation_kept};
use crate::tables::{
    create_table, diff_table, drop_table, is_inherited_trigger, recreate_table, recreated_tables,
};
use crate::types::{diff_type, replace_enums_whose_new_labels_are_used};
use crate::{Change, DiffRules};
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::*;

/// Lists the changes that turn `from` into `to`, in a stable (not yet dependency) order.
///
/// Objects are matched by name. Comment-only differences become [`Change::SetComment`] and
/// never recreate an object; created objects carry their comments. Objects that die with
/// their owner (a dropped table's indexes, triggers and grants) get no changes of their own.
/// `rules` says what the target database can do in place.
pub fn diff(from: &Catalog, to: &Catalog, rules: &dyn DiffRules) -> Vec<Change> {
    let mut out = Vec::new();
    let partitioned = Partitioned::new(from, to, &recreated_tables(from, to), rules);
    let pair = Pair {
        from,
        to,
        rules,
        partitioned: &partitioned,
    };
    for kind in Kind::ALL {
        pair.diff(kind, &mut out);
    }
    let mut out = replace_enums_whose_new_labels_are_used(out, from, to, rules);
    diff_grants(from, to, &mut out);
    out
}

/// The two catalogs and what the diff of each kind needs besides them.
struct Pair<'a> {
    from: &'a Catalog,
    to: &'a Catalog,
    rules: &'a dyn DiffRules,
    partitioned: &'a Partitioned,
}

impl Pair<'_> {
    /// Pushes the changes to objects of one kind.
    fn diff(&self, kind: Kind, out: &mut Vec<Change>) {
        let (from, to, rules) = (self.from, self.to, self.rules);
        match kind {
            Kind::Schema => diff_schemas(from, to, out),
            Kind::Extension => diff_extensions(from, to, out),
            Kind::Collation => diff_collations(from, to, out),
            Kind::Type => diff_types(from, to, rules, out),
            Kind::Sequence => diff_sequences(from, to, out),
            Kind::Table => diff_tables(from, to, &self.partitioned.cascaded_keys(), rules, out),
            // Diffed with their table: a table's parts change in one pass over it.
            Kind::Column | Kind::Constraint | Kind::Policy => {}
            Kind::Index => diff_indexes(from, to, self.partitioned, rules, out),
            Kind::View => diff_views(from, to, out),
            Kind::Function => diff_functions(from, to, rules, out),
            Kind::Trigger => diff_triggers(from, to, out),
            Kind::EventTrigger => diff_event_triggers(from, to, out),
        }
    }
}

/// Pushes a [`Change::SetComment`] when the comment differs.
pub(crate) fn comment_change(
    target: ObjectId,
    from: &Option<String>,
    to: &Option<String>,
    out: &mut Vec<Change>,
) {
    if from != to {
        out.push(Change::SetComment {
            target,
            comment: to.clone(),
        });
    }
}

/// Calls `f(key, from, to)` for every key of either map, in key order.
fn each_pair<'a, K: Ord, V>(
    from: &'a BTreeMap<K, V>,
    to: &'a BTreeMap<K, V>,
    mut f: impl FnMut(&'a K, Option<&'a V>, Option<&'a V>),
) {
    let keys: BTreeSet<&K> = from.keys().chain(to.keys()).collect();
    for k in keys {
        f(k, from.get(k), to.get(k));
    }
}

fn diff_schemas(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(&from.schemas, &to.schemas, |name, a, b| match (a, b) {
        (Some(a), None) => out.push(Change::DropSchema(a.clone())),
        (None, Some(b)) => out.push(Change::CreateSchema(b.clone())),
        (Some(a), Some(b)) => {
            comment_change(ObjectId::Schema(name.clone()), &a.comment, &b.comment, out)
        }
        (None, None) => {}
    });
}

fn diff_extensions(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(&from.extensions, &to.extensions, |_, a, b| match (a, b) {
        (Some(a), None) => out.push(Change::DropExtension(a.clone())),
        (None, Some(b)) => out.push(Change::CreateExtension(b.clone())),
        (Some(a), Some(b)) if a != b => out.push(Change::AlterExtension {
            from: a.clone(),
            to: b.clone(),
        }),
        _ => {}
    });
}

/// A collation cannot be altered: another definition drops and creates it.
fn diff_collations(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(&from.collations, &to.collations, |name, a, b| {
        match (a, b) {
            (Some(a), None) => out.push(Change::DropCollation(a.clone())),
            (None, Some(b)) => out.push(Change::CreateCollation(b.clone())),
            (Some(a), Some(b)) if a.definition != b.definition => {
                out.push(Change::DropCollation(a.clone()));
                out.push(Change::CreateCollation(b.clone()));
            }
            (Some(a), Some(b)) => comment_change(
                ObjectId::Collation(name.clone()),
                &a.comment,
                &b.comment,
                out,
            ),
            (None, None) => {}
        }
    });
}

fn diff_types(from: &Catalog, to: &Catalog, rules: &dyn DiffRules, out: &mut Vec<Change>) {
    each_pair(&from.types, &to.types, |name, a, b| match (a, b) {
        (Some(a), None) => out.push(Change::DropType(a.clone())),
        (None, Some(b)) => out.push(Change::CreateType(b.clone())),
        (Some(a), Some(b)) => {
            out.extend(diff_type(a, b, from, to, rules));
            comment_change(ObjectId::Type(name.clone()), &a.comment, &b.comment, out);
        }
        (None, None) => {}
    });
}

fn diff_sequences(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(&from.sequences, &to.sequences, |name, a, b| match (a, b) {
        (Some(a), None) => {
            // A sequence owned by a column that goes away is dropped with it.
            if !a
                .owned_by
                .as_ref()
                .is_some_and(|owner| column_dropped(owner, to))
            {
                out.push(Change::DropSequence(a.clone()));
            }
        }
        (None, Some(b)) => {
            // OWNED BY needs the table, which may need the sequence for its default:
            // create the sequence unowned and set the owner in a later change.
            let unowned = Sequence {
                owned_by: None,
                ..b.clone()
            };
            out.push(Change::CreateSequence(unowned.clone()));
            if b.owned_by.is_some() {
                out.push(Change::AlterSequence {
                    from: unowned,
                    to: b.clone(),
                });
            }
        }
        (Some(a), Some(b)) => {
            if a.options != b.options || a.owned_by != b.owned_by {
                out.push(Change::AlterSequence {
                    from: a.clone(),
                    to: b.clone(),
                });
            }
            comment_change(
                ObjectId::Sequence(name.clone()),
                &a.comment,
                &b.comment,
                out,
            );
        }
        (None, None) => {}
    });
}

fn column_dropped((table, column): &(QualName, String), to: &Catalog) -> bool {
    to.tables
        .get(table)
        .is_none_or(|t| t.column(column).is_none())
}

/// `cascaded`: key constraints of partitions that go with a dropped partitioned index.
fn diff_tables(
    from: &Catalog,
    to: &Catalog,
    cascaded: &BTreeSet<(QualName, String)>,
    rules: &dyn DiffRules,
    out: &mut Vec<Change>,
) {
    let recreated = recreated_tables(from, to);
    let gone: BTreeSet<QualName> = from
        .tables
        .keys()
        .filter(|n| !to.tables.contains_key(*n) || recreated.contains(*n))
        .cloned()
        .collect();
    each_pair(&from.tables, &to.tables, |name, a, b| match (a, b) {
        (Some(a), None) => out.extend(drop_table(a, &gone)),
        (None, Some(b)) => out.extend(create_table(b, to)),
        (Some(a), Some(b)) if recreated.contains(name) => {
            out.extend(recreate_table(a, b, from, to, &gone))
        }
        (Some(a), Some(b)) => out.extend(diff_table(a, b, from, to, cascaded, rules)),
        (None, None) => {}
    });
}

fn diff_views(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(&from.views, &to.views, |name, a, b| match (a, b) {
        (Some(a), None) => out.push(Change::DropView(a.clone())),
        (None, Some(b)) => out.push(Change::CreateView(b.clone())),
        (Some(a), Some(b)) => {
            let same = a.definition == b.definition
                && a.options == b.options
                && a.materialized == b.materialized
                && a.columns == b.columns;
            if !same {
                if can_replace_view(a, b) {
                    out.push(Change::ReplaceView {
                        from: a.clone(),
                        to: b.clone(),
                    });
                    // CREATE OR REPLACE leaves the comment alone.
                    comment_change(ObjectId::View(name.clone()), &a.comment, &b.comment, out);
                } else {
                    out.push(Change::DropView(a.clone()));
                    out.push(Change::CreateView(b.clone()));
                }
            } else if a.comment != b.comment {
                out.push(if b.materialized {
                    Change::SetMaterializedViewComment {
                        name: name.clone(),
                        comment: b.comment.clone(),
                    }
                } else {
                    Change::SetComment {
                        target: ObjectId::View(name.clone()),
                        comment: b.comment.clone(),
                    }
                });
            }
        }
        (None, None) => {}
    });
}

/// CREATE OR REPLACE VIEW keeps existing columns (names and types) and may only add new
/// ones at the end; materialized views cannot be replaced at all.
fn can_replace_view(a: &View, b: &View) -> bool {
    !a.materialized
        && !b.materialized
        && a.columns.len() <= b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| x == y)
}

fn diff_functions(from: &Catalog, to: &Catalog, rules: &dyn DiffRules, out: &mut Vec<Change>) {
    each_pair(
        &from.functions,
        &to.functions,
        |(name, args), a, b| match (a, b) {
            (Some(a), None) => out.push(Change::DropFunction(a.clone())),
            (None, Some(b)) => out.push(Change::CreateFunction(b.clone())),
            (Some(a), Some(b)) => {
                if a.definition != b.definition
                    || a.returns != b.returns
                    || a.procedure != b.procedure
                {
                    if rules.can_replace_function(a, b) {
                        out.push(Change::ReplaceFunction {
                            from: a.clone(),
                            to: b.clone(),
                        });
                        comment_change(
                            ObjectId::Function(name.clone(), args.clone()),
                            &a.comment,
                            &b.comment,
                            out,
                        );
                    } else {
                        out.push(Change::DropFunction(a.clone()));
                        out.push(Change::CreateFunction(b.clone()));
                    }
                } else {
                    comment_change(
                        ObjectId::Function(name.clone(), args.clone()),
                        &a.comment,
                        &b.comment,
                        out,
                    );
                }
            }
            (None, None) => {}
        },
    );
}

fn diff_triggers(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    let own = |cat: &Catalog| -> BTreeMap<(QualName, String), Trigger> {
        cat.triggers
            .iter()
            .filter(|(_, t)| !is_inherited_trigger(t, cat))
            .map(|(k, t)| (k.clone(), t.clone()))
            .collect()
    };
    let (old, new) = (own(from), own(to));
    each_pair(&old, &new, |(table, name), a, b| match (a, b) {
        (Some(a), None) => {
            if relation_kept(table, to) {
                out.push(Change::DropTrigger(a.clone()));
            }
        }
        (None, Some(b)) => out.push(Change::CreateTrigger(b.clone())),
        (Some(a), Some(b)) => {
            if a.definition != b.definition {
                out.push(Change::DropTrigger(a.clone()));
                out.push(Change::CreateTrigger(b.clone()));
                return;
            }
            if a.enabled != b.enabled {
                out.push(Change::AlterTriggerEnabled {
                    from: a.clone(),
                    to: b.clone(),
                });
            }
            comment_change(
                ObjectId::Trigger(table.clone(), name.clone()),
                &a.comment,
                &b.comment,
                out,
            );
        }
        (None, None) => {}
    });
}

/// An event trigger can only be enabled or disabled in place: another event, tag list or
/// function drops and creates it.
fn diff_event_triggers(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    each_pair(
        &from.event_triggers,
        &to.event_triggers,
        |name, a, b| match (a, b) {
            (Some(a), None) => out.push(Change::DropEventTrigger(a.clone())),
            (None, Some(b)) => out.push(Change::CreateEventTrigger(b.clone())),
            (Some(a), Some(b))
                if a.event != b.event || a.tags != b.tags || a.function != b.function =>
            {
                out.push(Change::DropEventTrigger(a.clone()));
                out.push(Change::CreateEventTrigger(b.clone()));
            }
            (Some(a), Some(b)) => {
                if a.enabled != b.enabled {
                    out.push(Change::AlterEventTriggerEnabled {
                        from: a.clone(),
                        to: b.clone(),
                    });
                }
                comment_change(
                    ObjectId::EventTrigger(name.clone()),
                    &a.comment,
                    &b.comment,
                    out,
                );
            }
            (None, None) => {}
        },
    );
}

/// Grants by set difference. Objects dropped here lose their grants with them (no
/// REVOKE); objects recreated here get all their grants again.
fn diff_grants(from: &Catalog, to: &Catalog, out: &mut Vec<Change>) {
    let recreated = recreated_objects(out);
    // Grants may name a view as a table; a column grant goes with its relation.
    let is_recreated = |id: &ObjectId| match id {
        ObjectId::Table(n) | ObjectId::View(n) | ObjectId::Column(n, _) => {
            recreated.contains(&ObjectId::Table(n.clone()))
                || recreated.contains(&ObjectId::View(n.clone()))
        }
        other => recreated.contains(other),
    };
    for g in from.grants.difference(&to.grants) {
        if exists(&g.object, to) && !is_recreated(&g.object) {
            out.push(Change::Revoke(g.clone()));
        }
    }
    for g in &to.grants {
        if !from.grants.contains(g) || is_recreated(&g.object) {
            out.push(Change::Grant(g.clone()));
        }
    }
}

/// Objects both dropped and created by `changes`; a replaced type counts too, since its
/// replacement is a new type.
fn recreated_objects(changes: &[Change]) -> BTreeSet<ObjectId> {
    let mut dropped = BTreeSet::new();
    let mut created = BTreeSet::new();
    let mut replaced = BTreeSet::new();
    for c in changes {
        match c {
            Change::DropTable(t) => dropped.insert(ObjectId::Table(t.name.clone())),
            Change::CreateTable(t) => created.insert(ObjectId::Table(t.name.clone())),
            Change::DropView(v) => dropped.insert(ObjectId::View(v.name.clone())),
            Change::CreateView(v) => created.insert(ObjectId::View(v.name.clone())),
            Change::DropFunction(f) => dropped.insert(function_id(f)),
            Change::CreateFunction(f) => created.insert(function_id(f)),
            Change::ReplaceType { to, .. } => replaced.insert(ObjectId::Type(to.name.clone())),
            _ => false,
        };
    }
    dropped
        .intersection(&created)
        .cloned()
        .chain(replaced)
        .collect()
}

fn function_id(f: &Function) -> ObjectId {
    ObjectId::Function(f.name.clone(), f.identity_args.clone())
}

/// Whether the object a grant is on exists in `cat`.
fn exists(id: &ObjectId, cat: &Catalog) -> bool {
    match id {
        ObjectId::Schema(s) => cat.schemas.contains_key(s),
        ObjectId::Extension(e) => cat.extensions.contains_key(e),
        ObjectId::Collation(n) => cat.collations.contains_key(n),
        ObjectId::Type(n) => cat.types.contains_key(n),
        ObjectId::Sequence(n) => cat.sequences.contains_key(n),
        ObjectId::Table(n) => cat.tables.contains_key(n) || cat.views.contains_key(n),
        ObjectId::View(n) => cat.views.contains_key(n),
        ObjectId::Column(t, c) => {
            cat.tables.get(t).is_some_and(|t| t.column(c).is_some())
                || cat
                    .views
                    .get(t)
                    .is_some_and(|v| v.columns.iter().any(|(n, _)| n == c))
        }
        ObjectId::Constraint(t, c) => cat
            .tables
            .get(t)
            .is_some_and(|t| t.constraints.contains_key(c)),
        ObjectId::Index(n) => cat.indexes.contains_key(n),
        ObjectId::Function(n, a) => cat.functions.contains_key(&(n.clone(), a.clone())),
        ObjectId::Trigger(t, n) => cat.triggers.contains_key(&(t.clone(), n.clone())),
        ObjectId::Policy(t, n) => cat
            .tables
            .get(t)
            .is_some_and(|t| t.policies.contains_key(n)),
        ObjectId::EventTrigger(n) => cat.event_triggers.contains_key(n),
    }
}
