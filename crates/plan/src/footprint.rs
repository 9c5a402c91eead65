//! What each change does to which objects: the input of the ordering graph.
use std::collections::BTreeSet;
use strata_catalog::{Column, ObjectId, QualName, Table};
use strata_diff::{Change, DiffRules};

/// The objects one change brings into existence, modifies in place or removes, plus
/// requirements the dependency edges do not express.
#[derive(Debug, Default, Clone)]
pub(crate) struct Footprint {
    /// Objects that exist afterwards and not before.
    pub creates: Vec<ObjectId>,
    /// Objects modified in place.
    pub alters: Vec<ObjectId>,
    /// Objects that exist before and not afterwards.
    pub drops: Vec<ObjectId>,
    /// Objects that must be in their final state first.
    pub needs: Vec<ObjectId>,
    /// Objects this change stops using, which must not be dropped before it runs.
    pub releases: Vec<ObjectId>,
    /// When set, the change brings its objects only this far: of their final
    /// dependencies on types, sequences and functions, only the ones named here count.
    pub mentions: Option<BTreeSet<QualName>>,
    /// A partition leaves this parent: before the parent's columns change, which would
    /// otherwise reach the partition too.
    pub before_table: Option<QualName>,
    /// After every change of this table: a table becomes a partition of this parent
    /// (after the parent's columns change), or an index attached through this partition
    /// is dropped (after the partition leaves).
    pub after_table: Option<QualName>,
    /// A partition leaves its parent and keeps copies of the parent's constraints as its
    /// own: before the constraint changes of this table. (Joining needs no rule: the
    /// table's own constraints are dropped before it alters, as for any alter.)
    pub before_constraints_of: Option<QualName>,
}

impl Footprint {
    /// Whether a dependency of the changed objects must be in place before this change.
    pub(crate) fn waits_for(&self, dep: &ObjectId) -> bool {
        match (&self.mentions, dep) {
            (Some(names), ObjectId::Type(n) | ObjectId::Sequence(n) | ObjectId::Function(n, _)) => {
                names.contains(n)
            }
            _ => true,
        }
    }
}

impl Footprint {
    fn creates(ids: impl IntoIterator<Item = ObjectId>) -> Self {
        Footprint {
            creates: ids.into_iter().collect(),
            ..Default::default()
        }
    }

    fn alters(id: ObjectId) -> Self {
        Footprint {
            alters: vec![id],
            ..Default::default()
        }
    }

    fn drops(ids: impl IntoIterator<Item = ObjectId>) -> Self {
        Footprint {
            drops: ids.into_iter().collect(),
            ..Default::default()
        }
    }

    fn needs(ids: Vec<ObjectId>) -> Self {
        Footprint {
            needs: ids,
            ..Default::default()
        }
    }
}

/// The footprint of one change; `rules` read the names in its text.
pub(crate) fn footprint(change: &Change, rules: &dyn DiffRules) -> Footprint {
    use Change::*;
    match change {
        CreateSchema(s) => Footprint::creates([ObjectId::Schema(s.name.clone())]),
        DropSchema(s) => Footprint::drops([ObjectId::Schema(s.name.clone())]),
        CreateExtension(e) => Footprint::creates([ObjectId::Extension(e.name.clone())]),
        DropExtension(e) => Footprint::drops([ObjectId::Extension(e.name.clone())]),
        AlterExtension { to, .. } => Footprint::alters(ObjectId::Extension(to.name.clone())),
        CreateCollation(c) => Footprint::creates([ObjectId::Collation(c.name.clone())]),
        DropCollation(c) => Footprint::drops([ObjectId::Collation(c.name.clone())]),
        CreateType(t) => Footprint::creates([ObjectId::Type(t.name.clone())]),
        DropType(t) => Footprint::drops([ObjectId::Type(t.name.clone())]),
        AddEnumValue { name, .. } => Footprint::alters(ObjectId::Type(name.clone())),
        ReplaceType { to, columns, .. } => {
            // The old type goes away and a new one takes its name; the columns that use it
            // are converted in place.
            let id = ObjectId::Type(to.name.clone());
            Footprint {
                creates: vec![id.clone()],
                drops: vec![id],
                alters: columns
                    .iter()
                    .map(|c| ObjectId::Column(c.table.clone(), c.to.name.clone()))
                    .collect(),
                ..Default::default()
            }
        }
        AlterDomain { to, .. } => Footprint::alters(ObjectId::Type(to.name.clone())),
        CreateSequence(s) => Footprint::creates([ObjectId::Sequence(s.name.clone())]),
        DropSequence(s) => Footprint::drops([ObjectId::Sequence(s.name.clone())]),
        AlterSequence { from, to } if from.owned_by != to.owned_by => {
            // OWNED BY needs the owning table, which may itself need the sequence for its
            // default: setting the owner is not a change of the sequence others wait for.
            let owner = |o: &Option<(QualName, String)>| -> Vec<ObjectId> {
                o.iter()
                    .flat_map(|(t, c)| {
                        [
                            ObjectId::Table(t.clone()),
                            ObjectId::Column(t.clone(), c.clone()),
                        ]
                    })
                    .collect()
            };
            Footprint {
                needs: [
                    vec![ObjectId::Sequence(to.name.clone())],
                    owner(&to.owned_by),
                ]
                .concat(),
                releases: owner(&from.owned_by),
                ..Default::default()
            }
        }
        AlterSequence { to, .. } => Footprint::alters(ObjectId::Sequence(to.name.clone())),
        CreateTable(t) => Footprint::creates(table_parts(t)),
        DropTable(t) => Footprint::drops(table_parts(t)),
        AddColumn { table, column } => {
            Footprint::creates([ObjectId::Column(table.clone(), column.name.clone())])
        }
        DropColumn { table, column } => {
            Footprint::drops([ObjectId::Column(table.clone(), column.name.clone())])
        }
        AlterColumn { table, from, to } => {
            let mut fp = Footprint::alters(ObjectId::Column(table.clone(), to.name.clone()));
            // A column may be altered in steps; each waits only for what it names.
            fp.mentions = Some(column_mentions(to, rules));
            if from.identity.is_some() && to.identity.is_none() {
                // DROP IDENTITY drops the column's own sequence, if the database keeps one.
                fp.drops.extend(
                    rules
                        .identity_sequence(table, &to.name)
                        .map(ObjectId::Sequence),
                );
            }
            fp
        }
        AddConstraint { table, constraint } => {
            Footprint::creates([ObjectId::Constraint(table.clone(), constraint.name.clone())])
        }
        DropConstraint { table, constraint } => {
            Footprint::drops([ObjectId::Constraint(table.clone(), constraint.name.clone())])
        }
        AlterTableOptions { table, from, to } => {
            let mut fp = Footprint::alters(ObjectId::Table(table.clone()));
            if from.partition_of != to.partition_of {
                fp.before_table = from.partition_of.as_ref().map(|(p, _)| p.clone());
                fp.after_table = to.partition_of.as_ref().map(|(p, _)| p.clone());
                if to.partition_of.is_none() {
                    fp.before_constraints_of = Some(table.clone());
                }
            }
            fp
        }
        RebuildTable { from, to } => {
            let after = table_parts(to);
            Footprint {
                drops: table_parts(from)
                    .into_iter()
                    .filter(|id| !after.contains(id))
                    .collect(),
                alters: after,
                ..Default::default()
            }
        }
        CreateIndex(i) => Footprint::creates([ObjectId::Index(i.name.clone())]),
        DropIndex(i) => {
            let mut fp = Footprint::drops([ObjectId::Index(i.name.clone())]);
            // A partition's index attached to its parent's index can only go once the
            // partition has left (DETACH keeps it).
            if i.parent.is_some() {
                fp.after_table = Some(i.table.clone());
            }
            fp
        }
        DropIndexCascade { index, constraints } => Footprint::drops(
            std::iter::once(ObjectId::Index(index.name.clone())).chain(
                constraints
                    .iter()
                    .map(|(t, c)| ObjectId::Constraint(t.clone(), c.clone())),
            ),
        ),
        AttachIndex {
            parent,
            child,
            owner,
        } => Footprint {
            // An alter of the parent: what uses it (a foreign key needs a valid unique
            // index) waits until every partition is attached.
            alters: vec![ObjectId::Index(parent.clone())],
            needs: vec![ObjectId::Index(child.clone()), owner.clone()],
            ..Default::default()
        },
        RenameIndex { from, to } => Footprint {
            drops: vec![ObjectId::Index(from.clone())],
            creates: vec![ObjectId::Index(to.clone())],
            ..Default::default()
        },
        RenameSchema { from, to } => Footprint {
            drops: vec![ObjectId::Schema(from.clone())],
            creates: vec![ObjectId::Schema(to.clone())],
            ..Default::default()
        },
        RenameTable { from, to } => Footprint {
            drops: vec![ObjectId::Table(from.clone())],
            creates: vec![ObjectId::Table(to.clone())],
            ..Default::default()
        },
        RenameView { from, to, .. } => Footprint {
            drops: vec![ObjectId::View(from.clone())],
            creates: vec![ObjectId::View(to.clone())],
            ..Default::default()
        },
        RenameType { from, to, .. } => Footprint {
            drops: vec![ObjectId::Type(from.clone())],
            creates: vec![ObjectId::Type(to.clone())],
            ..Default::default()
        },
        // A part is renamed once its table has its new name.
        RenameColumn { table, from, to } => Footprint {
            drops: vec![ObjectId::Column(table.clone(), from.clone())],
            creates: vec![ObjectId::Column(table.clone(), to.clone())],
            needs: vec![ObjectId::Table(table.clone())],
            ..Default::default()
        },
        RenameConstraint { table, from, to } => Footprint {
            drops: vec![ObjectId::Constraint(table.clone(), from.clone())],
            creates: vec![ObjectId::Constraint(table.clone(), to.clone())],
            needs: vec![ObjectId::Table(table.clone())],
            ..Default::default()
        },
        CreateView(v) => Footprint::creates([ObjectId::View(v.name.clone())]),
        DropView(v) => Footprint::drops([ObjectId::View(v.name.clone())]),
        ReplaceView { to, .. } => Footprint::alters(ObjectId::View(to.name.clone())),
        CreateFunction(f) => Footprint::creates([function_id(f), signature_id(f)]),
        DropFunction(f) => Footprint::drops([function_id(f), signature_id(f)]),
        ReplaceFunction { to, .. } => Footprint::alters(function_id(to)),
        CreateTrigger(t) => Footprint::creates([trigger_id(t)]),
        DropTrigger(t) => Footprint::drops([trigger_id(t)]),
        AlterTriggerEnabled { to, .. } => Footprint::alters(trigger_id(to)),
        CreateEventTrigger(e) => Footprint::creates([event_trigger_id(e)]),
        DropEventTrigger(e) => Footprint::drops([event_trigger_id(e)]),
        AlterEventTriggerEnabled { to, .. } => Footprint::alters(event_trigger_id(to)),
        CreatePolicy { table, policy } => {
            Footprint::creates([ObjectId::Policy(table.clone(), policy.name.clone())])
        }
        DropPolicy { table, policy } => {
            Footprint::drops([ObjectId::Policy(table.clone(), policy.name.clone())])
        }
        Grant(g) => Footprint::needs(relation_aliases(&g.object)),
        // Revokes are only planned for objects that exist afterwards (a dropped object's
        // privileges go with it), so they wait for the object like grants.
        Revoke(g) => Footprint::needs(relation_aliases(&g.object)),
        SetComment { target, .. } => Footprint::needs(relation_aliases(target)),
        SetMaterializedViewComment { name, .. } => {
            Footprint::needs(vec![ObjectId::View(name.clone())])
        }
    }
}

/// Types, sequences and functions a column definition names.
fn column_mentions(c: &Column, rules: &dyn DiffRules) -> BTreeSet<QualName> {
    let texts = [Some(&c.data_type), c.default.as_ref(), c.generated.as_ref()];
    let mut names: BTreeSet<QualName> = texts
        .into_iter()
        .flatten()
        .flat_map(|t| rules.references_in(t))
        .collect();
    names.extend(c.default_sequence.clone());
    names
}

/// A table and everything that is created and dropped with it.
fn table_parts(t: &Table) -> Vec<ObjectId> {
    let mut ids = vec![ObjectId::Table(t.name.clone())];
    ids.extend(
        t.columns
            .iter()
            .map(|c| ObjectId::Column(t.name.clone(), c.name.clone())),
    );
    ids.extend(
        t.constraints
            .keys()
            .map(|c| ObjectId::Constraint(t.name.clone(), c.clone())),
    );
    ids
}

/// Grants and comments name views as tables in places; wait for either.
fn relation_aliases(id: &ObjectId) -> Vec<ObjectId> {
    match id {
        ObjectId::Table(n) | ObjectId::View(n) => {
            vec![ObjectId::Table(n.clone()), ObjectId::View(n.clone())]
        }
        other => vec![other.clone()],
    }
}

pub(crate) fn function_id(f: &strata_catalog::Function) -> ObjectId {
    ObjectId::Function(f.name.clone(), f.identity_args.clone())
}

/// The function as the server tells overloads apart: by name and input types only.
/// Renaming a parameter or changing OUT parameters keeps this, so the old function must be
/// dropped before the new one is created.
fn signature_id(f: &strata_catalog::Function) -> ObjectId {
    ObjectId::Function(f.name.clone(), format!("({})", f.input_types.join(", ")))
}

pub(crate) fn trigger_id(t: &strata_catalog::Trigger) -> ObjectId {
    ObjectId::Trigger(t.table.clone(), t.name.clone())
}

pub(crate) fn event_trigger_id(e: &strata_catalog::EventTrigger) -> ObjectId {
    ObjectId::EventTrigger(e.name.clone())
}

/// Where a change must run among all the others, whatever the dependencies say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fence {
    /// Before every other step.
    First,
    /// After every other step.
    Last,
    /// After the [`Fence::First`] steps and before every unfenced one: a hinted rename.
    /// The rest of the plan was diffed from the renamed catalog, so it assumes the
    /// renames are done.
    Rename,
}

impl Fence {
    /// Where fenced changes go relative to each other and to unfenced ones (`None`).
    pub(crate) fn rank(fence: Option<Fence>) -> u8 {
        match fence {
            Some(Fence::First) => 0,
            Some(Fence::Rename) => 1,
            None => 2,
            Some(Fence::Last) => 3,
        }
    }
}

/// An enabled event trigger runs its function on every later DDL command of the
/// transaction, the plan's own steps included: one made or enabled early would act on
/// (or refuse) the rest of the plan, and one dropped or disabled late would still act on
/// it. So the plan makes and enables them after every other step, and drops and disables
/// them before every other step. Their comments go last with them (COMMENT on an event
/// trigger fires none).
pub(crate) fn fence(change: &Change) -> Option<Fence> {
    use strata_catalog::TriggerState;
    match change {
        Change::CreateEventTrigger(_) => Some(Fence::Last),
        Change::DropEventTrigger(_) => Some(Fence::First),
        Change::AlterEventTriggerEnabled { to, .. } if to.enabled == TriggerState::Disabled => {
            Some(Fence::First)
        }
        Change::AlterEventTriggerEnabled { .. } => Some(Fence::Last),
        Change::RenameSchema { .. }
        | Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameConstraint { .. }
        | Change::RenameView { .. }
        | Change::RenameType { .. } => Some(Fence::Rename),
        Change::SetComment {
            target: ObjectId::EventTrigger(_),
            ..
        } => Some(Fence::Last),
        _ => None,
    }
}

/// Tie-breaking phase, migra-like: schemas and types first, drops of dependent objects
/// early, table changes in the middle, creates of dependent objects late, drops of
/// containers last. Dependency edges always win over phases.
pub(crate) fn phase(change: &Change) -> u8 {
    use Change::*;
    match change {
        CreateSchema(_) | CreateExtension(_) | AlterExtension { .. } => 0,
        CreateCollation(_) => 1,
        CreateType(_) | AddEnumValue { .. } | ReplaceType { .. } | AlterDomain { .. } => 1,
        CreateSequence(_) => 1,
        AlterSequence { from, to } if from.owned_by == to.owned_by => 1,
        DropTrigger(_) | DropPolicy { .. } | Revoke(_) | DropConstraint { .. } => 2,
        DropIndex(_) | DropIndexCascade { .. } | DropView(_) => 2,
        RenameIndex { .. } => 3,
        RenameSchema { .. } => 0,
        RenameTable { .. } | RenameView { .. } | RenameType { .. } => 1,
        RenameColumn { .. } | RenameConstraint { .. } => 1,
        CreateTable(_) | AddColumn { .. } | AlterColumn { .. } | DropColumn { .. } => 3,
        AlterTableOptions { .. } | RebuildTable { .. } | DropTable(_) => 3,
        // Functions after tables: SQL-language bodies are checked against existing tables.
        CreateFunction(_) | ReplaceFunction { .. } => 4,
        AddConstraint { .. } | CreateIndex(_) | CreateView(_) | ReplaceView { .. } => 5,
        AttachIndex { .. } => 5,
        CreateTrigger(_) | AlterTriggerEnabled { .. } | CreatePolicy { .. } => 5,
        // Fenced to the start or the end anyway (see `fence`).
        DropEventTrigger(_) => 2,
        CreateEventTrigger(_) | AlterEventTriggerEnabled { .. } => 6,
        AlterSequence { .. } => 5,
        Grant(_) | SetComment { .. } | SetMaterializedViewComment { .. } => 6,
        DropFunction(_) | DropSequence(_) | DropType(_) | DropExtension(_) => 7,
        DropCollation(_) => 7,
        DropSchema(_) => 8,
    }
}

/// The table a change works on, when it works on one.
pub(crate) fn subject_table(change: &Change) -> Option<&QualName> {
    use Change::*;
    match change {
        AddColumn { table, .. }
        | AlterColumn { table, .. }
        | AddConstraint { table, .. }
        | AlterTableOptions { table, .. }
        | CreatePolicy { table, .. } => Some(table),
        CreateIndex(i) => Some(&i.table),
        CreateTrigger(t) => Some(&t.table),
        _ => None,
    }
}
