//! Indexes, and how partitioning ties them together: an index on a partitioned table
//! covers the partitions through one index per partition attached to it (its children).
//!
//! How the plan reaches the attachments `to` asks for:
//! - A partitioned index that is created gets its partitions' indexes created first under
//!   the wanted names (unless they exist), so `CREATE INDEX` attaches them instead of
//!   making its own; created on the parent only, it attaches them one by one.
//! - A partitioned index that stays gets missing partitions attached (ATTACH PARTITION)
//!   and its children renamed where `to` names them differently. When a partition must
//!   leave it, it is dropped and created again: PostgreSQL cannot detach an index.
//! - A dropped partitioned index takes its children with it, key constraints included
//!   (DROP INDEX .. CASCADE); the diff of tables adds back the constraints that stay.
//! - A new partition, or a table that becomes one, gets its parent's indexes from the
//!   server (PARTITION OF, ATTACH PARTITION), which attaches an index the table already
//!   has and makes the missing ones under names it picks.
use crate::compare::comment_change;
use crate::{Change, DiffRules};
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::{Catalog, Index, ObjectId, QualName};

/// One partition's share of a partitioned index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Child {
    /// An index attached to it.
    Index(QualName),
    /// A key constraint of the partition (table, name) whose index is attached to it.
    Key(QualName, String),
}

/// The children of each partitioned index, by partition.
type Children = BTreeMap<QualName, BTreeMap<QualName, Child>>;

fn children(cat: &Catalog) -> Children {
    let mut out: Children = BTreeMap::new();
    for i in cat.indexes.values() {
        if let Some(parent) = &i.parent {
            out.entry(parent.clone())
                .or_default()
                .insert(i.table.clone(), Child::Index(i.name.clone()));
        }
    }
    for t in cat.tables.values() {
        for c in t.constraints.values() {
            if let Some(parent) = &c.attached_to {
                out.entry(parent.clone())
                    .or_default()
                    .insert(t.name.clone(), Child::Key(t.name.clone(), c.name.clone()));
            }
        }
    }
    out
}

/// What happens to the partitioned indexes, worked out once for the whole diff.
pub(crate) struct Partitioned {
    from_children: Children,
    to_children: Children,
    /// Partitioned indexes of `from` that the plan drops while their table stays.
    dropped: BTreeSet<QualName>,
    /// Partitioned indexes of `to` that the plan creates (new, or dropped first).
    created: BTreeSet<QualName>,
    /// Partitioned indexes of partitions that go with a dropped parent index.
    gone_with_parent: BTreeSet<QualName>,
    /// Tables dropped and created again: their indexes go with them, and the dependents
    /// pass of the plan makes them again.
    recreated_tables: BTreeSet<QualName>,
}

impl Partitioned {
    /// `recreated`: tables the plan drops and creates again; their indexes go with them
    /// and the dependents pass makes them again.
    pub(crate) fn new(
        from: &Catalog,
        to: &Catalog,
        recreated: &BTreeSet<QualName>,
        rules: &dyn DiffRules,
    ) -> Self {
        let mut p = Partitioned {
            from_children: children(from),
            to_children: children(to),
            dropped: BTreeSet::new(),
            created: BTreeSet::new(),
            gone_with_parent: BTreeSet::new(),
            recreated_tables: recreated.clone(),
        };
        for (name, a) in &from.indexes {
            if !is_partitioned(a, from) {
                continue;
            }
            if recreated.contains(&a.table) {
                p.gone_with_parent.insert(name.clone());
                continue;
            }
            // On a dropped table it goes with the table, unless its name is taken again:
            // then it is dropped first, so the new one waits for it.
            let table_kept = to.tables.contains_key(&a.table);
            match to.indexes.get(name).filter(|b| is_partitioned(b, to)) {
                None if !table_kept && !to.indexes.contains_key(name) => {}
                None => {
                    p.dropped.insert(name.clone());
                }
                Some(b) if !table_kept || p.must_recreate(a, b, from, to, rules) => {
                    p.dropped.insert(name.clone());
                    p.created.insert(name.clone());
                }
                Some(_) => {}
            }
        }
        p.take_down_descendants(from, to);
        for (name, b) in &to.indexes {
            // Kept or replaced ones were settled above.
            let was_partitioned = from
                .indexes
                .get(name)
                .is_some_and(|a| is_partitioned(a, from));
            if is_partitioned(b, to) && !was_partitioned && !recreated.contains(&b.table) {
                p.created.insert(name.clone());
            }
        }
        p
    }

    /// A sub-partitioned partition's index goes down with the index it is attached to.
    fn take_down_descendants(&mut self, from: &Catalog, to: &Catalog) {
        let mut todo: Vec<QualName> = self
            .dropped
            .union(&self.gone_with_parent)
            .cloned()
            .collect();
        while let Some(parent) = todo.pop() {
            for child in self
                .from_children
                .get(&parent)
                .into_iter()
                .flat_map(|c| c.values())
            {
                let Child::Index(q) = child else { continue };
                if from.indexes.get(q).is_some_and(|i| is_partitioned(i, from))
                    && self.gone_with_parent.insert(q.clone())
                {
                    self.dropped.remove(q);
                    if to.indexes.contains_key(q) {
                        self.created.insert(q.clone());
                    }
                    todo.push(q.clone());
                }
            }
        }
    }

    /// Whether an attached index of `from` ends up on its own: its partition leaves the
    /// table (DETACH keeps the partition's indexes) before anything drops its parent.
    fn leaves_unattached(&self, i: &Index, from: &Catalog, to: &Catalog) -> bool {
        parent_table(&i.table, to) != parent_table(&i.table, from)
            && i.parent.as_ref().is_some_and(|parent| !self.goes(parent))
    }

    /// Whether the plan takes this index of `from` down.
    fn goes(&self, name: &QualName) -> bool {
        self.dropped.contains(name) || self.gone_with_parent.contains(name)
    }

    /// The key constraints attached under `parent`, at any depth.
    fn keys_under(&self, parent: &QualName) -> Vec<(QualName, String)> {
        let mut out = Vec::new();
        for child in self
            .from_children
            .get(parent)
            .into_iter()
            .flat_map(|c| c.values())
        {
            match child {
                Child::Key(t, n) => out.push((t.clone(), n.clone())),
                Child::Index(q) if self.gone_with_parent.contains(q) => {
                    out.extend(self.keys_under(q))
                }
                Child::Index(_) => {}
            }
        }
        out
    }

    /// Key constraints of `from` that go with a dropped partitioned index.
    pub(crate) fn cascaded_keys(&self) -> BTreeSet<(QualName, String)> {
        self.dropped
            .iter()
            .flat_map(|p| self.keys_under(p))
            .collect()
    }

    /// Whether `a` cannot become `b` in place: another definition, or a partition that
    /// stays attached to the table but must leave the index or switch to another child.
    fn must_recreate(
        &self,
        a: &Index,
        b: &Index,
        from: &Catalog,
        to: &Catalog,
        rules: &dyn DiffRules,
    ) -> bool {
        if !rules.same_partitioned_index(a, b) || a.unique != b.unique || a.table != b.table {
            return true;
        }
        let none = BTreeMap::new();
        let before = self.from_children.get(&a.name).unwrap_or(&none);
        let after = self.to_children.get(&b.name).unwrap_or(&none);
        let joins_wrongly = after.iter().any(|(part, t)| {
            !stays_attached(part, &b.table, from, to) && !server_picks(b, part, t, from, rules)
        });
        joins_wrongly
            || before.iter().any(|(part, f)| {
                if !stays_attached(part, &a.table, from, to) {
                    return false;
                }
                match (f, after.get(part)) {
                    (_, None) => true,
                    (f, Some(t)) if f == t => false,
                    // A rename, unless the new name is taken.
                    (Child::Index(_), Some(Child::Index(m))) => from.indexes.contains_key(m),
                    _ => true,
                }
            })
    }
}

/// Whether the server, attaching a joining partition (PARTITION OF, ATTACH PARTITION),
/// gives `parent` the child `to` wants. It attaches the matching index the partition had
/// first, or makes a new one; it never picks a key constraint made with the partition.
fn server_picks(
    parent: &Index,
    part: &QualName,
    child: &Child,
    from: &Catalog,
    rules: &dyn DiffRules,
) -> bool {
    let Child::Index(wanted) = child else {
        return false;
    };
    !from.indexes.values().any(|i| {
        i.table == *part
            && i.name != *wanted
            && i.parent.is_none()
            && i.unique == parent.unique
            && rules.same_index_shape(i, parent)
    })
}

/// Whether the index is on a partitioned table.
fn is_partitioned(i: &Index, cat: &Catalog) -> bool {
    cat.tables
        .get(&i.table)
        .is_some_and(|t| t.pg_options().partition_key.is_some())
}

fn parent_table<'a>(table: &QualName, cat: &'a Catalog) -> Option<&'a QualName> {
    let t = cat.tables.get(table)?;
    t.pg_options().partition_of.as_ref().map(|(p, _)| p)
}

/// Whether `part` is a partition of `table` on both sides.
fn stays_attached(part: &QualName, table: &QualName, from: &Catalog, to: &Catalog) -> bool {
    parent_table(part, from) == Some(table) && parent_table(part, to) == Some(table)
}

/// Changes for every index.
pub(crate) fn diff_indexes(
    from: &Catalog,
    to: &Catalog,
    p: &Partitioned,
    rules: &dyn DiffRules,
    out: &mut Vec<Change>,
) {
    let mut shares = Shares {
        from,
        to,
        p,
        rules,
        claimed: BTreeSet::new(),
        out: Vec::new(),
    };
    for (name, b) in &to.indexes {
        if !is_partitioned(b, to) {
            continue;
        }
        if p.created.contains(name) {
            shares.of_created(b);
        } else if from
            .indexes
            .get(name)
            .is_some_and(|a| is_partitioned(a, from))
        {
            shares.of_kept(b);
        }
    }
    partitioned_indexes(from, to, p, rules, out);
    plain_indexes(from, to, p, &shares.claimed, out);
    out.extend(shares.out);
}

/// Drops and creates of the partitioned indexes themselves.
fn partitioned_indexes(
    from: &Catalog,
    to: &Catalog,
    p: &Partitioned,
    rules: &dyn DiffRules,
    out: &mut Vec<Change>,
) {
    for name in &p.dropped {
        let index = from.indexes[name].clone();
        let keys = p.keys_under(name);
        out.push(if keys.is_empty() {
            Change::DropIndex(index)
        } else {
            Change::DropIndexCascade {
                index,
                constraints: keys,
            }
        });
    }
    for name in &p.created {
        out.push(Change::CreateIndex(rules.on_parent_only(&to.indexes[name])));
    }
    for (name, b) in &to.indexes {
        if let Some(a) = from.indexes.get(name)
            && is_partitioned(b, to)
            && is_partitioned(a, from)
            && !p.created.contains(name)
        {
            comment_change(ObjectId::Index(name.clone()), &a.comment, &b.comment, out);
        }
    }
}

/// Works out the changes for the children (shares) of partitioned indexes.
struct Shares<'a> {
    from: &'a Catalog,
    to: &'a Catalog,
    p: &'a Partitioned,
    rules: &'a dyn DiffRules,
    /// Indexes of `from` that become children without being dropped.
    claimed: BTreeSet<QualName>,
    out: Vec<Change>,
}

impl Shares<'_> {
    /// The children of a partitioned index the plan creates. The index is created on
    /// the parent only and each child is created (unless it exists) and attached: left to
    /// itself, `CREATE INDEX` would attach whichever matching index a partition has first.
    fn of_created(&mut self, b: &Index) {
        let p = self.p;
        for child in p
            .to_children
            .get(&b.name)
            .into_iter()
            .flat_map(|c| c.values())
        {
            if let Child::Index(m) = child
                && !p.created.contains(m)
            {
                self.provide(m);
            }
            self.out.push(attach(&b.name, child));
        }
    }

    /// The children of a partitioned index that stays: attach the missing ones and
    /// rename the ones named differently. Partitions that join the table get theirs from
    /// the server.
    fn of_kept(&mut self, b: &Index) {
        let p = self.p;
        let none = BTreeMap::new();
        let before = p.from_children.get(&b.name).unwrap_or(&none);
        let after = p.to_children.get(&b.name).unwrap_or(&none);
        for (part, t) in after {
            if !stays_attached(part, &b.table, self.from, self.to) {
                if let Child::Index(m) = t
                    && self.reusable(m)
                {
                    self.claimed.insert(m.clone());
                }
                continue;
            }
            match (before.get(part), t) {
                (Some(f), t) if f == t => {}
                (Some(Child::Index(n)), Child::Index(m)) => self.out.push(Change::RenameIndex {
                    from: n.clone(),
                    to: m.clone(),
                }),
                (_, Child::Index(m)) => {
                    self.provide(m);
                    self.out.push(attach(&b.name, t));
                }
                (_, Child::Key(..)) => self.out.push(attach(&b.name, t)),
            }
        }
    }

    /// The child index `m` of `to` exists before it is attached: reused, or created.
    fn provide(&mut self, m: &QualName) {
        if self.reusable(m) {
            self.claimed.insert(m.clone());
        } else {
            self.out
                .push(Change::CreateIndex(self.to.indexes[m].clone()));
        }
    }

    /// Whether `from` has an index that can serve as `m` of `to`: same name, table and
    /// shape, attached to nothing that survives.
    fn reusable(&self, m: &QualName) -> bool {
        let wanted = &self.to.indexes[m];
        self.from.indexes.get(m).is_some_and(|i| {
            i.table == wanted.table
                && i.unique == wanted.unique
                && self.rules.same_index_shape(i, wanted)
                && (i.parent.is_none() || self.p.leaves_unattached(i, self.from, self.to))
                && !self.p.goes(&i.name)
        })
    }
}

fn attach(parent: &QualName, child: &Child) -> Change {
    let (child, owner) = match child {
        Child::Index(n) => (n.clone(), ObjectId::Index(n.clone())),
        Child::Key(t, c) => (
            QualName::new(&t.schema, c),
            ObjectId::Constraint(t.clone(), c.clone()),
        ),
    };
    Change::AttachIndex {
        parent: parent.clone(),
        child,
        owner,
    }
}

/// Indexes that are neither partitioned nor attached, matched by name. A child of
/// `from` whose partition leaves its table counts as one: it stays, unattached.
fn plain_indexes(
    from: &Catalog,
    to: &Catalog,
    p: &Partitioned,
    claimed: &BTreeSet<QualName>,
    out: &mut Vec<Change>,
) {
    let plain = |cat: &Catalog, leaves: &dyn Fn(&Index) -> bool| -> BTreeMap<QualName, Index> {
        cat.indexes
            .iter()
            .filter(|(_, i)| !is_partitioned(i, cat) && (i.parent.is_none() || leaves(i)))
            .map(|(n, i)| (n.clone(), i.clone()))
            .collect()
    };
    let leaves = |i: &Index| p.leaves_unattached(i, from, to);
    let (old, new) = (plain(from, &leaves), plain(to, &|_| false));
    let names: BTreeSet<&QualName> = old.keys().chain(new.keys()).collect();
    for name in names {
        match (old.get(name), new.get(name)) {
            (Some(a), None) => {
                if !claimed.contains(name)
                    && relation_kept(&a.table, to)
                    && !p.recreated_tables.contains(&a.table)
                {
                    out.push(Change::DropIndex(a.clone()));
                }
            }
            (None, Some(b)) => out.push(Change::CreateIndex(b.clone())),
            (Some(a), Some(b)) => {
                if a.definition != b.definition || a.unique != b.unique || a.table != b.table {
                    out.push(Change::DropIndex(a.clone()));
                    out.push(Change::CreateIndex(b.clone()));
                } else {
                    comment_change(ObjectId::Index(name.clone()), &a.comment, &b.comment, out);
                }
            }
            (None, None) => {}
        }
    }
}

/// Whether `table` (a table or a materialized view) still exists in `to`.
pub(crate) fn relation_kept(table: &QualName, to: &Catalog) -> bool {
    to.tables.contains_key(table) || to.views.contains_key(table)
}
