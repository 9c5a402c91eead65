//! Tables: columns, constraints, options, policies.
use crate::compare::comment_change;
use crate::{Change, DiffRules};
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::{
    Catalog, Column, Constraint, ConstraintKind, ObjectId, PgTable, QualName, Sequence, Table,
    Trigger,
};

/// Changes that create a table: the table without its foreign keys (added separately, so
/// that cycles of references can be ordered) and without keys that must not reach its
/// partitions (`ALTER TABLE ONLY`, added once the partitions exist), then those
/// constraints and its policies.
pub(crate) fn create_table(table: &Table, cat: &Catalog) -> Vec<Change> {
    let own = own_constraints(table, cat);
    let later = |c: &Constraint| c.kind == ConstraintKind::ForeignKey || c.only;
    let mut shell = table.clone();
    shell.policies.clear();
    shell.constraints = own
        .iter()
        .filter(|(_, c)| !later(c))
        .map(|(n, c)| (n.clone(), (*c).clone()))
        .collect();
    let mut out = vec![Change::CreateTable(shell)];
    for c in own.values().filter(|c| later(c)) {
        out.push(Change::AddConstraint {
            table: table.name.clone(),
            constraint: (*c).clone(),
        });
    }
    for policy in table.policies.values() {
        out.push(Change::CreatePolicy {
            table: table.name.clone(),
            policy: policy.clone(),
        });
    }
    out
}

/// Changes that drop a table. Foreign keys to other tables that go away too (`gone`:
/// dropped or recreated) are dropped first on their own, so two tables referencing each
/// other can go in any order.
pub(crate) fn drop_table(table: &Table, gone: &BTreeSet<QualName>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut shell = table.clone();
    for (name, c) in &table.constraints {
        let Some(target) = c.references.as_ref().map(|r| &r.table) else {
            continue;
        };
        if c.kind == ConstraintKind::ForeignKey && *target != table.name && gone.contains(target) {
            shell.constraints.remove(name);
            out.push(Change::DropConstraint {
                table: table.name.clone(),
                constraint: c.clone(),
            });
        }
    }
    out.push(Change::DropTable(shell));
    out
}

/// Tables that must be dropped and created again: a changed partition key cannot be
/// altered, and the partitions of such a table go down with it.
pub(crate) fn recreated_tables(from: &Catalog, to: &Catalog) -> BTreeSet<QualName> {
    let mut out: BTreeSet<QualName> = from
        .tables
        .iter()
        .filter(|(n, t)| {
            to.tables
                .get(*n)
                .is_some_and(|u| u.pg_options().partition_key != t.pg_options().partition_key)
        })
        .map(|(n, _)| n.clone())
        .collect();
    loop {
        let more: Vec<QualName> = from
            .tables
            .iter()
            .filter(|(n, t)| {
                !out.contains(*n)
                    && to.tables.contains_key(*n)
                    && t.pg_options()
                        .partition_of
                        .as_ref()
                        .is_some_and(|(p, _)| out.contains(p))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// Drops and creates a table. Sequences it owns would go with it, so they are released
/// first and owned again afterwards.
pub(crate) fn recreate_table(
    from: &Table,
    to: &Table,
    from_cat: &Catalog,
    to_cat: &Catalog,
    gone: &BTreeSet<QualName>,
) -> Vec<Change> {
    let owned: Vec<(&Sequence, &Sequence)> = from_cat
        .sequences
        .values()
        .filter(|s| s.owned_by.as_ref().is_some_and(|(t, _)| *t == from.name))
        .filter_map(|s| Some((s, to_cat.sequences.get(&s.name)?)))
        .collect();
    let unowned = |s: &Sequence| Sequence {
        owned_by: None,
        ..s.clone()
    };
    let mut out: Vec<Change> = owned
        .iter()
        .map(|(s, _)| Change::AlterSequence {
            from: (*s).clone(),
            to: unowned(s),
        })
        .collect();
    out.extend(drop_table(from, gone));
    out.extend(create_table(to, to_cat));
    for (s, after) in owned {
        if after.owned_by.is_some() {
            out.push(Change::AlterSequence {
                from: unowned(s),
                to: after.clone(),
            });
        }
    }
    out
}

/// Changes for a table present on both sides. `cascaded` key constraints go with a
/// dropped partitioned index; the ones `to` has are added back.
pub(crate) fn diff_table(
    from: &Table,
    to: &Table,
    from_cat: &Catalog,
    to_cat: &Catalog,
    cascaded: &BTreeSet<(QualName, String)>,
    rules: &dyn DiffRules,
) -> Vec<Change> {
    let name = &to.name;
    let mut out = Vec::new();
    let mut comments = Vec::new();
    let inherited =
        from.pg_options().partition_of.is_some() && to.pg_options().partition_of.is_some();
    diff_columns(from, to, inherited, &mut out, &mut comments);
    let kept = if from.pg_options().partition_of.is_some() && to.pg_options().partition_of.is_none()
    {
        kept_after_detach(from, from_cat, rules)
    } else {
        BTreeMap::new()
    };
    let mut before = own_constraints(from, from_cat);
    before.retain(|n, _| !cascaded.contains(&(name.clone(), n.clone())));
    before.extend(kept.iter().map(|(n, c)| (n.clone(), c)));
    diff_constraints(
        name,
        &before,
        &own_constraints(to, to_cat),
        &mut out,
        &mut comments,
    );
    if !same_options(from.pg_options(), to.pg_options()) {
        out.push(Change::AlterTableOptions {
            table: name.clone(),
            from: from.pg_options().clone(),
            to: to.pg_options().clone(),
        });
    }
    diff_policies(from, to, &mut out, &mut comments);
    comment_change(
        ObjectId::Table(name.clone()),
        &from.comment,
        &to.comment,
        &mut comments,
    );
    if out.is_empty() && from.sqlite().zip(to.sqlite()).is_some_and(|(a, b)| a != b) {
        // Something only SQLite's own text shows (a clause the model does not spell out).
        out.push(Change::RebuildTable {
            from: from.clone(),
            to: to.clone(),
        });
    }
    out.extend(comments);
    out
}

fn diff_columns(
    from: &Table,
    to: &Table,
    inherited: bool,
    out: &mut Vec<Change>,
    comments: &mut Vec<Change>,
) {
    let name = &to.name;
    for col in &from.columns {
        if to.column(&col.name).is_none() && !inherited {
            out.push(Change::DropColumn {
                table: name.clone(),
                column: col.clone(),
            });
        }
    }
    for col in &to.columns {
        match from.column(&col.name) {
            None if !inherited => out.push(Change::AddColumn {
                table: name.clone(),
                column: col.clone(),
            }),
            None => {}
            Some(old) => {
                if !inherited && !same_ignoring_comment(old, col) {
                    out.extend(alter_column(name, old, col));
                }
                comment_change(
                    ObjectId::Column(name.clone(), col.name.clone()),
                    &old.comment,
                    &col.comment,
                    comments,
                );
            }
        }
    }
}

/// One AlterColumn, or two when an identity gives way to a default: the identity's own
/// sequence must be gone before a sequence of the same name can be created for the
/// default (identity to serial keeps the name `table_column_seq`).
fn alter_column(table: &QualName, from: &Column, to: &Column) -> Vec<Change> {
    let alter = |a: &Column, b: &Column| Change::AlterColumn {
        table: table.clone(),
        from: a.clone(),
        to: b.clone(),
    };
    if from.identity.is_some() && to.identity.is_none() && to.default.is_some() {
        let plain = Column {
            identity: None,
            ..from.clone()
        };
        return vec![alter(from, &plain), alter(&plain, to)];
    }
    vec![alter(from, to)]
}

/// Storage parameters are a set: the server keeps them in the order they were set.
fn same_options(a: &PgTable, b: &PgTable) -> bool {
    let sorted = |o: &PgTable| {
        let mut o = o.clone();
        o.reloptions.sort();
        o
    };
    sorted(a) == sorted(b)
}

/// The copies of its parent's constraints a partition keeps as its own once detached:
/// under the names [`DiffRules::detached_constraint_name`] gives them.
fn kept_after_detach(
    part: &Table,
    cat: &Catalog,
    rules: &dyn DiffRules,
) -> BTreeMap<String, Constraint> {
    let Some(parent) = parent_of(part, cat) else {
        return BTreeMap::new();
    };
    parent
        .constraints
        .values()
        .map(|c| {
            let name = rules.detached_constraint_name(&part.name, c);
            let copy = Constraint {
                name: name.clone(),
                comment: None,
                only: false,
                attached_to: None,
                ..c.clone()
            };
            (name, copy)
        })
        .collect()
}

fn same_ignoring_comment(a: &Column, b: &Column) -> bool {
    Column {
        comment: None,
        ..a.clone()
    } == Column {
        comment: None,
        ..b.clone()
    }
}

fn diff_constraints(
    table: &QualName,
    from: &BTreeMap<String, &Constraint>,
    to: &BTreeMap<String, &Constraint>,
    out: &mut Vec<Change>,
    comments: &mut Vec<Change>,
) {
    let drop = |c: &Constraint| Change::DropConstraint {
        table: table.clone(),
        constraint: c.clone(),
    };
    let add = |c: &Constraint| Change::AddConstraint {
        table: table.clone(),
        constraint: c.clone(),
    };
    for (name, old) in from {
        if !to.contains_key(name) {
            out.push(drop(old));
        }
    }
    for (name, new) in to {
        match from.get(name) {
            None => out.push(add(new)),
            Some(old) => {
                let same = old.kind == new.kind
                    && old.definition == new.definition
                    && old.columns == new.columns
                    && old.references == new.references
                    && old.only == new.only;
                if same {
                    comment_change(
                        ObjectId::Constraint(table.clone(), name.clone()),
                        &old.comment,
                        &new.comment,
                        comments,
                    );
                } else {
                    out.push(drop(old));
                    out.push(add(new));
                }
            }
        }
    }
}

fn diff_policies(from: &Table, to: &Table, out: &mut Vec<Change>, comments: &mut Vec<Change>) {
    let table = &to.name;
    for (name, old) in &from.policies {
        if !to.policies.contains_key(name) {
            out.push(Change::DropPolicy {
                table: table.clone(),
                policy: old.clone(),
            });
        }
    }
    for (name, new) in &to.policies {
        let create = Change::CreatePolicy {
            table: table.clone(),
            policy: new.clone(),
        };
        match from.policies.get(name) {
            None => out.push(create),
            Some(old) => {
                let mut a = old.clone();
                a.comment = new.comment.clone();
                if a != *new {
                    out.push(Change::DropPolicy {
                        table: table.clone(),
                        policy: old.clone(),
                    });
                    out.push(create);
                } else {
                    comment_change(
                        ObjectId::Policy(table.clone(), name.clone()),
                        &old.comment,
                        &new.comment,
                        comments,
                    );
                }
            }
        }
    }
}

/// The constraints a table declares itself. A partition's copies of its parent's
/// constraints (same name or same definition) come and go with the parent, so they are
/// left out on both sides of a diff.
pub(crate) fn own_constraints<'a>(
    table: &'a Table,
    cat: &'a Catalog,
) -> BTreeMap<String, &'a Constraint> {
    let parent = parent_of(table, cat);
    table
        .constraints
        .iter()
        .filter(|(name, c)| {
            parent.is_none_or(|p| {
                !p.constraints
                    .values()
                    .any(|pc| pc.name == **name || pc.definition == c.definition)
            })
        })
        .map(|(n, c)| (n.clone(), c))
        .collect()
}

fn parent_of<'a>(table: &Table, cat: &'a Catalog) -> Option<&'a Table> {
    let (parent, _) = table.pg_options().partition_of.as_ref()?;
    cat.tables.get(parent)
}

/// Whether a trigger on a partition is the clone of a row trigger on its parent.
pub(crate) fn is_inherited_trigger(trigger: &Trigger, cat: &Catalog) -> bool {
    let Some(table) = cat.tables.get(&trigger.table) else {
        return false;
    };
    let Some(parent) = parent_of(table, cat) else {
        return false;
    };
    cat.triggers
        .contains_key(&(parent.name.clone(), trigger.name.clone()))
}
