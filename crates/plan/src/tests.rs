//! Ordering tests with a fake dialect that renders each change as its summary.
use crate::{
    Axis, Blocks, Dialect, Effort, Hazard, Lock, Plan, PlanError, Rendered, Rule, Unsupported,
    build_plan, rules, summary,
};
use strata_catalog::testing::{q, table};
use strata_catalog::*;
use strata_diff::Change;

pub(crate) struct Fake;

/// A lock-axis rule of the fake dialect.
static LOCKS_TABLE: Rule = Rule {
    code: "FAKE001",
    name: "locks-table",
    axis: Axis::Lock,
    summary: "locks a table",
    why: "Writes wait.",
    instead: "do not.",
};

/// Reads names the way PostgreSQL and SQLite render them, so the catalogs below can be
/// written as introspection reads them.
impl strata_diff::DiffRules for Fake {
    /// Like PostgreSQL: an identity keeps a sequence named like a serial one.
    fn identity_sequence(&self, table: &QualName, column: &str) -> Option<QualName> {
        Some(QualName::new(
            &table.schema,
            format!("{}_{column}_seq", table.name),
        ))
    }

    fn references_in(&self, text: &str) -> Vec<QualName> {
        strata_sqltext::qualified_names(text)
    }

    fn mentions_column(&self, text: &str, column: &str) -> bool {
        strata_sqltext::mentions(text, column)
    }
}

impl Dialect for Fake {
    fn name(&self) -> &'static str {
        "fake"
    }

    fn render(&self, change: &Change) -> Result<Rendered, Unsupported> {
        if matches!(change, Change::CreateCollation(_)) {
            return Err(Unsupported);
        }
        let hazards = match change {
            Change::AddConstraint { .. } => vec![
                Hazard::new(&rules::ADD_CHECK_CONSTRAINT, "may fail"),
                Hazard::new(&LOCKS_TABLE, "locks"),
            ],
            Change::DropTable(_) => vec![Hazard::new(&rules::DROP_TABLE, "rows")],
            Change::DropView(_) => vec![Hazard::new(&rules::DROP_VIEW, "clients")],
            _ => vec![],
        };
        // Like PostgreSQL's foreign keys: a lock on the table and the one it references.
        let locks = match change {
            Change::AddConstraint { table, constraint } => std::iter::once(table)
                .chain(constraint.references.as_ref().map(|r| &r.table))
                .map(|t| Lock::new(t.to_string(), "SHARE ROW EXCLUSIVE", Blocks::Writes))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Rendered {
            statements: vec![summary(change)],
            hazards,
            locks,
            effort: Some(Effort::Scan),
            ..Rendered::default()
        })
    }

    fn literal(&self, value: &str) -> String {
        strata_sqltext::quote_literal(value)
    }

    fn create_owned_table(&self, table: &str, columns: &str, _marker: &str) -> Vec<String> {
        vec![format!("CREATE TABLE {table} ({columns})")]
    }

    fn mark_owned_table(&self, _: &str, _: &str, _: &str, _: &str) -> Vec<String> {
        Vec::new()
    }

    fn quote_ident(&self, name: &str) -> String {
        strata_sqltext::quote_ident(name)
    }

    fn placeholder(&self, n: usize) -> String {
        format!("?{n}")
    }

    fn column_type(&self, _: crate::ColumnType) -> &'static str {
        "TEXT"
    }

    fn is_missing_table(&self, _: Option<&str>, _: &str) -> bool {
        false
    }
}

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

fn constraint(name: &str, kind: ConstraintKind, def: &str, cols: &[&str]) -> Constraint {
    Constraint {
        name: name.into(),
        kind,
        definition: def.into(),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        references: None,
        comment: None,
        only: false,
        attached_to: None,
    }
}

fn with(mut t: Table, c: Constraint) -> Table {
    t.constraints.insert(c.name.clone(), c);
    t
}

fn view(name: &str, def: &str) -> View {
    View {
        name: q(name),
        definition: def.into(),
        materialized: false,
        columns: vec![("x".into(), "integer".into())],
        options: vec![],
        comment: None,
    }
}

fn catalog(tables: Vec<Table>, views: Vec<View>) -> Catalog {
    let mut c = Catalog::default();
    for t in tables {
        c.tables.insert(t.name.clone(), t);
    }
    for v in views {
        c.views.insert(v.name.clone(), v);
    }
    c
}

fn plan(from: &Catalog, to: &Catalog) -> Plan {
    build_plan(from, to, &Fake).expect("plan")
}

fn summaries(plan: &Plan) -> Vec<String> {
    plan.steps.iter().map(|s| s.summary.clone()).collect()
}

fn position(plan: &Plan, summary: &str) -> usize {
    summaries(plan)
        .iter()
        .position(|s| s == summary)
        .unwrap_or_else(|| panic!("no step {summary:?} in {:#?}", summaries(plan)))
}

#[test]
fn foreign_key_waits_for_the_key_it_references() {
    // `a` sorts first, and its key is added in the same phase as b's primary key.
    let a = table("a", &[("id", "integer"), ("b_id", "integer")]);
    let b = table("b", &[("id", "integer")]);
    let from = catalog(vec![a.clone(), b.clone()], vec![]);
    let mut fk = constraint(
        "a_b_fkey",
        ConstraintKind::ForeignKey,
        "FOREIGN KEY (b_id) REFERENCES public.b(id)",
        &["b_id"],
    );
    fk.references = Some(ForeignKey {
        columns: vec!["id".into()],
        ..ForeignKey::to(q("b"))
    });
    let pk = constraint(
        "b_pkey",
        ConstraintKind::PrimaryKey,
        "PRIMARY KEY (id)",
        &["id"],
    );
    let to = catalog(vec![with(a, fk), with(b, pk)], vec![]);
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "add constraint b_pkey on public.b",
            "add constraint a_b_fkey on public.a"
        ]
    );
}

#[test]
fn new_tables_come_before_their_foreign_keys_and_lose_noise_hazards() {
    let mut fk = constraint(
        "a_b_fkey",
        ConstraintKind::ForeignKey,
        "FOREIGN KEY (b_id) REFERENCES public.b(id)",
        &["b_id"],
    );
    fk.references = Some(ForeignKey {
        columns: vec!["id".into()],
        ..ForeignKey::to(q("b"))
    });
    let a = with(table("a", &[("b_id", "integer")]), fk);
    let b = with(
        table("b", &[("id", "integer")]),
        constraint(
            "b_pkey",
            ConstraintKind::PrimaryKey,
            "PRIMARY KEY (id)",
            &["id"],
        ),
    );
    let p = plan(&Catalog::default(), &catalog(vec![a, b], vec![]));
    assert_eq!(
        summaries(&p),
        [
            "create table public.a",
            "create table public.b",
            "add constraint a_b_fkey on public.a"
        ]
    );
    assert!(p.steps[2].hazards.is_empty());
}

#[test]
fn drops_run_in_reverse_dependency_order() {
    let t = table("t", &[("x", "integer")]);
    // v1 sorts first but depends on v2, which depends on the table.
    let mut from = catalog(
        vec![t],
        vec![
            view("v1", " SELECT v2.x FROM public.v2;"),
            view("v2", " SELECT t.x FROM public.t;"),
        ],
    );
    from.dependencies.insert((
        ObjectId::View(q("v2")),
        ObjectId::Column(q("t"), "x".into()),
    ));
    let p = plan(&from, &Catalog::default());
    assert_eq!(
        summaries(&p),
        [
            "drop view public.v1",
            "drop view public.v2",
            "drop table public.t"
        ]
    );
    let back = plan(&Catalog::default(), &from);
    assert_eq!(
        summaries(&back),
        [
            "create table public.t",
            "create view public.v2",
            "create view public.v1"
        ]
    );
}

#[test]
fn serial_sequence_before_its_table_and_owned_after() {
    let mut t = table("t", &[("id", "integer")]);
    t.columns[0].default = Some("nextval('public.t_id_seq'::regclass)".into());
    t.columns[0].default_sequence = Some(q("t_id_seq"));
    let mut to = catalog(vec![t], vec![]);
    to.sequences.insert(
        q("t_id_seq"),
        Sequence {
            name: q("t_id_seq"),
            options: SequenceOptions {
                data_type: "integer".into(),
                start: 1,
                increment: 1,
                min_value: 1,
                max_value: 2147483647,
                cache: 1,
                cycle: false,
            },
            owned_by: Some((q("t"), "id".into())),
            comment: None,
        },
    );
    // What pg_depend records for a serial column, in both directions.
    to.dependencies.insert((
        ObjectId::Column(q("t"), "id".into()),
        ObjectId::Sequence(q("t_id_seq")),
    ));
    to.dependencies.insert((
        ObjectId::Sequence(q("t_id_seq")),
        ObjectId::Column(q("t"), "id".into()),
    ));
    let p = plan(&Catalog::default(), &to);
    assert_eq!(
        summaries(&p),
        [
            "create sequence public.t_id_seq",
            "create table public.t",
            "alter sequence public.t_id_seq"
        ]
    );
}

#[test]
fn a_recreated_object_is_dropped_before_it_is_created() {
    let index = |def: &str| Index {
        name: q("t_x_idx"),
        table: q("t"),
        definition: def.into(),
        unique: false,
        comment: None,
        parent: None,
    };
    let mut from = catalog(vec![table("t", &[("x", "integer")])], vec![]);
    let mut to = from.clone();
    from.indexes.insert(
        q("t_x_idx"),
        index("CREATE INDEX t_x_idx ON public.t USING btree (x)"),
    );
    to.indexes.insert(
        q("t_x_idx"),
        index("CREATE INDEX t_x_idx ON public.t USING hash (x)"),
    );
    assert_eq!(
        summaries(&plan(&from, &to)),
        ["drop index public.t_x_idx", "create index public.t_x_idx"]
    );
}

#[test]
fn a_true_cycle_is_an_error_naming_the_objects() {
    let mut to = catalog(
        vec![],
        vec![view("a", " SELECT 1 AS x;"), view("b", " SELECT 1 AS x;")],
    );
    to.dependencies
        .insert((ObjectId::View(q("a")), ObjectId::View(q("b"))));
    to.dependencies
        .insert((ObjectId::View(q("b")), ObjectId::View(q("a"))));
    let err = build_plan(&Catalog::default(), &to, &Fake).unwrap_err();
    let PlanError::Cycle(names) = &err else {
        panic!("not a cycle: {err}");
    };
    assert_eq!(names.len(), 2);
    assert!(err.to_string().contains("create view public.a"), "{err}");
    assert!(err.to_string().contains("create view public.b"), "{err}");
}

#[test]
fn a_change_the_dialect_cannot_express_fails_naming_it() {
    let mut to = Catalog::default();
    let name = q("c");
    to.collations.insert(
        name.clone(),
        Collation {
            name,
            definition: "provider = icu, locale = 'en'".into(),
            comment: None,
        },
    );
    let err = build_plan(&Catalog::default(), &to, &Fake).unwrap_err();
    assert_eq!(
        err.to_string(),
        "fake cannot express: create collation public.c"
    );
}

#[test]
fn views_over_a_retyped_column_are_recreated_around_it() {
    let v = view("v", " SELECT t.x FROM public.t;");
    let mut from = catalog(vec![table("t", &[("x", "integer")])], vec![v.clone()]);
    from.dependencies
        .insert((ObjectId::View(q("v")), ObjectId::Column(q("t"), "x".into())));
    let mut to = catalog(vec![table("t", &[("x", "bigint")])], vec![v]);
    to.dependencies
        .insert((ObjectId::View(q("v")), ObjectId::Column(q("t"), "x".into())));
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "drop view public.v",
            "alter column public.t.x",
            "create view public.v"
        ]
    );
    assert_eq!(
        p.steps[2].reason.as_deref(),
        Some("recreated because column public.t.x changes type")
    );
    // The view is back before the plan commits: clients keep working.
    assert!(p.steps[0].hazards.is_empty(), "{:?}", p.steps[0].hazards);
}

#[test]
fn a_view_that_stays_dropped_is_a_compatibility_finding() {
    let from = catalog(vec![], vec![view("v", " SELECT 1;")]);
    let p = plan(&from, &Catalog::default());
    assert_eq!(summaries(&p), ["drop view public.v"]);
    assert_eq!(p.steps[0].hazards[0].code, "S020");
}

#[test]
fn a_dropped_table_is_also_a_compatibility_finding_on_it() {
    let from = catalog(vec![table("t", &[("id", "integer")])], vec![]);
    let p = plan(&from, &Catalog::default());
    let found: Vec<(&str, Option<&str>)> = p.steps[0]
        .hazards
        .iter()
        .map(|h| (h.code.as_str(), h.object.as_deref()))
        .collect();
    assert_eq!(
        found,
        [("S001", Some("public.t")), ("S049", Some("public.t"))]
    );
    let created = plan(&Catalog::default(), &from);
    assert!(created.steps[0].hazards.is_empty());
}

#[test]
fn steps_carry_their_locks_and_lock_findings_name_the_strongest() {
    let fk = || {
        let mut fk = constraint(
            "a_b_fkey",
            ConstraintKind::ForeignKey,
            "FOREIGN KEY (b_id) REFERENCES public.b(id)",
            &["b_id"],
        );
        fk.references = Some(ForeignKey::to(q("b")));
        fk
    };
    let a = table("a", &[("b_id", "integer")]);
    let b = table("b", &[("id", "integer")]);
    let from = catalog(vec![a.clone(), b.clone()], vec![]);
    let p = plan(
        &from,
        &catalog(vec![with(a.clone(), fk()), b.clone()], vec![]),
    );
    let step = &p.steps[0];
    assert_eq!(
        step.locks,
        [
            Lock::new("public.a", "SHARE ROW EXCLUSIVE", Blocks::Writes),
            Lock::new("public.b", "SHARE ROW EXCLUSIVE", Blocks::Writes),
        ]
    );
    assert_eq!(step.effort, Some(Effort::Scan));
    let lock = step.hazards.iter().find(|h| h.axis == Axis::Lock).unwrap();
    assert_eq!(lock.relation.as_deref(), Some("public.a"));
    assert_eq!(lock.lock.as_deref(), Some("SHARE ROW EXCLUSIVE"));
    assert_eq!(lock.blocks, Some(Blocks::Writes));
    // Only data-dependent findings name no lock.
    let check = step.hazards.iter().find(|h| h.code == "S014").unwrap();
    assert_eq!(check.relation, None);

    // A new table blocks nobody: only the referenced table's lock stays.
    let only_b = catalog(vec![b.clone()], vec![]);
    let p = plan(&only_b, &catalog(vec![with(a, fk()), b], vec![]));
    let add = p
        .steps
        .iter()
        .find(|s| s.summary.starts_with("add constraint"))
        .unwrap();
    assert_eq!(
        add.locks,
        [Lock::new("public.b", "SHARE ROW EXCLUSIVE", Blocks::Writes)]
    );
}

#[test]
fn replaced_enum_recreates_views_over_its_columns() {
    let mood = |labels: &[&str]| UserType {
        name: q("mood"),
        kind: TypeKind::Enum {
            labels: labels.iter().map(|l| l.to_string()).collect(),
        },
        comment: None,
    };
    let t = table("t", &[("m", "public.mood")]);
    let v = view("v", " SELECT t.m FROM public.t;");
    let mut from = catalog(vec![t.clone()], vec![v.clone()]);
    from.types.insert(q("mood"), mood(&["a", "b"]));
    from.dependencies
        .insert((ObjectId::View(q("v")), ObjectId::Column(q("t"), "m".into())));
    let mut to = catalog(vec![t], vec![v]);
    to.types.insert(q("mood"), mood(&["b", "a"]));
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "drop view public.v",
            "replace type public.mood",
            "create view public.v"
        ]
    );
    assert_eq!(
        p.steps[0].reason.as_deref(),
        Some("recreated because type public.mood is replaced")
    );
}

#[test]
fn recreated_materialized_view_gets_its_indexes_and_grants_back() {
    let mut mv = view("mv", " SELECT 1 AS x;");
    mv.materialized = true;
    let mut from = catalog(vec![], vec![mv.clone()]);
    from.indexes.insert(
        q("mv_x_idx"),
        Index {
            name: q("mv_x_idx"),
            table: q("mv"),
            definition: "CREATE INDEX mv_x_idx ON public.mv USING btree (x)".into(),
            unique: false,
            comment: None,
            parent: None,
        },
    );
    let grant = Grant {
        object: ObjectId::Table(q("mv")),
        grantee: "reader".into(),
        privilege: Privilege::Select,
        grantable: false,
    };
    from.grants.insert(grant);
    let mut to = from.clone();
    to.views.get_mut(&q("mv")).unwrap().definition = " SELECT 2 AS x;".into();
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "drop index public.mv_x_idx",
            "drop materialized view public.mv",
            "create materialized view public.mv",
            "create index public.mv_x_idx",
            "grant select on table public.mv to reader"
        ]
    );
    assert_eq!(
        p.steps[3].reason.as_deref(),
        Some("recreated because view public.mv is recreated")
    );
}

#[test]
fn trigger_follows_its_recreated_function() {
    let f = |returns: &str| Function {
        name: q("f"),
        identity_args: String::new(),
        procedure: false,
        returns: returns.into(),
        definition: format!("CREATE OR REPLACE FUNCTION public.f()\n RETURNS {returns}\n"),
        comment: None,
        input_types: Vec::new(),
    };
    let trigger = Trigger {
        table: q("t"),
        name: "trg".into(),
        definition:
            "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()"
                .into(),
        enabled: TriggerState::Origin,
        comment: None,
    };
    let mut from = catalog(vec![table("t", &[("x", "integer")])], vec![]);
    from.triggers.insert((q("t"), "trg".into()), trigger);
    let mut to = from.clone();
    from.functions.insert((q("f"), String::new()), f("trigger"));
    to.functions
        .insert((q("f"), String::new()), f("event_trigger"));
    let p = plan(&from, &to);
    let drop_fn = position(&p, "drop function public.f()");
    let create_fn = position(&p, "create function public.f()");
    assert!(position(&p, "drop trigger trg on public.t") < drop_fn);
    assert!(drop_fn < create_fn);
    assert!(create_fn < position(&p, "create trigger trg on public.t"));
}

#[test]
fn schemas_and_types_before_the_tables_that_use_them() {
    let mut to = Catalog::default();
    to.schemas.insert(
        "app".into(),
        Schema {
            name: "app".into(),
            comment: None,
        },
    );
    to.types.insert(
        QualName::new("app", "mood"),
        UserType {
            name: QualName::new("app", "mood"),
            kind: TypeKind::Enum {
                labels: vec!["a".into()],
            },
            comment: None,
        },
    );
    let mut t = table("t", &[("m", "app.mood")]);
    t.name = QualName::new("app", "t");
    to.tables.insert(t.name.clone(), t);
    let p = plan(&Catalog::default(), &to);
    assert_eq!(
        summaries(&p),
        [
            "create schema app",
            "create type app.mood",
            "create table app.t"
        ]
    );
    let back = plan(&to, &Catalog::default());
    assert_eq!(
        summaries(&back),
        ["drop table app.t", "drop type app.mood", "drop schema app"]
    );
    assert!(back.steps[0].is_destructive());
}

#[test]
fn table_level_dependencies_still_find_views_using_the_column() {
    let v = view("v", " SELECT length((t.name)::text) AS x FROM public.t;");
    let other = view("other", " SELECT t.id AS x FROM public.t;");
    let mut from = catalog(
        vec![table(
            "t",
            &[("id", "integer"), ("name", "character varying(20)")],
        )],
        vec![v.clone(), other.clone()],
    );
    for name in ["v", "other"] {
        from.dependencies
            .insert((ObjectId::View(q(name)), ObjectId::Table(q("t"))));
    }
    let mut to = from.clone();
    to.tables.insert(
        q("t"),
        table("t", &[("id", "integer"), ("name", "character varying(10)")]),
    );
    assert_eq!(
        summaries(&plan(&from, &to)),
        [
            "drop view public.v",
            "alter column public.t.name",
            "create view public.v"
        ]
    );
}

#[test]
fn identity_gives_way_before_a_serial_sequence_of_the_same_name() {
    let options = SequenceOptions {
        data_type: "integer".into(),
        start: 1,
        increment: 1,
        min_value: 1,
        max_value: 2147483647,
        cache: 1,
        cycle: false,
    };
    let mut identity = table("t", &[("id", "integer")]);
    identity.columns[0].not_null = true;
    identity.columns[0].identity = Some(Identity {
        always: false,
        options: options.clone(),
    });
    let mut serial = table("t", &[("id", "integer")]);
    serial.columns[0].not_null = true;
    serial.columns[0].default = Some("nextval('public.t_id_seq'::regclass)".into());
    serial.columns[0].default_sequence = Some(q("t_id_seq"));
    let from = catalog(vec![identity], vec![]);
    let mut to = catalog(vec![serial], vec![]);
    to.sequences.insert(
        q("t_id_seq"),
        Sequence {
            name: q("t_id_seq"),
            options,
            owned_by: Some((q("t"), "id".into())),
            comment: None,
        },
    );
    assert_eq!(
        summaries(&plan(&from, &to)),
        [
            "alter column public.t.id",
            "create sequence public.t_id_seq",
            "alter column public.t.id",
            "alter sequence public.t_id_seq"
        ]
    );
}

#[test]
fn views_over_a_table_that_becomes_a_view_are_recreated() {
    let q_view = view("q", " SELECT data.x FROM public.data;");
    let mut from = catalog(
        vec![table("data", &[("x", "integer")])],
        vec![q_view.clone()],
    );
    from.dependencies
        .insert((ObjectId::View(q("q")), ObjectId::Table(q("data"))));
    let mut to = catalog(
        vec![table("t_data", &[("x", "integer")])],
        vec![view("data", " SELECT t_data.x FROM public.t_data;"), q_view],
    );
    to.dependencies
        .insert((ObjectId::View(q("q")), ObjectId::View(q("data"))));
    to.dependencies
        .insert((ObjectId::View(q("data")), ObjectId::Table(q("t_data"))));
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "drop view public.q",
            "drop table public.data",
            "create table public.t_data",
            "create view public.data",
            "create view public.q"
        ]
    );
    assert_eq!(
        p.steps[4].reason.as_deref(),
        Some("recreated because table public.data is dropped")
    );
}

#[test]
fn a_partition_leaves_before_its_parent_gains_columns() {
    let mut parent = table("m", &[("d", "date")]);
    parent.pg_mut().partition_key = Some("RANGE (d)".into());
    // `z_part` sorts after `m`, so its detach would come after the parent's new column
    // if only positions decided.
    let mut part = table("z_part", &[("d", "date")]);
    part.pg_mut().partition_of = Some((
        q("m"),
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')".into(),
    ));
    let from = catalog(vec![parent.clone(), part.clone()], vec![]);
    parent.columns.push(col("extra", "text"));
    part.pg_mut().partition_of = None;
    let to = catalog(vec![parent, part], vec![]);
    assert_eq!(
        summaries(&plan(&from, &to)),
        ["alter table public.z_part", "add column public.m.extra"]
    );
}

#[test]
fn foreign_keys_come_down_while_both_ends_change_type() {
    let mut pk = constraint(
        "a_pkey",
        ConstraintKind::PrimaryKey,
        "PRIMARY KEY (id)",
        &["id"],
    );
    pk.comment = None;
    let mut fk = constraint(
        "b_a_fkey",
        ConstraintKind::ForeignKey,
        "FOREIGN KEY (a_id) REFERENCES public.a(id)",
        &["a_id"],
    );
    fk.references = Some(ForeignKey {
        columns: vec!["id".into()],
        ..ForeignKey::to(q("a"))
    });
    let from = catalog(
        vec![
            with(table("a", &[("id", "integer")]), pk.clone()),
            with(table("b", &[("a_id", "integer")]), fk.clone()),
        ],
        vec![],
    );
    let to = catalog(
        vec![
            with(table("a", &[("id", "uuid")]), pk),
            with(table("b", &[("a_id", "uuid")]), fk),
        ],
        vec![],
    );
    // The fake dialect keeps the default: the primary key is recreated too (PostgreSQL
    // rechecks it itself; its crate tests that).
    assert_eq!(
        summaries(&plan(&from, &to)),
        [
            "drop constraint b_a_fkey on public.b",
            "drop constraint a_pkey on public.a",
            "alter column public.a.id",
            "alter column public.b.a_id",
            "add constraint a_pkey on public.a",
            "add constraint b_a_fkey on public.b"
        ]
    );
}

#[test]
fn generated_columns_step_aside_while_their_source_changes_type() {
    let mut from_t = table("line", &[("qty", "integer"), ("doubled", "integer")]);
    from_t.columns[1].generated = Some("(qty * 2)".into());
    let mut to_t = table("line", &[("qty", "bigint"), ("doubled", "bigint")]);
    to_t.columns[1].generated = Some("(qty * 2)".into());
    let p = plan(&catalog(vec![from_t], vec![]), &catalog(vec![to_t], vec![]));
    assert_eq!(
        summaries(&p),
        [
            "drop column public.line.doubled",
            "alter column public.line.qty",
            "add column public.line.doubled"
        ]
    );
}

#[test]
fn defaults_step_aside_while_their_function_is_recreated() {
    let f = |returns: &str| Function {
        name: q("next_no"),
        identity_args: String::new(),
        procedure: false,
        returns: returns.into(),
        definition: format!("CREATE OR REPLACE FUNCTION public.next_no()\n RETURNS {returns}\n"),
        comment: None,
        input_types: Vec::new(),
    };
    let mut t = table("ticket", &[("no", "bigint")]);
    t.columns[0].default = Some("public.next_no()".into());
    let mut from = catalog(vec![t.clone()], vec![]);
    from.functions
        .insert((q("next_no"), String::new()), f("integer"));
    let mut to = catalog(vec![t], vec![]);
    to.functions
        .insert((q("next_no"), String::new()), f("bigint"));
    let p = plan(&from, &to);
    assert_eq!(
        summaries(&p),
        [
            "alter column public.ticket.no",
            "drop function public.next_no()",
            "create function public.next_no()",
            "alter column public.ticket.no"
        ]
    );
}

#[test]
fn a_renamed_parameter_drops_the_old_function_first() {
    let f = |arg: &str| Function {
        name: q("greet"),
        identity_args: format!("{arg} text"),
        procedure: false,
        returns: "text".into(),
        definition: format!("CREATE OR REPLACE FUNCTION public.greet({arg} text)\n"),
        comment: None,
        input_types: vec!["text".into()],
    };
    let mut from = Catalog::default();
    from.functions
        .insert((q("greet"), "name text".into()), f("name"));
    let mut to = Catalog::default();
    to.functions
        .insert((q("greet"), "person text".into()), f("person"));
    assert_eq!(
        summaries(&plan(&from, &to)),
        [
            "drop function public.greet(name text)",
            "create function public.greet(person text)"
        ]
    );
}

#[test]
fn steps_say_what_they_do() {
    let to = catalog(vec![table("t", &[("a", "int")])], vec![]);
    let plan = plan(&Catalog::default(), &to);
    let op = plan.steps[0].op.expect("an op");
    assert_eq!(op.to_string(), "create:table");
}

/// Every kind of object is created by the diff from nothing, dropped by the diff back to
/// nothing (by its own change or with the table it belongs to), and waits for its schema.
mod every_kind {
    use crate::deps::Deps;
    use crate::footprint::footprint;
    use std::collections::BTreeSet;
    use strata_catalog::testing::one_of_each;
    use strata_catalog::{Catalog, Kind, ObjectId};
    use strata_diff::{NoRules, diff};

    fn touched(from: &Catalog, to: &Catalog) -> (BTreeSet<ObjectId>, BTreeSet<ObjectId>) {
        let (mut created, mut dropped) = (BTreeSet::new(), BTreeSet::new());
        for change in diff(from, to, &NoRules) {
            let fp = footprint(&change, &NoRules);
            created.extend(fp.creates);
            dropped.extend(fp.drops);
        }
        (created, dropped)
    }

    /// The table an object is a part of or sits on, if any.
    fn owner(id: &ObjectId, cat: &Catalog) -> Option<ObjectId> {
        match id {
            ObjectId::Column(t, _)
            | ObjectId::Constraint(t, _)
            | ObjectId::Policy(t, _)
            | ObjectId::Trigger(t, _) => Some(ObjectId::Table(t.clone())),
            ObjectId::Index(n) => Some(ObjectId::Table(cat.indexes[n].table.clone())),
            _ => None,
        }
    }

    #[test]
    fn is_created_from_nothing() {
        let full = one_of_each();
        let (created, _) = touched(&Catalog::default(), &full);
        for kind in Kind::ALL {
            for id in full.ids(kind) {
                assert!(created.contains(&id), "nothing creates {id}");
            }
        }
    }

    #[test]
    fn is_dropped_itself_or_with_its_table() {
        let full = one_of_each();
        let (_, dropped) = touched(&full, &Catalog::default());
        for kind in Kind::ALL {
            for id in full.ids(kind) {
                let with_owner = owner(&id, &full).is_some_and(|t| dropped.contains(&t));
                assert!(dropped.contains(&id) || with_owner, "nothing drops {id}");
            }
        }
    }

    #[test]
    fn waits_for_its_schema() {
        let full = one_of_each();
        let deps = Deps::of(&full, &NoRules);
        let schema = ObjectId::Schema("app".into());
        for kind in Kind::ALL.into_iter().filter(|k| k.in_schema()) {
            for id in full.ids(kind) {
                assert!(
                    deps.depends(&id, &schema),
                    "{id} does not wait for its schema"
                );
            }
        }
    }
}

fn event_function(name: &str, body: &str) -> Function {
    Function {
        name: q(name),
        identity_args: String::new(),
        procedure: false,
        returns: "event_trigger".into(),
        definition: format!(
            "CREATE OR REPLACE FUNCTION public.{name}()\n RETURNS event_trigger\n{body}"
        ),
        comment: None,
        input_types: Vec::new(),
    }
}

fn event_trigger(name: &str, function: &str, enabled: TriggerState) -> EventTrigger {
    EventTrigger {
        name: name.into(),
        event: EventTriggerEvent::DdlCommandStart,
        tags: Vec::new(),
        function: q(function),
        enabled,
        comment: None,
    }
}

fn with_event_trigger(mut c: Catalog, e: EventTrigger) -> Catalog {
    c.event_triggers.insert(e.name.clone(), e);
    c
}

fn fenced_order(from: &Catalog, to: &Catalog) -> Vec<String> {
    summaries(&plan(from, to))
}

#[test]
fn event_triggers_are_made_and_enabled_after_every_other_step() {
    let mut to = catalog(
        vec![table("t", &[("x", "integer")])],
        vec![view("v", " SELECT 1 AS x;")],
    );
    to.functions
        .insert((q("audit"), String::new()), event_function("audit", ""));
    // Sorts before everything and would run in an early phase by itself.
    let mut made = event_trigger("a_audit", "audit", TriggerState::Origin);
    made.comment = Some("logs DDL".into());
    let to = with_event_trigger(to, made);
    let steps = fenced_order(&Catalog::default(), &to);
    assert_eq!(
        steps.last().unwrap(),
        "create event trigger a_audit",
        "{steps:#?}"
    );

    // Enabling one that exists waits for the new table and function too.
    let disabled = event_trigger("a_audit", "audit", TriggerState::Disabled);
    let mut from = to.clone();
    from.tables.clear();
    from.views.clear();
    from.event_triggers.clear();
    let from = with_event_trigger(from, disabled.clone());
    let mut always = disabled.clone();
    always.enabled = TriggerState::Always;
    always.comment = Some("logs DDL".into());
    let mut to = to;
    to.event_triggers.clear();
    let to = with_event_trigger(to, always);
    let steps = fenced_order(&from, &to);
    assert_eq!(
        steps[steps.len() - 2..],
        [
            "enable event trigger a_audit",
            "comment on event trigger a_audit"
        ],
        "{steps:#?}"
    );
}

#[test]
fn event_triggers_are_dropped_and_disabled_before_every_other_step() {
    let mut from = catalog(vec![table("t", &[("x", "integer")])], vec![]);
    from.functions
        .insert((q("audit"), String::new()), event_function("audit", ""));
    // Sorts last, so by name and phase alone it would run last.
    let from = with_event_trigger(
        from,
        event_trigger("z_audit", "audit", TriggerState::Origin),
    );
    let mut to = catalog(vec![table("u", &[("x", "integer")])], vec![]);
    to.functions = from.functions.clone();
    let disabled = with_event_trigger(
        to.clone(),
        event_trigger("z_audit", "audit", TriggerState::Disabled),
    );
    let steps = fenced_order(&from, &disabled);
    assert_eq!(steps[0], "disable event trigger z_audit", "{steps:#?}");
    assert_eq!(steps.len(), 3, "{steps:#?}");

    let steps = fenced_order(&from, &to);
    assert_eq!(steps[0], "drop event trigger z_audit", "{steps:#?}");
    assert!(steps.contains(&"drop table public.t".to_string()));
}

#[test]
fn event_trigger_follows_its_recreated_function() {
    let mut from = Catalog::default();
    from.functions
        .insert((q("audit"), String::new()), event_function("audit", ""));
    from.dependencies.insert((
        ObjectId::EventTrigger("audit_ddl".into()),
        ObjectId::Function(q("audit"), String::new()),
    ));
    let from = with_event_trigger(
        from,
        event_trigger("audit_ddl", "audit", TriggerState::Origin),
    );
    let mut to = from.clone();
    let mut procedure = event_function("audit", "");
    procedure.returns = "trigger".into();
    to.functions.insert((q("audit"), String::new()), procedure);
    let steps = fenced_order(&from, &to);
    assert_eq!(
        steps,
        [
            "drop event trigger audit_ddl",
            "drop function public.audit()",
            "create function public.audit()",
            "create event trigger audit_ddl"
        ]
    );
}

#[test]
fn a_disable_goes_first_even_when_its_function_changes_in_place() {
    let mut from = Catalog::default();
    from.functions
        .insert((q("audit"), String::new()), event_function("audit", ""));
    let on = event_trigger("audit_ddl", "audit", TriggerState::Origin);
    let from = with_event_trigger(from, on.clone());
    let mut to = from.clone();
    let replaced = event_function("audit", "AS $$ BEGIN END $$");
    to.functions
        .insert((q("audit"), String::new()), replaced.clone());
    let off = event_trigger("audit_ddl", "audit", TriggerState::Disabled);
    let to = with_event_trigger(to, off.clone());
    let changes = vec![
        Change::ReplaceFunction {
            from: event_function("audit", ""),
            to: replaced,
        },
        Change::AlterEventTriggerEnabled { from: on, to: off },
    ];
    let p = crate::plan_changes(changes, &from, &to, &Fake).expect("plan");
    assert_eq!(
        summaries(&p),
        [
            "disable event trigger audit_ddl",
            "replace function public.audit()"
        ]
    );
}
