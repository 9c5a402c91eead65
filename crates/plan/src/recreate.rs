//! Dependents that must be dropped and recreated around a change: a view over a column
//! whose type changes, a function taking a replaced type, an index on a recreated
//! materialized view. The database refuses the change while they exist. What a database
//! rebuilds itself, or ties together in its own way, its [`Dialect`] says.
use crate::Dialect;
use crate::deps::Deps;
use crate::footprint::footprint;
use std::collections::{BTreeSet, VecDeque};
use strata_catalog::{Catalog, Column, ConstraintKind, ObjectId, QualName};
use strata_diff::{Change, DiffRules};

/// A change with the reason it is in the plan, when it is not a direct difference.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub change: Change,
    pub reason: Option<String>,
    /// Objects that must reach their final state before this change runs, beyond what
    /// its footprint and the dependency edges say.
    pub needs: Vec<ObjectId>,
    /// Objects this change stops using, beyond what its footprint says.
    pub releases: Vec<ObjectId>,
}

impl Planned {
    fn direct(change: Change) -> Self {
        Planned {
            change,
            reason: None,
            needs: Vec::new(),
            releases: Vec::new(),
        }
    }
}

/// Why an object's dependents are affected.
#[derive(Debug, Clone)]
struct Cause {
    /// `column public.t.c changes type`.
    what: String,
    /// Only the column's type changes: the database may rebuild some dependents itself
    /// ([`Dialect::survives_type_change`]).
    type_change: bool,
    /// A replaced type: its columns are converted, their dependents are affected.
    through_columns: bool,
}

/// Adds drop/create pairs for the dependents of every breaking change, transitively.
pub(crate) fn with_dependents(
    changes: Vec<Change>,
    from: &Catalog,
    to: &Catalog,
    from_deps: &Deps,
    dialect: &dyn Dialect,
) -> Vec<Planned> {
    let planned: Vec<Planned> = changes.into_iter().map(Planned::direct).collect();
    let mut pass = Pass {
        from,
        to,
        deps: from_deps,
        dialect,
        created: BTreeSet::new(),
        dropped: BTreeSet::new(),
        queued: BTreeSet::new(),
        handled: BTreeSet::new(),
        queue: VecDeque::new(),
        planned: Vec::new(),
    };
    for p in &planned {
        let fp = footprint(&p.change, dialect);
        pass.created.extend(fp.creates);
        pass.dropped.extend(fp.drops);
    }
    for (id, cause) in breaks(&planned, &pass.created, &pass.dropped) {
        pass.enqueue(id, cause);
    }
    pass.planned = planned;
    pass.run();
    pass.planned
}

/// The state of the dependents pass.
struct Pass<'a> {
    from: &'a Catalog,
    to: &'a Catalog,
    deps: &'a Deps,
    dialect: &'a dyn Dialect,
    planned: Vec<Planned>,
    /// Objects some planned change creates or drops.
    created: BTreeSet<ObjectId>,
    dropped: BTreeSet<ObjectId>,
    /// Broken objects whose dependents are (or were) looked at.
    queued: BTreeSet<ObjectId>,
    /// Dependents already dealt with.
    handled: BTreeSet<ObjectId>,
    queue: VecDeque<(ObjectId, Cause)>,
}

impl Pass<'_> {
    fn enqueue(&mut self, id: ObjectId, cause: Cause) {
        if self.queued.insert(id.clone()) {
            self.queue.push_back((id, cause));
        }
    }

    fn run(&mut self) {
        while let Some((broken, cause)) = self.queue.pop_front() {
            for dep in dependents(&broken, self.from, self.deps, self.dialect) {
                if !self.handled.contains(&dep) {
                    self.visit(&broken, &cause, dep);
                }
            }
        }
    }

    fn visit(&mut self, broken: &ObjectId, cause: &Cause, dep: ObjectId) {
        if let ObjectId::Column(..) = dep {
            if cause.through_columns {
                // A converted column: what uses it is affected like the type's users.
                self.enqueue(dep, cause.clone());
            } else if !self.created.contains(&dep) && !self.dropped.contains(&dep) {
                self.step_aside(broken, cause, dep);
            }
            return;
        }
        if !recreatable(&dep)
            || (cause.type_change && self.dialect.survives_type_change(&dep, self.from))
            || self.dialect.leaves_to_diff(broken, &dep, self.from)
        {
            return;
        }
        self.handled.insert(dep.clone());
        if !self.created.contains(&dep) && !self.dropped.contains(&dep) {
            let Some((drop, create)) = pair(&dep, self.from, self.to) else {
                return;
            };
            let reason = format!("recreated because {}", cause.what);
            self.replace(&dep, drop, create, &reason, broken, false);
            for g in grants_on(&dep, self.to) {
                self.push(g, &reason, Vec::new(), Vec::new());
            }
            self.created.insert(dep.clone());
            self.dropped.insert(dep.clone());
        }
        let next = Cause {
            what: format!("{dep} is recreated"),
            type_change: false,
            through_columns: false,
        };
        self.enqueue(dep, next);
    }

    /// A column cannot be recreated, but what it computes from can be moved out of the
    /// way: its default, or the whole generated column.
    fn step_aside(&mut self, broken: &ObjectId, cause: &Cause, column: ObjectId) {
        let Some((first, second)) = column_pair(&column, broken, self.from, self.to, self.dialect)
        else {
            return;
        };
        self.handled.insert(column.clone());
        let reason = format!("recreated because {}", cause.what);
        self.replace(&column, first, second, &reason, broken, true);
    }

    /// Puts `first` and `second` in place of any in-place change of `id`: the first runs
    /// before the change to `broken`, the second after it.
    fn replace(
        &mut self,
        id: &ObjectId,
        first: Change,
        second: Change,
        reason: &str,
        broken: &ObjectId,
        first_releases: bool,
    ) {
        let dialect = self.dialect;
        self.planned
            .retain(|p| !replaces_in_place(&p.change, id, dialect));
        let releases = if first_releases {
            vec![broken.clone()]
        } else {
            Vec::new()
        };
        self.push(first, reason, Vec::new(), releases);
        self.push(second, reason, vec![broken.clone()], Vec::new());
    }

    fn push(
        &mut self,
        change: Change,
        reason: &str,
        needs: Vec<ObjectId>,
        releases: Vec<ObjectId>,
    ) {
        self.planned.push(Planned {
            change,
            reason: Some(reason.to_string()),
            needs,
            releases,
        });
    }
}

/// What depends on `id` in `from`. Dependencies may be recorded against a whole table
/// rather than the column used, so for a column this also takes the table's views,
/// triggers and policies whose text mentions the column: recreating one too many is safe,
/// one too few makes the change fail.
fn dependents(id: &ObjectId, from: &Catalog, deps: &Deps, rules: &dyn DiffRules) -> Vec<ObjectId> {
    let mut out: Vec<ObjectId> = deps.dependents(id).cloned().collect();
    if let ObjectId::Column(table, column) = id {
        for dep in deps.dependents(&ObjectId::Table(table.clone())) {
            let mentioned = || {
                text_of(dep, from)
                    .iter()
                    .any(|t| rules.mentions_column(t, column))
            };
            if !out.contains(dep) && mentioned() {
                out.push(dep.clone());
            }
        }
        for fk in foreign_keys_using(table, column, from) {
            if !out.contains(&fk) {
                out.push(fk);
            }
        }
    }
    out
}

/// Foreign keys on the column or pointing at it: when the types on both ends change, the
/// key cannot stay in place between the two changes.
fn foreign_keys_using(table: &QualName, column: &str, from: &Catalog) -> Vec<ObjectId> {
    let mut out = Vec::new();
    for t in from.tables.values() {
        for c in t.constraints.values() {
            if c.kind != ConstraintKind::ForeignKey {
                continue;
            }
            let on_it = t.name == *table && c.columns.iter().any(|n| n == column);
            let to_it = c
                .references
                .as_ref()
                .is_some_and(|r| r.table == *table && r.columns.iter().any(|n| n == column));
            if on_it || to_it {
                out.push(ObjectId::Constraint(t.name.clone(), c.name.clone()));
            }
        }
    }
    out
}

/// The SQL text of a view, trigger or policy, where a column would be named.
fn text_of<'a>(id: &ObjectId, cat: &'a Catalog) -> Vec<&'a str> {
    match id {
        ObjectId::View(n) => cat
            .views
            .get(n)
            .map(|v| v.definition.as_str())
            .into_iter()
            .collect(),
        ObjectId::Trigger(t, n) => cat
            .triggers
            .get(&(t.clone(), n.clone()))
            .map(|t| t.definition.as_str())
            .into_iter()
            .collect(),
        ObjectId::Policy(t, n) => cat
            .tables
            .get(t)
            .and_then(|t| t.policies.get(n))
            .map(|p| {
                p.using
                    .iter()
                    .chain(&p.with_check)
                    .map(String::as_str)
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The objects whose dependents are affected, and how.
fn breaks(
    planned: &[Planned],
    created: &BTreeSet<ObjectId>,
    dropped: &BTreeSet<ObjectId>,
) -> Vec<(ObjectId, Cause)> {
    let mut out = Vec::new();
    let mut replaced = BTreeSet::new();
    for p in planned {
        match &p.change {
            Change::ReplaceType { to, .. } => {
                let id = ObjectId::Type(to.name.clone());
                replaced.insert(id.clone());
                out.push((
                    id.clone(),
                    Cause {
                        what: format!("{id} is replaced"),
                        type_change: true,
                        through_columns: true,
                    },
                ));
            }
            Change::AlterColumn { table, from, to }
                if from.data_type != to.data_type || from.collation != to.collation =>
            {
                let id = ObjectId::Column(table.clone(), to.name.clone());
                out.push((
                    id.clone(),
                    Cause {
                        what: format!("{id} changes type"),
                        type_change: true,
                        through_columns: false,
                    },
                ));
            }
            Change::DropColumn { table, column } => {
                let id = ObjectId::Column(table.clone(), column.name.clone());
                out.push((
                    id.clone(),
                    Cause {
                        what: format!("{id} is dropped"),
                        type_change: false,
                        through_columns: false,
                    },
                ));
            }
            _ => {}
        }
    }
    for id in dropped {
        if replaced.contains(id) || matches!(id, ObjectId::Column(..)) {
            continue;
        }
        // Something that stays but used a dropped object now uses its successor (a view
        // over a table that became a view of the same name).
        let what = if created.contains(id) {
            format!("{id} is recreated")
        } else {
            format!("{id} is dropped")
        };
        out.push((
            id.clone(),
            Cause {
                what,
                type_change: false,
                through_columns: false,
            },
        ));
    }
    out
}

fn recreatable(id: &ObjectId) -> bool {
    matches!(
        id,
        ObjectId::View(_)
            | ObjectId::Index(_)
            | ObjectId::Trigger(..)
            | ObjectId::EventTrigger(_)
            | ObjectId::Policy(..)
            | ObjectId::Function(..)
            | ObjectId::Constraint(..)
    )
}

/// A drop of the object as it is in `from` and a create of it as it is in `to`.
fn pair(id: &ObjectId, from: &Catalog, to: &Catalog) -> Option<(Change, Change)> {
    Some(match id {
        ObjectId::View(n) => (
            Change::DropView(from.views.get(n)?.clone()),
            Change::CreateView(to.views.get(n)?.clone()),
        ),
        ObjectId::Index(n) => (
            Change::DropIndex(from.indexes.get(n)?.clone()),
            Change::CreateIndex(to.indexes.get(n)?.clone()),
        ),
        ObjectId::Trigger(t, n) => {
            let key = (t.clone(), n.clone());
            (
                Change::DropTrigger(from.triggers.get(&key)?.clone()),
                Change::CreateTrigger(to.triggers.get(&key)?.clone()),
            )
        }
        ObjectId::EventTrigger(n) => (
            Change::DropEventTrigger(from.event_triggers.get(n)?.clone()),
            Change::CreateEventTrigger(to.event_triggers.get(n)?.clone()),
        ),
        ObjectId::Function(n, a) => {
            let key = (n.clone(), a.clone());
            (
                Change::DropFunction(from.functions.get(&key)?.clone()),
                Change::CreateFunction(to.functions.get(&key)?.clone()),
            )
        }
        ObjectId::Policy(t, n) => (
            Change::DropPolicy {
                table: t.clone(),
                policy: from.tables.get(t)?.policies.get(n)?.clone(),
            },
            Change::CreatePolicy {
                table: t.clone(),
                policy: to.tables.get(t)?.policies.get(n)?.clone(),
            },
        ),
        ObjectId::Constraint(t, n) => (
            Change::DropConstraint {
                table: t.clone(),
                constraint: from.tables.get(t)?.constraints.get(n)?.clone(),
            },
            Change::AddConstraint {
                table: t.clone(),
                constraint: to.tables.get(t)?.constraints.get(n)?.clone(),
            },
        ),
        _ => return None,
    })
}

/// Two changes that take a column's computed part away and put it back: a generated
/// column is dropped and added again (its values are derived), a default is dropped and
/// set again. `None` for a column that computes nothing.
/// Nothing is needed when the column stops using the broken object anyway.
fn column_pair(
    id: &ObjectId,
    broken: &ObjectId,
    from: &Catalog,
    to: &Catalog,
    rules: &dyn DiffRules,
) -> Option<(Change, Change)> {
    let ObjectId::Column(table, name) = id else {
        return None;
    };
    let before = from.tables.get(table)?.column(name)?;
    let after = to.tables.get(table)?.column(name)?;
    if !still_uses(after, broken, rules) {
        return None;
    }
    if before.generated.is_some() {
        return Some((
            Change::DropColumn {
                table: table.clone(),
                column: before.clone(),
            },
            Change::AddColumn {
                table: table.clone(),
                column: after.clone(),
            },
        ));
    }
    before.default.as_ref()?;
    let bare = Column {
        default: None,
        default_sequence: None,
        ..before.clone()
    };
    Some((
        Change::AlterColumn {
            table: table.clone(),
            from: before.clone(),
            to: bare.clone(),
        },
        Change::AlterColumn {
            table: table.clone(),
            from: bare,
            to: after.clone(),
        },
    ))
}

/// Whether a column's final default or generation expression still names `object`.
fn still_uses(column: &Column, object: &ObjectId, rules: &dyn DiffRules) -> bool {
    let exprs = || column.default.iter().chain(&column.generated);
    match object {
        ObjectId::Sequence(n) if column.default_sequence.as_ref() == Some(n) => true,
        ObjectId::Function(n, _) | ObjectId::Type(n) | ObjectId::Sequence(n) => {
            exprs().any(|e| rules.references_in(e).contains(n))
        }
        ObjectId::Column(_, c) => exprs().any(|e| rules.mentions_column(e, c)),
        _ => true,
    }
}

/// Whether `change` modifies `id` in place; a recreation supersedes it.
fn replaces_in_place(change: &Change, id: &ObjectId, rules: &dyn DiffRules) -> bool {
    let fp = footprint(change, rules);
    fp.creates.is_empty() && fp.drops.is_empty() && fp.alters.contains(id)
}

/// The grants a recreated object needs again.
fn grants_on(id: &ObjectId, to: &Catalog) -> Vec<Change> {
    let same = |object: &ObjectId| match (object, id) {
        (ObjectId::Table(a), ObjectId::View(b)) => a == b,
        _ => object == id,
    };
    to.grants
        .iter()
        .filter(|g| same(&g.object))
        .map(|g| Change::Grant(g.clone()))
        .collect()
}
