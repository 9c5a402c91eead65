//! Rendering tests: plain string comparisons of the SQL for each kind of change.
use super::PostgresDialect;
use std::collections::BTreeMap;
use strata_catalog::*;
use strata_diff::{Change, EnumPosition, TypeColumn};
use strata_plan::{Axis, Dialect, Rendered};

fn render(change: Change) -> Rendered {
    PostgresDialect
        .render(&change)
        .expect("postgres renders every change")
}

fn sql(change: Change) -> Vec<String> {
    render(change).statements
}

fn kinds(r: &Rendered) -> Vec<Axis> {
    r.hazards.iter().map(|h| h.axis).collect()
}

fn q(name: &str) -> QualName {
    QualName::new("public", name)
}

fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        not_null: false,
        default: None,
        default_sequence: None,
        collation: None,
        identity: None,
        generated: None,
        comment: None,
    }
}

fn seq_options(ty: &str, max: i64) -> SequenceOptions {
    SequenceOptions {
        data_type: ty.into(),
        start: 1,
        increment: 1,
        min_value: 1,
        max_value: max,
        cache: 1,
        cycle: false,
    }
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: q(name),
        columns,
        constraints: BTreeMap::new(),
        comment: None,
        policies: BTreeMap::new(),
        ext: TableExt::Postgres(PgTable::default()),
    }
}

fn enum_type(labels: &[&str]) -> UserType {
    UserType {
        name: q("mood"),
        kind: TypeKind::Enum {
            labels: labels.iter().map(|l| l.to_string()).collect(),
        },
        comment: None,
    }
}

#[test]
fn create_table_with_every_column_kind() {
    let mut id = col("id", "bigint");
    id.not_null = true;
    id.identity = Some(Identity {
        always: true,
        options: seq_options("bigint", 9223372036854775807),
    });
    let mut name = col("name", "character varying(20)");
    name.collation = Some(QualName::new("pg_catalog", "C"));
    name.not_null = true;
    name.comment = Some("display name".into());
    let mut total = col("total", "numeric");
    total.generated = Some("(qty * price)".into());
    let mut created = col("created", "timestamp with time zone");
    created.default = Some("now()".into());
    let mut t = table("users", vec![id, name, total, created]);
    t.constraints.insert(
        "users_pkey".into(),
        Constraint {
            name: "users_pkey".into(),
            kind: ConstraintKind::PrimaryKey,
            definition: "PRIMARY KEY (id)".into(),
            columns: vec!["id".into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        },
    );
    t.pg_mut().reloptions = vec!["fillfactor=70".into()];
    t.pg_mut().rls_enabled = true;
    t.comment = Some("people's table".into());
    assert_eq!(
        sql(Change::CreateTable(t)),
        [
            "CREATE TABLE \"public\".\"users\" (\n    \
             \"id\" bigint GENERATED ALWAYS AS IDENTITY (INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE) NOT NULL,\n    \
             \"name\" character varying(20) COLLATE \"C\" NOT NULL,\n    \
             \"total\" numeric GENERATED ALWAYS AS ((qty * price)) STORED,\n    \
             \"created\" timestamp with time zone DEFAULT now(),\n    \
             CONSTRAINT \"users_pkey\" PRIMARY KEY (id)\n\
             ) WITH (fillfactor=70)",
            "ALTER TABLE \"public\".\"users\" ENABLE ROW LEVEL SECURITY",
            "COMMENT ON TABLE \"public\".\"users\" IS 'people''s table'",
            "COMMENT ON COLUMN \"public\".\"users\".\"name\" IS 'display name'",
        ]
    );
}

#[test]
fn partitioned_tables_and_partitions() {
    let mut parent = table("events", vec![col("at", "date")]);
    parent.pg_mut().partition_key = Some("RANGE (at)".into());
    parent.pg_mut().unlogged = false;
    assert_eq!(
        sql(Change::CreateTable(parent)),
        ["CREATE TABLE \"public\".\"events\" (\n    \"at\" date\n) PARTITION BY RANGE (at)"]
    );
    let mut part = table("events_2024", vec![col("at", "date")]);
    part.pg_mut().partition_of = Some((
        q("events"),
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')".into(),
    ));
    assert_eq!(
        sql(Change::CreateTable(part)),
        [
            "CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
        ]
    );
}

#[test]
fn adding_a_not_null_column_without_default_may_fail() {
    let mut c = col("email", "text");
    c.not_null = true;
    let r = render(Change::AddColumn {
        table: q("users"),
        column: c,
    });
    assert_eq!(
        r.statements,
        ["ALTER TABLE \"public\".\"users\" ADD COLUMN \"email\" text NOT NULL"]
    );
    assert_eq!(kinds(&r), [Axis::DataDependent, Axis::Compatibility]);
    let mut uuid = col("key", "uuid");
    uuid.default = Some("gen_random_uuid()".into());
    let r = render(Change::AddColumn {
        table: q("users"),
        column: uuid,
    });
    assert_eq!(kinds(&r), [Axis::Duration]);
}

#[test]
fn dropping_things_that_hold_data_is_data_loss() {
    let t = table("users", vec![col("age", "integer")]);
    let r = render(Change::DropColumn {
        table: q("users"),
        column: col("age", "integer"),
    });
    assert_eq!(
        r.statements,
        ["ALTER TABLE \"public\".\"users\" DROP COLUMN \"age\""]
    );
    assert_eq!(kinds(&r), [Axis::DataLoss]);
    assert_eq!(kinds(&render(Change::DropTable(t))), [Axis::DataLoss]);
    let s = Sequence {
        name: q("s"),
        options: seq_options("bigint", 10),
        owned_by: None,
        comment: None,
    };
    assert_eq!(kinds(&render(Change::DropSequence(s))), [Axis::DataLoss]);
    let schema = Schema {
        name: "app".into(),
        comment: None,
    };
    assert_eq!(kinds(&render(Change::DropSchema(schema))), [Axis::DataLoss]);
}

#[test]
fn narrowing_a_column_is_lossy_and_rewrites() {
    let mut from = col("name", "character varying(20)");
    from.default = Some("'x'::character varying".into());
    let mut to = col("name", "character varying(10)");
    to.default = Some("'x'::character varying".into());
    to.not_null = true;
    let r = render(Change::AlterColumn {
        table: q("users"),
        from,
        to,
    });
    let t = "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"name\"";
    assert_eq!(
        r.statements,
        [
            format!("{t} DROP DEFAULT"),
            format!("{t} TYPE character varying(10) USING \"name\"::character varying(10)"),
            format!("{t} SET DEFAULT 'x'::character varying"),
            format!("{t} SET NOT NULL"),
        ]
    );
    assert_eq!(
        kinds(&r),
        [
            Axis::Compatibility,
            Axis::DataLoss,
            Axis::Duration,
            Axis::DataDependent,
            Axis::Lock
        ]
    );
}

#[test]
fn widening_varchar_is_free() {
    let r = render(Change::AlterColumn {
        table: q("users"),
        from: col("name", "character varying(10)"),
        to: col("name", "text"),
    });
    assert!(r.hazards.is_empty(), "{:?}", r.hazards);
}

#[test]
fn identity_and_generation_changes() {
    let mut from = col("id", "integer");
    from.default = Some("nextval('public.t_id_seq'::regclass)".into());
    from.default_sequence = Some(q("t_id_seq"));
    let mut to = col("id", "integer");
    to.not_null = true;
    to.identity = Some(Identity {
        always: false,
        options: seq_options("integer", 2147483647),
    });
    let t = "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"id\"";
    assert_eq!(
        sql(Change::AlterColumn {
            table: q("t"),
            from,
            to: to.clone(),
        }),
        [
            format!("{t} DROP DEFAULT"),
            format!("{t} SET NOT NULL"),
            format!(
                "{t} ADD GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE)"
            ),
        ]
    );
    let mut always = to.clone();
    let identity = always.identity.as_mut().unwrap();
    identity.always = true;
    identity.options.increment = 5;
    assert_eq!(
        sql(Change::AlterColumn {
            table: q("t"),
            from: to,
            to: always,
        }),
        [format!("{t} SET GENERATED ALWAYS SET INCREMENT BY 5")]
    );
    let mut g1 = col("total", "numeric");
    g1.generated = Some("(a * b)".into());
    let mut g2 = g1.clone();
    g2.generated = Some("(a + b)".into());
    let r = render(Change::AlterColumn {
        table: q("t"),
        from: g1,
        to: g2,
    });
    assert_eq!(
        r.statements,
        [
            "ALTER TABLE \"public\".\"t\" DROP COLUMN \"total\"",
            "ALTER TABLE \"public\".\"t\" ADD COLUMN \"total\" numeric GENERATED ALWAYS AS ((a + b)) STORED",
        ]
    );
    assert_eq!(kinds(&r), [Axis::Duration]);
}

#[test]
fn enum_values_and_replacement() {
    assert_eq!(
        sql(Change::AddEnumValue {
            name: q("mood"),
            value: "ok".into(),
            position: EnumPosition::Before("happy".into()),
        }),
        ["ALTER TYPE \"public\".\"mood\" ADD VALUE 'ok' BEFORE 'happy'"]
    );
    let mut from_col = col("m", "public.mood");
    from_col.default = Some("'sad'::public.mood".into());
    let mut to_col = from_col.clone();
    to_col.default = Some("'happy'::public.mood".into());
    let r = render(Change::ReplaceType {
        from: enum_type(&["sad", "happy"]),
        to: enum_type(&["happy"]),
        columns: vec![
            TypeColumn {
                table: q("t"),
                from: from_col,
                to: to_col,
            },
            TypeColumn {
                table: q("t"),
                from: col("ms", "public.mood[]"),
                to: col("ms", "public.mood[]"),
            },
        ],
    });
    let t = "ALTER TABLE \"public\".\"t\" ALTER COLUMN";
    assert_eq!(
        r.statements,
        [
            "ALTER TYPE \"public\".\"mood\" RENAME TO \"mood__strata_old\"".to_string(),
            "CREATE TYPE \"public\".\"mood\" AS ENUM ('happy')".into(),
            format!("{t} \"m\" DROP DEFAULT"),
            format!("{t} \"m\" TYPE public.mood USING \"m\"::text::public.mood"),
            format!("{t} \"m\" SET DEFAULT 'happy'::public.mood"),
            format!("{t} \"ms\" TYPE public.mood[] USING \"ms\"::text[]::public.mood[]"),
            "DROP TYPE \"public\".\"mood__strata_old\"".into(),
        ]
    );
    assert!(kinds(&r).contains(&Axis::DataLoss));
}

#[test]
fn composite_types_alter_attributes_when_they_can() {
    let composite = |attrs: &[(&str, &str)]| UserType {
        name: q("pair"),
        kind: TypeKind::Composite {
            attributes: attrs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        },
        comment: None,
    };
    let used = vec![TypeColumn {
        table: q("t"),
        from: col("p", "public.pair"),
        to: col("p", "public.pair"),
    }];
    assert_eq!(
        sql(Change::ReplaceType {
            from: composite(&[("a", "integer"), ("b", "text")]),
            to: composite(&[("a", "integer"), ("c", "date")]),
            columns: used.clone(),
        }),
        [
            "ALTER TYPE \"public\".\"pair\" DROP ATTRIBUTE \"b\" CASCADE",
            "ALTER TYPE \"public\".\"pair\" ADD ATTRIBUTE \"c\" date CASCADE",
        ]
    );
    let reordered = sql(Change::ReplaceType {
        from: composite(&[("a", "integer"), ("b", "text")]),
        to: composite(&[("b", "text"), ("a", "integer")]),
        columns: used,
    });
    assert_eq!(
        reordered[2],
        "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"p\" TYPE public.pair USING CASE WHEN \"p\" IS NULL THEN NULL ELSE ROW((\"p\").\"b\"::text, (\"p\").\"a\"::integer)::public.pair END"
    );
}

#[test]
fn domains() {
    let domain = |default: Option<&str>, checks: &[(&str, &str)]| UserType {
        name: q("pos"),
        kind: TypeKind::Domain {
            base: "integer".into(),
            not_null: true,
            default: default.map(Into::into),
            collation: None,
            checks: checks
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            check_comments: Default::default(),
        },
        comment: None,
    };
    assert_eq!(
        sql(Change::CreateType(domain(
            Some("1"),
            &[("pos_check", "CHECK ((VALUE > 0))")]
        ))),
        [
            "CREATE DOMAIN \"public\".\"pos\" AS integer DEFAULT 1 NOT NULL CONSTRAINT \"pos_check\" CHECK ((VALUE > 0))"
        ]
    );
    assert_eq!(
        sql(Change::AlterDomain {
            from: domain(Some("1"), &[("pos_check", "CHECK ((VALUE > 0))")]),
            to: domain(None, &[("pos_check", "CHECK ((VALUE > 1))")]),
        }),
        [
            "ALTER DOMAIN \"public\".\"pos\" DROP DEFAULT",
            "ALTER DOMAIN \"public\".\"pos\" DROP CONSTRAINT \"pos_check\"",
            "ALTER DOMAIN \"public\".\"pos\" ADD CONSTRAINT \"pos_check\" CHECK ((VALUE > 1))",
        ]
    );
    let check = [("pos_check", "CHECK ((VALUE > 0))")];
    let mut commented = domain(None, &check);
    if let TypeKind::Domain { check_comments, .. } = &mut commented.kind {
        check_comments.insert("pos_check".into(), "positive".into());
    }
    assert_eq!(
        sql(Change::AlterDomain {
            from: domain(None, &check),
            to: commented,
        }),
        ["COMMENT ON CONSTRAINT \"pos_check\" ON DOMAIN \"public\".\"pos\" IS 'positive'"]
    );
}

#[test]
fn sequences() {
    let s = Sequence {
        name: q("t_id_seq"),
        options: seq_options("integer", 2147483647),
        owned_by: None,
        comment: None,
    };
    assert_eq!(
        sql(Change::CreateSequence(s.clone())),
        [
            "CREATE SEQUENCE \"public\".\"t_id_seq\" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE"
        ]
    );
    let mut owned = s.clone();
    owned.owned_by = Some((q("t"), "id".into()));
    owned.options.data_type = "bigint".into();
    owned.options.max_value = 9223372036854775807;
    assert_eq!(
        sql(Change::AlterSequence { from: s, to: owned }),
        [
            "ALTER SEQUENCE \"public\".\"t_id_seq\" AS bigint MAXVALUE 9223372036854775807",
            "ALTER SEQUENCE \"public\".\"t_id_seq\" OWNED BY \"public\".\"t\".\"id\"",
        ]
    );
}

#[test]
fn views_and_materialized_views() {
    let v = View {
        name: q("v"),
        definition: " SELECT users.id\n   FROM public.users;".into(),
        materialized: false,
        columns: vec![("id".into(), "integer".into())],
        options: vec!["security_barrier=true".into()],
        comment: Some("ids".into()),
    };
    assert_eq!(
        sql(Change::CreateView(v.clone())),
        [
            "CREATE VIEW \"public\".\"v\" WITH (security_barrier=true) AS\nSELECT users.id\n   FROM public.users",
            "COMMENT ON VIEW \"public\".\"v\" IS 'ids'",
        ]
    );
    assert_eq!(
        sql(Change::ReplaceView {
            from: v.clone(),
            to: v.clone()
        }),
        [
            "CREATE OR REPLACE VIEW \"public\".\"v\" WITH (security_barrier=true) AS\nSELECT users.id\n   FROM public.users"
        ]
    );
    let mut mv = v;
    mv.materialized = true;
    mv.options.clear();
    mv.comment = None;
    assert_eq!(
        sql(Change::CreateView(mv.clone())),
        [
            "CREATE MATERIALIZED VIEW \"public\".\"v\" AS\nSELECT users.id\n   FROM public.users WITH DATA"
        ]
    );
    assert_eq!(
        sql(Change::DropView(mv)),
        ["DROP MATERIALIZED VIEW \"public\".\"v\""]
    );
    assert_eq!(
        sql(Change::SetMaterializedViewComment {
            name: q("v"),
            comment: None
        }),
        ["COMMENT ON MATERIALIZED VIEW \"public\".\"v\" IS NULL"]
    );
}

#[test]
fn functions_and_triggers() {
    let f = Function {
        name: q("noop"),
        identity_args: "x integer".into(),
        procedure: true,
        returns: String::new(),
        definition: "CREATE OR REPLACE PROCEDURE public.noop(x integer)\n LANGUAGE sql\nAS $procedure$ SELECT 1 $procedure$\n".into(),
        comment: Some("does nothing".into()),
        input_types: vec!["integer".into()],
    };
    assert_eq!(
        sql(Change::CreateFunction(f.clone())),
        [
            "SET LOCAL check_function_bodies = off",
            "CREATE OR REPLACE PROCEDURE public.noop(x integer)\n LANGUAGE sql\nAS $procedure$ SELECT 1 $procedure$",
            "COMMENT ON PROCEDURE \"public\".\"noop\"(x integer) IS 'does nothing'",
        ]
    );
    assert_eq!(
        sql(Change::DropFunction(f)),
        ["DROP PROCEDURE \"public\".\"noop\"(x integer)"]
    );
    let trigger = Trigger {
        table: q("users"),
        name: "touch".into(),
        definition: "CREATE TRIGGER touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
        enabled: TriggerState::Disabled,
        comment: None,
    };
    assert_eq!(
        sql(Change::CreateTrigger(trigger.clone())),
        [
            trigger.definition.as_str(),
            "ALTER TABLE \"public\".\"users\" DISABLE TRIGGER \"touch\"",
        ]
    );
    assert_eq!(
        sql(Change::DropTrigger(trigger)),
        ["DROP TRIGGER \"touch\" ON \"public\".\"users\""]
    );
}

#[test]
fn event_triggers() {
    let trigger = EventTrigger {
        name: "Audit's DDL".into(),
        event: EventTriggerEvent::DdlCommandEnd,
        tags: vec!["ALTER TABLE".into(), "CREATE TABLE".into()],
        function: QualName::new("audit", "log ddl"),
        enabled: TriggerState::Always,
        comment: Some("it's logged".into()),
    };
    let created = render(Change::CreateEventTrigger(trigger.clone()));
    assert_eq!(
        created.statements,
        [
            r#"CREATE EVENT TRIGGER "Audit's DDL" ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION "audit"."log ddl"()"#,
            r#"ALTER EVENT TRIGGER "Audit's DDL" ENABLE ALWAYS"#,
            r#"COMMENT ON EVENT TRIGGER "Audit's DDL" IS 'it''s logged'"#,
        ]
    );
    assert_eq!(kinds(&created), [Axis::Compatibility]);
    let plain = EventTrigger {
        name: "guard".into(),
        event: EventTriggerEvent::SqlDrop,
        tags: Vec::new(),
        function: q("guard"),
        enabled: TriggerState::Origin,
        comment: None,
    };
    assert_eq!(
        sql(Change::CreateEventTrigger(plain.clone())),
        [r#"CREATE EVENT TRIGGER "guard" ON sql_drop EXECUTE FUNCTION "public"."guard"()"#]
    );
    assert_eq!(
        sql(Change::DropEventTrigger(plain.clone())),
        [r#"DROP EVENT TRIGGER "guard""#]
    );
    for (state, words) in [
        (TriggerState::Origin, "ENABLE"),
        (TriggerState::Replica, "ENABLE REPLICA"),
        (TriggerState::Always, "ENABLE ALWAYS"),
        (TriggerState::Disabled, "DISABLE"),
    ] {
        let to = EventTrigger {
            enabled: state,
            ..plain.clone()
        };
        let alter = Change::AlterEventTriggerEnabled {
            from: plain.clone(),
            to,
        };
        assert_eq!(
            sql(alter),
            [format!(r#"ALTER EVENT TRIGGER "guard" {words}"#)]
        );
    }
    assert_eq!(
        sql(Change::SetComment {
            target: ObjectId::EventTrigger("guard".into()),
            comment: None,
        }),
        [r#"COMMENT ON EVENT TRIGGER "guard" IS NULL"#]
    );
}

#[test]
fn policies_grants_and_comments() {
    let p = Policy {
        name: "own rows".into(),
        permissive: false,
        command: PolicyCommand::Select,
        roles: vec!["app".into(), "public".into()],
        using: Some("(owner = CURRENT_USER)".into()),
        with_check: None,
        comment: None,
    };
    assert_eq!(
        sql(Change::CreatePolicy {
            table: q("docs"),
            policy: p
        }),
        [
            "CREATE POLICY \"own rows\" ON \"public\".\"docs\" AS RESTRICTIVE FOR SELECT TO \"app\", PUBLIC USING ((owner = CURRENT_USER))"
        ]
    );
    let grant = |object: ObjectId, grantee: &str, grantable: bool| Grant {
        object,
        grantee: grantee.into(),
        privilege: Privilege::Select,
        grantable,
    };
    assert_eq!(
        sql(Change::Grant(grant(
            ObjectId::Table(q("docs")),
            "reader",
            true
        ))),
        ["GRANT SELECT ON TABLE \"public\".\"docs\" TO \"reader\" WITH GRANT OPTION"]
    );
    assert_eq!(
        sql(Change::Revoke(grant(
            ObjectId::Column(q("docs"), "body".into()),
            "PUBLIC",
            false
        ))),
        ["REVOKE SELECT (\"body\") ON TABLE \"public\".\"docs\" FROM PUBLIC"]
    );
    assert_eq!(
        sql(Change::SetComment {
            target: ObjectId::Constraint(q("docs"), "docs_pkey".into()),
            comment: Some("key".into()),
        }),
        ["COMMENT ON CONSTRAINT \"docs_pkey\" ON \"public\".\"docs\" IS 'key'"]
    );
    assert_eq!(
        sql(Change::SetComment {
            target: ObjectId::Column(q("docs"), "body".into()),
            comment: None,
        }),
        ["COMMENT ON COLUMN \"public\".\"docs\".\"body\" IS NULL"]
    );
}

#[test]
fn schemas_and_extensions() {
    let ext = |v: &str| Extension {
        name: "pg_trgm".into(),
        schema: "public".into(),
        version: v.into(),
    };
    assert_eq!(
        sql(Change::CreateExtension(ext("1.6"))),
        ["CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\" VERSION '1.6'"]
    );
    assert_eq!(
        sql(Change::AlterExtension {
            from: ext("1.5"),
            to: ext("1.6")
        }),
        ["ALTER EXTENSION \"pg_trgm\" UPDATE TO '1.6'"]
    );
    assert_eq!(
        sql(Change::CreateSchema(Schema {
            name: "app".into(),
            comment: Some("application".into()),
        })),
        [
            "CREATE SCHEMA \"app\"",
            "COMMENT ON SCHEMA \"app\" IS 'application'"
        ]
    );
}

#[test]
fn table_options() {
    let a = PgTable {
        reloptions: vec!["fillfactor=70".into(), "autovacuum_enabled=false".into()],
        ..PgTable::default()
    };
    let b = PgTable {
        reloptions: vec!["fillfactor=80".into()],
        unlogged: true,
        rls_enabled: true,
        ..PgTable::default()
    };
    let r = render(Change::AlterTableOptions {
        table: q("t"),
        from: a,
        to: b,
    });
    assert_eq!(
        r.statements,
        [
            "ALTER TABLE \"public\".\"t\" SET UNLOGGED",
            "ALTER TABLE \"public\".\"t\" RESET (autovacuum_enabled)",
            "ALTER TABLE \"public\".\"t\" SET (fillfactor=80)",
            "ALTER TABLE \"public\".\"t\" ENABLE ROW LEVEL SECURITY",
        ]
    );
    assert_eq!(kinds(&r), [Axis::Duration]);
}

#[test]
fn raising_a_sequence_minimum_moves_an_unused_sequence_first() {
    let a = Sequence {
        name: q("s"),
        options: seq_options("bigint", 9223372036854775807),
        owned_by: None,
        comment: None,
    };
    let mut b = a.clone();
    b.options.min_value = 1000;
    b.options.start = 1000;
    assert_eq!(
        sql(Change::AlterSequence { from: a, to: b }),
        [
            "SELECT pg_catalog.setval('\"public\".\"s\"'::regclass, 1000, false) WHERE COALESCE(pg_catalog.pg_sequence_last_value('\"public\".\"s\"'::regclass), 1) NOT BETWEEN 1000 AND 9223372036854775807",
            "ALTER SEQUENCE \"public\".\"s\" MINVALUE 1000 START WITH 1000",
        ]
    );
}

#[test]
fn user_types_convert_through_text() {
    let t = "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\"";
    assert_eq!(
        sql(Change::AlterColumn {
            table: q("t"),
            from: col("c", "other.enum1"),
            to: col("c", "other.enum2"),
        }),
        [format!(
            "{t} TYPE other.enum2 USING \"c\"::text::other.enum2"
        )]
    );
    assert_eq!(
        sql(Change::AlterColumn {
            table: q("t"),
            from: col("c", "integer"),
            to: col("c", "bigint"),
        }),
        [format!("{t} TYPE bigint USING \"c\"::bigint")]
    );
}

#[test]
fn numbers_and_times_convert_through_text() {
    assert_eq!(
        sql(Change::AlterColumn {
            table: q("t"),
            from: col("c", "bigint"),
            to: col("c", "timestamp without time zone"),
        }),
        [
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE timestamp without time zone USING \"c\"::text::timestamp without time zone"
        ]
    );
}

/// Every kind of object can be created and dropped: no change of any kind renders to
/// nothing.
#[test]
fn every_kind_renders_both_ways() {
    let full = strata_catalog::testing::one_of_each();
    let empty = Catalog::default();
    for (from, to) in [(&empty, &full), (&full, &empty)] {
        for change in strata_diff::diff(from, to, &PostgresDialect) {
            let what = strata_plan::summary(&change);
            assert!(
                !render(change).statements.is_empty(),
                "{what} renders to nothing"
            );
        }
    }
}
