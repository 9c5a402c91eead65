use crate::deps::Deps;
use crate::footprint::{Fence, Footprint, fence, footprint, phase, subject_table};
use crate::recreate::{Planned, with_dependents};
use crate::summary::summary;
use crate::{Axis, Dialect, Hazard, OnlineStep, Plan, Step, Verb};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use strata_catalog::{Catalog, ObjectId, QualName};
use strata_diff::{Change, DiffRules, Rename, RenameNote, apply_renames, diff};

/// Why a plan cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Objects depend on each other in a circle that no order can satisfy.
    #[error("cannot order the plan: these objects depend on each other in a cycle: {}", .0.join(", "))]
    Cycle(Vec<String>),
    /// The dialect cannot express a change (a PostgreSQL type planned for SQLite).
    #[error("{dialect} cannot express: {change}")]
    Unsupported {
        /// The dialect's name: `sqlite`.
        dialect: &'static str,
        /// The change's summary: `create type public.mood`.
        change: String,
    },
}

/// Choices that change how a plan is rendered, not what it does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Existing tables that get the dialect's online recipes
    /// ([`Dialect::render_online`]): the large ones, or all of them in online mode.
    /// Tables the plan creates never do: they are empty.
    pub online: BTreeSet<QualName>,
}

/// Diffs `from` against `to`, lowers the changes for the dialect, orders them by
/// dependencies and renders each into a step.
pub fn build_plan(from: &Catalog, to: &Catalog, dialect: &dyn Dialect) -> Result<Plan, PlanError> {
    build_plan_with(from, to, dialect, &PlanOptions::default())
}

/// [`build_plan`] with options (which tables get online recipes).
pub fn build_plan_with(
    from: &Catalog,
    to: &Catalog,
    dialect: &dyn Dialect,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    let changes = dialect.lower(diff(from, to, dialect), from, to);
    plan_changes_with(changes, from, to, dialect, options)
}

/// [`build_plan`] with rename hints (see [`strata_diff::apply_renames`]): the hinted
/// objects are renamed first and the rest is diffed from the renamed catalog. The notes
/// say which hints were not applied.
pub fn build_plan_with_renames(
    from: &Catalog,
    to: &Catalog,
    hints: &[Rename],
    dialect: &dyn Dialect,
    options: &PlanOptions,
) -> Result<(Plan, Vec<RenameNote>), PlanError> {
    let renamed = apply_renames(from, to, hints, dialect);
    let mut changes = renamed.changes;
    changes.extend(diff(&renamed.from, to, dialect));
    let changes = dialect.lower(changes, &renamed.from, to);
    Ok((
        plan_changes_with(changes, &renamed.from, to, dialect, options)?,
        renamed.notes,
    ))
}

/// Orders and renders changes that are already lowered for `dialect` (what
/// [`build_plan`] does after diffing). Dependents that the changes break are dropped and
/// recreated around them, with a reason on their steps.
pub fn plan_changes(
    changes: Vec<Change>,
    from: &Catalog,
    to: &Catalog,
    dialect: &dyn Dialect,
) -> Result<Plan, PlanError> {
    plan_changes_with(changes, from, to, dialect, &PlanOptions::default())
}

/// [`plan_changes`] with options.
pub fn plan_changes_with(
    changes: Vec<Change>,
    from: &Catalog,
    to: &Catalog,
    dialect: &dyn Dialect,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    let from_deps = Deps::of(from, dialect);
    let to_deps = Deps::of(to, dialect);
    let planned = with_dependents(changes, from, to, &from_deps, dialect);
    let order = sort(&planned, &from_deps, &to_deps, dialect)?;
    let new_tables: BTreeSet<_> = planned
        .iter()
        .filter_map(|p| match &p.change {
            Change::CreateTable(t) => Some(t.name.clone()),
            _ => None,
        })
        .collect();
    let mut steps = Vec::new();
    let mut subjects = Vec::new();
    for i in order {
        let p = &planned[i];
        let online = online_table(&p.change)
            .is_some_and(|t| options.online.contains(t) && !new_tables.contains(t));
        let recipe = if online {
            dialect.render_online(&p.change, from)
        } else {
            None
        };
        let pieces = match recipe {
            Some(pieces) => pieces,
            None => vec![OnlineStep {
                rendered: dialect
                    .render(&p.change)
                    .map_err(|_| PlanError::Unsupported {
                        dialect: dialect.name(),
                        change: summary(&p.change),
                    })?,
                ..OnlineStep::default()
            }],
        };
        for piece in pieces {
            if let Some(step) = step_of(p, piece, &new_tables) {
                steps.push(step);
                subjects.push(crate::subject(&p.change));
            }
        }
    }
    keep_compatibility_of_lasting_drops(&mut steps, &subjects);
    Ok(Plan {
        steps,
        preamble: dialect.preamble(),
        server_version: dialect.server_version(),
    })
}

/// The step for one rendered piece of a planned change; `None` when it has no statement
/// (some changes need none on a dialect).
fn step_of(p: &Planned, piece: OnlineStep, new_tables: &BTreeSet<QualName>) -> Option<Step> {
    let rendered = piece.rendered;
    if rendered.statements.is_empty() {
        return None;
    }
    let mut hazards = rendered.hazards;
    if subject_table(&p.change).is_some_and(|t| new_tables.contains(t)) {
        // A table created by this plan is empty and unused: only data loss matters.
        hazards.retain(Hazard::is_data_loss);
    }
    let object = crate::subject(&p.change);
    for hazard in hazards.iter_mut().filter(|h| h.object.is_none()) {
        hazard.object = Some(object.clone());
    }
    let companions = crate::rules::deprecation_findings(&hazards);
    hazards.extend(companions);
    // Nobody else can be using a table this plan creates: its locks block no one.
    let mut locks = rendered.locks;
    locks.retain(|l| !new_tables.iter().any(|t| t.to_string() == l.relation));
    name_locks(&mut hazards, &locks);
    // How long locks are held: nothing to say when the step holds none.
    let effort = rendered.effort.filter(|_| !locks.is_empty());
    let mut summary = summary(&p.change);
    if let Some(label) = piece.label {
        summary = format!("{summary} ({label})");
    }
    Some(Step {
        summary,
        reason: p.reason.clone(),
        statements: rendered.statements,
        hazards,
        transactional: !rendered.non_transactional,
        own_transaction: piece.own_transaction,
        replaces_invalid_index: piece.replaces_invalid_index,
        op: Some(crate::op(&p.change)),
        locks,
        effort,
    })
}

/// The existing table whose size decides whether a change gets its online recipe.
fn online_table(change: &Change) -> Option<&QualName> {
    match change {
        Change::DropIndex(i) => Some(&i.table),
        other => subject_table(other),
    }
}

/// Lock and duration findings name the lock they are about: the step's strongest.
fn name_locks(hazards: &mut [Hazard], locks: &[crate::Lock]) {
    let Some(lock) = crate::strongest(locks) else {
        return;
    };
    for hazard in hazards
        .iter_mut()
        .filter(|h| matches!(h.axis, Axis::Lock | Axis::Duration) && h.relation.is_none())
    {
        *hazard = hazard.clone().under(lock);
    }
}

/// An object dropped and created again in the same plan (a view recreated around a
/// column change) is back before the plan commits, so clients that use it keep working:
/// its drop has no compatibility finding. Other findings of the drop stay.
fn keep_compatibility_of_lasting_drops(steps: &mut [Step], subjects: &[String]) {
    let made: BTreeSet<(&str, &str)> = steps
        .iter()
        .zip(subjects)
        .filter_map(|(s, subject)| {
            let op = s.op?;
            matches!(op.verb, Verb::Create | Verb::Replace)
                .then_some((op.kind.as_str(), subject.as_str()))
        })
        .collect();
    for (step, subject) in steps.iter_mut().zip(subjects) {
        let Some(op) = step.op else { continue };
        if op.verb == Verb::Drop && made.contains(&(op.kind.as_str(), subject.as_str())) {
            step.hazards.retain(|h| h.axis != Axis::Compatibility);
        }
    }
}

/// Indexes of changes by the objects their footprints touch.
#[derive(Default)]
struct Index {
    /// Changes to a table or its columns, by table.
    tables: BTreeMap<QualName, Vec<usize>>,
    providers: BTreeMap<ObjectId, Vec<usize>>,
    creators: BTreeMap<ObjectId, Vec<usize>>,
    alterers: BTreeMap<ObjectId, Vec<usize>>,
    droppers: BTreeMap<ObjectId, Vec<usize>>,
}

impl Index {
    fn new(prints: &[Footprint]) -> Self {
        let mut ix = Index::default();
        for (i, fp) in prints.iter().enumerate() {
            for id in &fp.creates {
                ix.creators.entry(id.clone()).or_default().push(i);
                ix.providers.entry(id.clone()).or_default().push(i);
            }
            for id in &fp.alters {
                ix.alterers.entry(id.clone()).or_default().push(i);
                ix.providers.entry(id.clone()).or_default().push(i);
            }
            for id in &fp.drops {
                ix.droppers.entry(id.clone()).or_default().push(i);
            }
            for id in fp.creates.iter().chain(&fp.alters).chain(&fp.drops) {
                if let ObjectId::Table(t) | ObjectId::Column(t, _) = id {
                    let touching = ix.tables.entry(t.clone()).or_default();
                    if touching.last() != Some(&i) {
                        touching.push(i);
                    }
                }
            }
        }
        ix
    }
}

fn get<'a>(map: &'a BTreeMap<ObjectId, Vec<usize>>, id: &ObjectId) -> &'a [usize] {
    map.get(id).map_or(&[], Vec::as_slice)
}

/// Edges `(before, after)` between changes.
///
/// - An object is created or altered after what it depends on (in `to`) is created or
///   altered.
/// - An object is dropped, or altered to stop using something, before what it used is
///   dropped; a dropped object goes before changes to what it depended on (in `from`).
/// - An object is dropped before it is created again.
/// - Changes to the same object keep their order, and come after its creation.
/// - A partition leaves its parent before the parent's columns change, and joins after.
fn edges(
    planned: &[Planned],
    from: &Deps,
    to: &Deps,
    rules: &dyn DiffRules,
) -> BTreeSet<(usize, usize)> {
    let prints: Vec<Footprint> = planned
        .iter()
        .map(|p| {
            let mut fp = footprint(&p.change, rules);
            fp.needs.extend(p.needs.iter().cloned());
            fp.releases.extend(p.releases.iter().cloned());
            fp
        })
        .collect();
    let ix = Index::new(&prints);
    let mut edges = Edges::default();
    for (id, changes) in &ix.alterers {
        for pair in changes.windows(2) {
            edges.add(pair[0], pair[1]);
        }
        // An object is altered once it exists.
        for &c in get(&ix.creators, id) {
            for &a in changes {
                edges.add(c, a);
            }
        }
    }
    for (a, fp) in prints.iter().enumerate() {
        dependency_edges(&mut edges, a, fp, &ix, from, to);
        partition_edges(&mut edges, a, fp, &prints, &ix);
    }
    fence_edges(&mut edges, planned);
    edges.0
}

/// Puts fenced changes before or after every unfenced one (see [`fence`]). A dependency
/// edge that says otherwise gives way: disabling or dropping an event trigger needs
/// nothing else done first, and nothing waits for an event trigger to exist.
fn fence_edges(edges: &mut Edges, planned: &[Planned]) {
    let fences: Vec<Option<Fence>> = planned.iter().map(|p| fence(&p.change)).collect();
    let fenced: Vec<(usize, Fence)> = fences
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, (*f)?)))
        .collect();
    for (f, kind) in fenced {
        for (other, other_kind) in fences.iter().enumerate() {
            let (mine, theirs) = (Fence::rank(Some(kind)), Fence::rank(*other_kind));
            if other == f || mine == theirs {
                continue;
            }
            let (before, after) = if mine < theirs {
                (f, other)
            } else {
                (other, f)
            };
            edges.0.remove(&(after, before));
            edges.add(before, after);
        }
    }
}

#[derive(Default)]
struct Edges(BTreeSet<(usize, usize)>);

impl Edges {
    fn add(&mut self, before: usize, after: usize) {
        if before != after {
            self.0.insert((before, after));
        }
    }
}

fn dependency_edges(
    edges: &mut Edges,
    a: usize,
    fp: &Footprint,
    ix: &Index,
    from: &Deps,
    to: &Deps,
) {
    let made = fp.creates.iter().chain(&fp.alters);
    let needed = made
        .flat_map(|x| to.on(x))
        .filter(|y| fp.waits_for(y))
        .chain(&fp.needs);
    for y in needed {
        for &b in get(&ix.providers, y) {
            edges.add(b, a);
        }
    }
    let released = fp
        .drops
        .iter()
        .flat_map(|x| from.on(x))
        .chain(
            fp.alters
                .iter()
                .flat_map(|x| from.on(x).filter(move |y| !to.depends(x, y))),
        )
        .chain(&fp.releases);
    for y in released {
        for &b in get(&ix.droppers, y) {
            edges.add(a, b);
        }
    }
    let waits_for_table = |y: &ObjectId| matches!(y, ObjectId::Table(t) | ObjectId::Column(t, _) if fp.after_table.as_ref() == Some(t));
    for x in &fp.drops {
        for y in from.on(x).filter(|y| !waits_for_table(y)) {
            for &b in get(&ix.alterers, y) {
                edges.add(a, b);
            }
        }
        for &b in get(&ix.creators, x) {
            edges.add(a, b);
        }
    }
}

fn partition_edges(edges: &mut Edges, a: usize, fp: &Footprint, prints: &[Footprint], ix: &Index) {
    let touching = |t: &QualName| ix.tables.get(t).map_or(&[][..], Vec::as_slice);
    if let Some(parent) = &fp.before_table {
        for &b in touching(parent) {
            edges.add(a, b);
        }
    }
    if let Some(parent) = &fp.after_table {
        for &b in touching(parent) {
            edges.add(b, a);
        }
    }
    if let Some(table) = &fp.before_constraints_of {
        for (b, other) in prints.iter().enumerate() {
            let constraint_of_table =
                |id: &ObjectId| matches!(id, ObjectId::Constraint(t, _) if t == table);
            if other
                .creates
                .iter()
                .chain(&other.drops)
                .any(constraint_of_table)
            {
                edges.add(a, b);
            }
        }
    }
}

/// A stable topological sort: among the changes whose predecessors are done, the one with
/// the lowest (phase, original position) goes next.
fn sort(
    planned: &[Planned],
    from: &Deps,
    to: &Deps,
    rules: &dyn DiffRules,
) -> Result<Vec<usize>, PlanError> {
    let n = planned.len();
    let mut succ = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (a, b) in edges(planned, from, to, rules) {
        succ[a].push(b);
        indegree[b] += 1;
    }
    let key = |i: usize| Reverse((phase(&planned[i].change), i));
    let mut ready: BinaryHeap<_> = (0..n).filter(|&i| indegree[i] == 0).map(key).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, i))) = ready.pop() {
        order.push(i);
        for &j in &succ[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(key(j));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    let cycle = find_cycle(&succ, &indegree);
    Err(PlanError::Cycle(
        cycle.iter().map(|&i| summary(&planned[i].change)).collect(),
    ))
}

/// One cycle among the nodes the sort could not place (those with indegree left).
fn find_cycle(succ: &[Vec<usize>], indegree: &[usize]) -> Vec<usize> {
    let stuck = |i: usize| indegree[i] > 0;
    let Some(start) = (0..succ.len()).find(|&i| stuck(i)) else {
        return Vec::new();
    };
    // Every stuck node has a stuck predecessor, so walking predecessors must repeat.
    let mut pred = vec![Vec::new(); succ.len()];
    for (a, next) in succ.iter().enumerate() {
        for &b in next {
            pred[b].push(a);
        }
    }
    let mut path = vec![start];
    let mut at = BTreeMap::from([(start, 0usize)]);
    let mut node = start;
    loop {
        let Some(&p) = pred[node].iter().find(|&&p| stuck(p)) else {
            return path;
        };
        if let Some(&pos) = at.get(&p) {
            let mut cycle = path[pos..].to_vec();
            cycle.reverse();
            return cycle;
        }
        at.insert(p, path.len());
        path.push(p);
        node = p;
    }
}
