//! Diff tests on small hand-built catalogs, written the way introspection reads them.
use crate::{Change, DiffRules};
use strata_catalog::testing::{cat_with_tables, enum_type, q, table};
use strata_catalog::*;

/// Stand-in rules for what the dialect crates decide, simple enough to predict here; the
/// real rules are tested in their crates.
struct Rules;

impl DiffRules for Rules {
    fn can_replace_function(&self, from: &Function, to: &Function) -> bool {
        from.returns == to.returns
    }

    fn references_in(&self, text: &str) -> Vec<QualName> {
        strata_sqltext::qualified_names(text)
    }

    fn mentions_column(&self, text: &str, column: &str) -> bool {
        strata_sqltext::mentions(text, column)
    }
}

fn diff(from: &Catalog, to: &Catalog) -> Vec<Change> {
    crate::diff(from, to, &Rules)
}

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

fn pk(table: &str, cols: &str) -> Constraint {
    Constraint {
        name: format!("{table}_pkey"),
        kind: ConstraintKind::PrimaryKey,
        definition: format!("PRIMARY KEY ({cols})"),
        columns: vec![cols.into()],
        references: None,
        comment: None,
        only: false,
        attached_to: None,
    }
}

fn fk(name: &str, col: &str, target: &str) -> Constraint {
    Constraint {
        name: name.into(),
        kind: ConstraintKind::ForeignKey,
        definition: format!("FOREIGN KEY ({col}) REFERENCES public.{target}(id)"),
        columns: vec![col.into()],
        references: Some(ForeignKey::to(q(target))),
        comment: None,
        only: false,
        attached_to: None,
    }
}

fn with(mut t: Table, c: Constraint) -> Table {
    t.constraints.insert(c.name.clone(), c);
    t
}

fn view(name: &str, def: &str, cols: &[(&str, &str)]) -> View {
    View {
        name: q(name),
        definition: def.into(),
        materialized: false,
        columns: cols
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        options: vec![],
        comment: None,
    }
}

fn function(name: &str, returns: &str, body: &str) -> Function {
    Function {
        name: q(name),
        identity_args: String::new(),
        procedure: false,
        returns: returns.into(),
        definition: format!(
            "CREATE OR REPLACE FUNCTION public.{name}()\n RETURNS {returns}\n LANGUAGE sql\nAS $function${body}$function$\n"
        ),
        comment: None,
        input_types: Vec::new(),
    }
}

/// A compact, readable name for each change, to compare whole diffs at a glance.
fn kinds(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let s = format!("{c:?}");
            s.split([' ', '(', '{']).next().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn identical_catalogs_have_no_changes() {
    let mut c = cat_with_tables(vec![with(table("t", &[("id", "integer")]), pk("t", "id"))]);
    c.types.insert(q("mood"), enum_type("mood", &["a"]));
    assert!(diff(&c, &c.clone()).is_empty());
}

#[test]
fn schemas_and_extensions() {
    let mut a = Catalog::default();
    let mut b = Catalog::default();
    a.schemas.insert(
        "old".into(),
        Schema {
            name: "old".into(),
            comment: None,
        },
    );
    b.schemas.insert(
        "new".into(),
        Schema {
            name: "new".into(),
            comment: None,
        },
    );
    let ext = |v: &str| Extension {
        name: "pg_trgm".into(),
        schema: "public".into(),
        version: v.into(),
    };
    a.extensions.insert("pg_trgm".into(), ext("1.5"));
    b.extensions.insert("pg_trgm".into(), ext("1.6"));
    let changes = diff(&a, &b);
    assert_eq!(
        kinds(&changes),
        ["CreateSchema", "DropSchema", "AlterExtension"]
    );
}

#[test]
fn enum_label_removed_replaces_type_and_lists_columns() {
    let t = table(
        "t",
        &[
            ("id", "integer"),
            ("m", "public.mood"),
            ("ms", "public.mood[]"),
        ],
    );
    let mut a = cat_with_tables(vec![t.clone()]);
    let mut b = cat_with_tables(vec![t]);
    a.types
        .insert(q("mood"), enum_type("mood", &["sad", "happy"]));
    b.types.insert(q("mood"), enum_type("mood", &["happy"]));
    let changes = diff(&a, &b);
    let [Change::ReplaceType { columns, .. }] = changes.as_slice() else {
        panic!("{changes:?}")
    };
    let names: Vec<&str> = columns.iter().map(|c| c.to.name.as_str()).collect();
    assert_eq!(names, ["m", "ms"]);
}

#[test]
fn domains_alter_in_place_unless_the_base_changes() {
    let domain = |base: &str, default: Option<&str>| UserType {
        name: q("pos"),
        kind: TypeKind::Domain {
            base: base.into(),
            not_null: false,
            default: default.map(Into::into),
            collation: None,
            checks: [("pos_check".to_string(), "CHECK ((VALUE > 0))".to_string())].into(),
            check_comments: Default::default(),
        },
        comment: None,
    };
    let one = |t: UserType| {
        let mut c = Catalog::default();
        c.types.insert(t.name.clone(), t);
        c
    };
    let a = one(domain("integer", None));
    assert_eq!(
        kinds(&diff(&a, &one(domain("integer", Some("1"))))),
        ["AlterDomain"]
    );
    assert_eq!(
        kinds(&diff(&a, &one(domain("bigint", None)))),
        ["ReplaceType"]
    );
    let composite = UserType {
        name: q("pos"),
        kind: TypeKind::Composite {
            attributes: vec![("x".into(), "integer".into())],
        },
        comment: None,
    };
    assert_eq!(kinds(&diff(&a, &one(composite))), ["ReplaceType"]);
}

#[test]
fn comment_only_differences_never_recreate() {
    let mut v = view("v", " SELECT 1 AS x;", &[("x", "integer")]);
    let mut t = table("t", &[("id", "integer")]);
    let mut a = cat_with_tables(vec![t.clone()]);
    a.views.insert(q("v"), v.clone());
    let mut mv = view("mv", " SELECT 1 AS x;", &[("x", "integer")]);
    mv.materialized = true;
    a.views.insert(q("mv"), mv.clone());
    t.comment = Some("people".into());
    t.columns[0].comment = Some("key".into());
    v.comment = Some("a view".into());
    mv.comment = Some("a matview".into());
    let mut b = cat_with_tables(vec![t]);
    b.views.insert(q("v"), v);
    b.views.insert(q("mv"), mv);
    assert_eq!(
        diff(&a, &b),
        vec![
            Change::SetComment {
                target: ObjectId::Column(q("t"), "id".into()),
                comment: Some("key".into()),
            },
            Change::SetComment {
                target: ObjectId::Table(q("t")),
                comment: Some("people".into()),
            },
            Change::SetMaterializedViewComment {
                name: q("mv"),
                comment: Some("a matview".into()),
            },
            Change::SetComment {
                target: ObjectId::View(q("v")),
                comment: Some("a view".into()),
            },
        ]
    );
}

#[test]
fn new_tables_get_foreign_keys_as_separate_changes() {
    let users = with(table("users", &[("id", "integer")]), pk("users", "id"));
    let orders = with(
        with(
            table("orders", &[("id", "integer"), ("user_id", "integer")]),
            pk("orders", "id"),
        ),
        fk("orders_user_id_fkey", "user_id", "users"),
    );
    let changes = diff(&Catalog::default(), &cat_with_tables(vec![users, orders]));
    assert_eq!(
        kinds(&changes),
        ["CreateTable", "AddConstraint", "CreateTable"]
    );
    let Change::CreateTable(created) = &changes[0] else {
        unreachable!()
    };
    assert_eq!(
        created.constraints.keys().collect::<Vec<_>>(),
        ["orders_pkey"]
    );
}

#[test]
fn dropped_tables_referencing_each_other_drop_their_keys_first() {
    let a = with(
        table("a", &[("id", "integer"), ("b", "integer")]),
        fk("a_b", "b", "b"),
    );
    let b = with(
        table("b", &[("id", "integer"), ("a", "integer")]),
        fk("b_a", "a", "a"),
    );
    let changes = diff(&cat_with_tables(vec![a, b]), &Catalog::default());
    assert_eq!(
        kinds(&changes),
        ["DropConstraint", "DropTable", "DropConstraint", "DropTable"]
    );
    let Change::DropTable(t) = &changes[1] else {
        unreachable!()
    };
    assert!(t.constraints.is_empty());
}

#[test]
fn columns_and_constraints_by_name() {
    let mut t1 = with(
        table("t", &[("id", "integer"), ("age", "integer"), ("n", "text")]),
        pk("t", "id"),
    );
    t1.constraints.insert(
        "t_n_check".into(),
        Constraint {
            name: "t_n_check".into(),
            kind: ConstraintKind::Check,
            definition: "CHECK ((length(n) > 0))".into(),
            columns: vec!["n".into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        },
    );
    let mut t2 = t1.clone();
    t2.columns.retain(|c| c.name != "age");
    t2.columns[1].not_null = true;
    t2.columns.push(col("email", "text"));
    t2.constraints.get_mut("t_n_check").unwrap().definition = "CHECK ((length(n) > 1))".into();
    let changes = diff(&cat_with_tables(vec![t1]), &cat_with_tables(vec![t2]));
    assert_eq!(
        kinds(&changes),
        [
            "DropColumn",
            "AlterColumn",
            "AddColumn",
            "DropConstraint",
            "AddConstraint"
        ]
    );
}

#[test]
fn owned_sequences() {
    let mut t = table("t", &[("id", "integer")]);
    t.columns[0].default = Some("nextval('public.t_id_seq'::regclass)".into());
    t.columns[0].default_sequence = Some(q("t_id_seq"));
    let seq = Sequence {
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
    };
    let mut with_seq = cat_with_tables(vec![t]);
    with_seq.sequences.insert(q("t_id_seq"), seq);
    let created = diff(&Catalog::default(), &with_seq);
    assert_eq!(
        kinds(&created),
        ["CreateSequence", "AlterSequence", "CreateTable"]
    );
    let Change::CreateSequence(s) = &created[0] else {
        unreachable!()
    };
    assert_eq!(s.owned_by, None);
    // The sequence goes with its table.
    assert_eq!(kinds(&diff(&with_seq, &Catalog::default())), ["DropTable"]);
}

#[test]
fn indexes_on_dropped_tables_go_with_them() {
    let index = Index {
        name: q("t_x_idx"),
        table: q("t"),
        definition: "CREATE INDEX t_x_idx ON public.t USING btree (x)".into(),
        unique: false,
        comment: None,
        parent: None,
    };
    let mut a = cat_with_tables(vec![table("t", &[("x", "integer")])]);
    a.indexes.insert(q("t_x_idx"), index.clone());
    assert_eq!(kinds(&diff(&a, &Catalog::default())), ["DropTable"]);
    let mut b = a.clone();
    b.indexes.get_mut(&q("t_x_idx")).unwrap().definition =
        "CREATE INDEX t_x_idx ON public.t USING btree (x DESC)".into();
    assert_eq!(kinds(&diff(&a, &b)), ["DropIndex", "CreateIndex"]);
}

#[test]
fn views_replace_only_when_columns_are_a_prefix() {
    let base = view("v", " SELECT 1 AS a;", &[("a", "integer")]);
    let mut a = Catalog::default();
    a.views.insert(q("v"), base);
    let mut wider = a.clone();
    wider.views.insert(
        q("v"),
        view(
            "v",
            " SELECT 1 AS a, 2 AS b;",
            &[("a", "integer"), ("b", "integer")],
        ),
    );
    assert_eq!(kinds(&diff(&a, &wider)), ["ReplaceView"]);
    let mut retyped = a.clone();
    retyped.views.insert(
        q("v"),
        view("v", " SELECT 1::bigint AS a;", &[("a", "bigint")]),
    );
    assert_eq!(kinds(&diff(&a, &retyped)), ["DropView", "CreateView"]);
    let mut mat = wider.clone();
    mat.views.get_mut(&q("v")).unwrap().materialized = true;
    let mut mat2 = mat.clone();
    mat2.views.get_mut(&q("v")).unwrap().definition = " SELECT 1 AS a, 3 AS b;".into();
    assert_eq!(kinds(&diff(&mat, &mat2)), ["DropView", "CreateView"]);
}

#[test]
fn functions_replace_unless_the_result_changes() {
    let mut a = Catalog::default();
    a.functions.insert(
        (q("f"), String::new()),
        function("f", "integer", "SELECT 1"),
    );
    let mut body = a.clone();
    body.functions.insert(
        (q("f"), String::new()),
        function("f", "integer", "SELECT 2"),
    );
    assert_eq!(kinds(&diff(&a, &body)), ["ReplaceFunction"]);
    let mut result = a.clone();
    result
        .functions
        .insert((q("f"), String::new()), function("f", "bigint", "SELECT 2"));
    assert_eq!(
        kinds(&diff(&a, &result)),
        ["DropFunction", "CreateFunction"]
    );
}

#[test]
fn triggers_recreate_on_definition_and_alter_on_enabled() {
    let trigger = |def: &str, enabled: TriggerState| Trigger {
        table: q("t"),
        name: "trg".into(),
        definition: def.into(),
        enabled,
        comment: None,
    };
    let mk = |t: Trigger| {
        let mut c = cat_with_tables(vec![table("t", &[("id", "integer")])]);
        c.triggers.insert((q("t"), "trg".into()), t);
        c
    };
    let def =
        "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()";
    let a = mk(trigger(def, TriggerState::Origin));
    assert_eq!(
        kinds(&diff(&a, &mk(trigger(def, TriggerState::Disabled)))),
        ["AlterTriggerEnabled"]
    );
    let other = def.replace("INSERT", "UPDATE");
    assert_eq!(
        kinds(&diff(&a, &mk(trigger(&other, TriggerState::Origin)))),
        ["DropTrigger", "CreateTrigger"]
    );
}

#[test]
fn event_triggers_recreate_on_event_tags_or_function_and_alter_on_enabled() {
    let base = EventTrigger {
        name: "audit_ddl".into(),
        event: EventTriggerEvent::DdlCommandEnd,
        tags: vec!["CREATE TABLE".into()],
        function: q("audit"),
        enabled: TriggerState::Origin,
        comment: None,
    };
    let mk = |e: &EventTrigger| {
        let mut c = Catalog::default();
        c.event_triggers.insert(e.name.clone(), e.clone());
        c
    };
    let a = mk(&base);
    assert_eq!(
        kinds(&diff(&Catalog::default(), &a)),
        ["CreateEventTrigger"]
    );
    assert_eq!(kinds(&diff(&a, &Catalog::default())), ["DropEventTrigger"]);
    let replaced = [
        EventTrigger {
            event: EventTriggerEvent::SqlDrop,
            ..base.clone()
        },
        EventTrigger {
            tags: vec!["ALTER TABLE".into(), "CREATE TABLE".into()],
            ..base.clone()
        },
        EventTrigger {
            function: q("audit2"),
            ..base.clone()
        },
    ];
    for b in &replaced {
        assert_eq!(
            kinds(&diff(&a, &mk(b))),
            ["DropEventTrigger", "CreateEventTrigger"],
            "{b:?}"
        );
    }
    let always = EventTrigger {
        enabled: TriggerState::Always,
        comment: Some("logs DDL".into()),
        ..base.clone()
    };
    let changes = diff(&a, &mk(&always));
    assert_eq!(kinds(&changes), ["AlterEventTriggerEnabled", "SetComment"]);
    assert_eq!(
        changes[1],
        Change::SetComment {
            target: ObjectId::EventTrigger("audit_ddl".into()),
            comment: Some("logs DDL".into()),
        }
    );
}

#[test]
fn grants_by_set_difference_and_back_on_recreated_objects() {
    let grant = |object: ObjectId, privilege: &str| Grant {
        object,
        grantee: "reader".into(),
        privilege: Privilege::from_keyword(privilege).unwrap(),
        grantable: false,
    };
    let mut a = cat_with_tables(vec![table("t", &[("id", "integer")])]);
    a.views
        .insert(q("v"), view("v", " SELECT 1 AS a;", &[("a", "integer")]));
    a.grants.insert(grant(ObjectId::Table(q("t")), "SELECT"));
    a.grants.insert(grant(ObjectId::View(q("v")), "SELECT"));
    let mut b = a.clone();
    b.grants.remove(&grant(ObjectId::Table(q("t")), "SELECT"));
    b.grants.insert(grant(ObjectId::Table(q("t")), "INSERT"));
    b.views.insert(
        q("v"),
        view("v", " SELECT 'x'::text AS a;", &[("a", "text")]),
    );
    let changes = diff(&a, &b);
    assert_eq!(
        kinds(&changes),
        ["DropView", "CreateView", "Revoke", "Grant", "Grant"]
    );
    assert_eq!(
        changes[4],
        Change::Grant(grant(ObjectId::View(q("v")), "SELECT"))
    );
}

#[test]
fn sqlite_text_alone_rebuilds() {
    let sqlite = |sql: &str| SqliteTable {
        sql: sql.into(),
        autoincrement: false,
        without_rowid: false,
        strict: false,
    };
    let mut t1 = table("t", &[("id", "INTEGER")]);
    t1.ext = TableExt::Sqlite(sqlite(r#"CREATE TABLE "t" ("id" INTEGER)"#));
    let mut t2 = t1.clone();
    t2.ext = TableExt::Sqlite(sqlite(r#"CREATE TABLE "t" ("id" INTEGER) STRICT"#));
    assert_eq!(
        kinds(&diff(
            &cat_with_tables(vec![t1]),
            &cat_with_tables(vec![t2])
        )),
        ["RebuildTable"]
    );
}

#[test]
fn partitions_ignore_what_they_inherit() {
    let mut parent = with(
        table("m", &[("id", "integer"), ("d", "date")]),
        pk("m", "id, d"),
    );
    parent.pg_mut().partition_key = Some("RANGE (d)".into());
    let mut part = with(
        table("m_2024", &[("id", "integer"), ("d", "date")]),
        pk("m_2024", "id, d"),
    );
    part.pg_mut().partition_of = Some((
        q("m"),
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')".into(),
    ));
    let mut a = cat_with_tables(vec![parent.clone()]);
    let mut b = cat_with_tables(vec![parent, part]);
    let index = |name: &str, table: &str, only: &str| Index {
        name: q(name),
        table: q(table),
        definition: format!("CREATE INDEX {name} ON {only}public.{table} USING btree (d)"),
        unique: false,
        comment: None,
        parent: None,
    };
    a.indexes.insert(q("m_d_idx"), index("m_d_idx", "m", ""));
    b.indexes.insert(q("m_d_idx"), index("m_d_idx", "m", ""));
    // The new partition's share of the parent's index: the server makes it.
    let mut share = index("m_2024_d_idx", "m_2024", "");
    share.parent = Some(q("m_d_idx"));
    b.indexes.insert(q("m_2024_d_idx"), share);
    let changes = diff(&a, &b);
    assert_eq!(kinds(&changes), ["CreateTable"]);
    let Change::CreateTable(t) = &changes[0] else {
        unreachable!()
    };
    assert!(t.constraints.is_empty());
}

#[test]
fn diff_is_deterministic() {
    let a = cat_with_tables(vec![
        table("a", &[("x", "integer")]),
        table("b", &[("y", "text")]),
    ]);
    let b = cat_with_tables(vec![table("c", &[("z", "integer")])]);
    assert_eq!(diff(&a, &b), diff(&a, &b));
}

#[test]
fn a_new_partition_key_recreates_the_table_its_partitions_and_keeps_its_sequences() {
    let mut parent = table("m", &[("id", "integer"), ("d", "date")]);
    parent.columns[0].default = Some("nextval('public.m_id_seq'::regclass)".into());
    parent.columns[0].default_sequence = Some(q("m_id_seq"));
    parent.pg_mut().partition_key = Some("RANGE (d)".into());
    let mut part = table("m_1", &[("id", "integer"), ("d", "date")]);
    part.pg_mut().partition_of = Some((q("m"), "DEFAULT".into()));
    let seq = Sequence {
        name: q("m_id_seq"),
        options: SequenceOptions {
            data_type: "integer".into(),
            start: 1,
            increment: 1,
            min_value: 1,
            max_value: 2147483647,
            cache: 1,
            cycle: false,
        },
        owned_by: Some((q("m"), "id".into())),
        comment: None,
    };
    let mut a = cat_with_tables(vec![parent.clone(), part.clone()]);
    a.sequences.insert(q("m_id_seq"), seq);
    let mut b = a.clone();
    b.tables.get_mut(&q("m")).unwrap().pg_mut().partition_key = Some("LIST (d)".into());
    assert_eq!(
        kinds(&diff(&a, &b)),
        [
            "AlterSequence",
            "DropTable",
            "CreateTable",
            "AlterSequence",
            "DropTable",
            "CreateTable"
        ]
    );
}

mod renames {
    use super::*;
    use crate::{Rename, RenameNote, apply_renames};

    fn table_rename(a: &str, b: &str) -> Rename {
        Rename {
            old: ObjectId::Table(q(a)),
            new: ObjectId::Table(q(b)),
        }
    }

    fn column_rename(t: &str, a: &str, b: &str) -> Rename {
        Rename {
            old: ObjectId::Column(q(t), a.into()),
            new: ObjectId::Column(q(t), b.into()),
        }
    }

    /// The renames, then the diff of the renamed catalog.
    fn renamed(from: &Catalog, to: &Catalog, hints: &[Rename]) -> (Vec<Change>, Vec<RenameNote>) {
        let r = apply_renames(from, to, hints, &NoRules);
        let mut changes = r.changes;
        changes.extend(diff(&r.from, to));
        (changes, r.notes)
    }

    use crate::NoRules;

    #[test]
    fn a_hinted_table_is_renamed_not_dropped_and_created() {
        let from = cat_with_tables(vec![table("users", &[("id", "integer")])]);
        let to = cat_with_tables(vec![table("accounts", &[("id", "integer")])]);
        let (changes, notes) = renamed(&from, &to, &[table_rename("users", "accounts")]);
        assert_eq!(
            changes,
            vec![Change::RenameTable {
                from: q("users"),
                to: q("accounts")
            }]
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn a_hinted_column_keeps_its_values_and_later_changes_apply_to_it() {
        let from = cat_with_tables(vec![table("users", &[("email", "text")])]);
        let mut t = table("users", &[("mail", "text")]);
        t.columns[0].not_null = true;
        let to = cat_with_tables(vec![t]);
        let (changes, _) = renamed(&from, &to, &[column_rename("users", "email", "mail")]);
        assert!(
            matches!(&changes[0], Change::RenameColumn { from, to, .. } if from == "email" && to == "mail")
        );
        assert!(matches!(&changes[1], Change::AlterColumn { to, .. } if to.name == "mail"));
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn a_done_hint_is_ignored_silently_and_both_names_existing_warns() {
        let to = cat_with_tables(vec![table("accounts", &[("id", "integer")])]);
        let (changes, notes) = renamed(&to, &to, &[table_rename("users", "accounts")]);
        assert!(changes.is_empty() && notes.is_empty());

        let both = cat_with_tables(vec![
            table("users", &[("id", "integer")]),
            table("accounts", &[("id", "integer")]),
        ]);
        let (changes, notes) = renamed(&both, &to, &[table_rename("users", "accounts")]);
        assert_eq!(
            notes,
            vec![RenameNote::BothExist(table_rename("users", "accounts"))]
        );
        assert!(matches!(&changes[..], [Change::DropTable(t)] if t.name == q("users")));
    }

    #[test]
    fn a_chain_becomes_one_rename() {
        let from = cat_with_tables(vec![table("a", &[("id", "integer")])]);
        let to = cat_with_tables(vec![table("c", &[("id", "integer")])]);
        let (changes, notes) = renamed(
            &from,
            &to,
            &[table_rename("a", "b"), table_rename("b", "c")],
        );
        assert_eq!(
            changes,
            vec![Change::RenameTable {
                from: q("a"),
                to: q("c")
            }]
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn references_follow_a_renamed_table() {
        let mut child = table("orders", &[("user_id", "integer")]);
        let mut fk = Constraint {
            name: "orders_user_fk".into(),
            kind: ConstraintKind::ForeignKey,
            definition: "FOREIGN KEY (user_id) REFERENCES public.users(id)".into(),
            columns: vec!["user_id".into()],
            references: Some(ForeignKey::to(q("users"))),
            comment: None,
            only: false,
            attached_to: None,
        };
        child.constraints.insert(fk.name.clone(), fk.clone());
        let from = cat_with_tables(vec![table("users", &[("id", "integer")]), child.clone()]);
        fk.references = Some(ForeignKey::to(q("accounts")));
        fk.definition = "FOREIGN KEY (user_id) REFERENCES public.accounts(id)".into();
        child.constraints.insert(fk.name.clone(), fk);
        let to = cat_with_tables(vec![table("accounts", &[("id", "integer")]), child]);
        let r = apply_renames(&from, &to, &[table_rename("users", "accounts")], &Rules2);
        assert_eq!(r.from.tables[&q("orders")], to.tables[&q("orders")]);
        assert_eq!(diff(&r.from, &to), vec![]);
    }

    /// The stand-in rules, rewriting qualified names as PostgreSQL does.
    struct Rules2;

    impl DiffRules for Rules2 {
        fn rename_in_text(&self, text: &str, old: &QualName, new: &QualName) -> Option<String> {
            strata_sqltext::rename_qualified(text, old, new, &|s| s.to_string())
        }
    }

    #[test]
    fn a_rename_across_tables_or_kinds_is_refused_with_a_note() {
        let from = cat_with_tables(vec![table("users", &[("id", "integer")])]);
        let hint = Rename {
            old: ObjectId::Table(q("users")),
            new: ObjectId::View(q("accounts")),
        };
        let r = apply_renames(&from, &from, std::slice::from_ref(&hint), &NoRules);
        assert_eq!(r.notes, vec![RenameNote::Mismatch(hint)]);
        assert!(r.changes.is_empty());
    }
}

mod look_alikes {
    use super::*;
    use crate::{Rename, look_alikes};

    #[test]
    fn a_dropped_and_an_added_table_with_the_same_columns_look_alike() {
        let from = cat_with_tables(vec![table("users", &[("id", "integer"), ("e", "text")])]);
        let to = cat_with_tables(vec![table("accounts", &[("id", "integer"), ("e", "text")])]);
        assert_eq!(
            look_alikes(&from, &to),
            vec![Rename {
                old: ObjectId::Table(q("users")),
                new: ObjectId::Table(q("accounts")),
            }]
        );
        let other = cat_with_tables(vec![table("accounts", &[("id", "bigint"), ("e", "text")])]);
        assert!(look_alikes(&from, &other).is_empty());
    }

    #[test]
    fn columns_look_alike_with_the_same_type_at_the_same_position() {
        let from = cat_with_tables(vec![table("t", &[("id", "integer"), ("email", "text")])]);
        let to = cat_with_tables(vec![table("t", &[("id", "integer"), ("mail", "text")])]);
        assert_eq!(
            look_alikes(&from, &to),
            vec![Rename {
                old: ObjectId::Column(q("t"), "email".into()),
                new: ObjectId::Column(q("t"), "mail".into()),
            }]
        );
        let typed = cat_with_tables(vec![table("t", &[("id", "integer"), ("mail", "varchar")])]);
        assert!(look_alikes(&from, &typed).is_empty());
        let moved = cat_with_tables(vec![table("t", &[("mail", "text"), ("id", "integer")])]);
        assert!(look_alikes(&from, &moved).is_empty());
    }
}
