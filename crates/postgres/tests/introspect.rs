//! Introspection against the real server: a rich schema read back into a `Catalog`.
use strata_catalog::{
    Catalog, ConstraintKind, Grant, ObjectId, PolicyCommand, Privilege, QualName, TriggerState,
    TypeKind,
};
use strata_execute::Database;
use strata_postgres::PgDatabase;
use strata_testkit::TestDb;

const RICH_SCHEMA: &str = r#"
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'application';
CREATE EXTENSION citext;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
COMMENT ON TYPE app.mood IS 'feelings';
CREATE DOMAIN app.email AS text COLLATE "C" DEFAULT 'x@y' NOT NULL
    CONSTRAINT email_at CHECK (VALUE LIKE '%@%');
COMMENT ON CONSTRAINT email_at ON DOMAIN app.email IS 'has an at';
CREATE TYPE app.pair AS (a integer, b text);
CREATE COLLATION app.natural (provider = icu, locale = 'en-u-kn-true');
COMMENT ON COLLATION app.natural IS 'numbers by value';
CREATE COLLATION app.posix FROM "POSIX";
CREATE TABLE app.users (
    id serial PRIMARY KEY,
    name varchar(20) COLLATE "C" NOT NULL,
    email app.email,
    nick citext,
    mood app.mood DEFAULT 'ok',
    moods app.mood[],
    pair app.pair,
    score numeric(10,2) DEFAULT 0,
    created timestamptz DEFAULT now()
);
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.name IS 'display name';
CREATE TABLE app.orders (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY,
    user_id integer NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    qty integer CHECK (qty > 0),
    price numeric,
    total numeric GENERATED ALWAYS AS (qty * price) STORED,
    during tsrange,
    CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
) WITH (fillfactor = 70, toast.autovacuum_enabled = false);
COMMENT ON CONSTRAINT no_overlap ON app.orders IS 'no double booking';
CREATE INDEX orders_recent ON app.orders (id DESC) WHERE qty > 1;
COMMENT ON INDEX app.orders_recent IS 'recent orders';
CREATE UNIQUE INDEX users_lower_name ON app.users (lower(name));
CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v text COLLATE app.posix);
CREATE TABLE app.events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX events_at ON app.events (at);
CREATE TABLE app.events_2024 PARTITION OF app.events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE app.events_2024 ADD CONSTRAINT events_2024_key UNIQUE (id, at);
CREATE UNIQUE INDEX events_id_at ON app.events (id, at);
CREATE TABLE app.ledger (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.ledger_2024 PARTITION OF app.ledger
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE ONLY app.ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY (id, at);
CREATE INDEX ledger_at ON ONLY app.ledger (at);
CREATE SEQUENCE app.counter AS smallint START 10 INCREMENT 2 MAXVALUE 1000 CYCLE;
COMMENT ON SEQUENCE app.counter IS 'ticks';
CREATE VIEW app.active_users AS SELECT id, name FROM app.users WHERE mood <> 'sad';
CREATE MATERIALIZED VIEW app.user_counts AS
    SELECT mood, count(*) AS n FROM app.users GROUP BY mood;
CREATE INDEX user_counts_n ON app.user_counts (n);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
COMMENT ON FUNCTION app.touch() IS 'sets created';
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users
    FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.users DISABLE TRIGGER users_touch;
CREATE PROCEDURE app.noop(x integer) LANGUAGE sql AS $$ SELECT 1 $$;
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.users FOR SELECT TO PUBLIC USING (name = current_user);
GRANT SELECT ON app.users TO PUBLIC;
GRANT UPDATE (name) ON app.users TO PUBLIC;
REVOKE EXECUTE ON PROCEDURE app.noop(integer) FROM PUBLIC;
"#;

fn introspect(db: &TestDb) -> Catalog {
    let mut conn = PgDatabase::connect(db.url()).expect("connect");
    conn.introspect().expect("introspect")
}

fn q(schema: &str, name: &str) -> QualName {
    QualName::new(schema, name)
}

fn table<'c>(c: &'c Catalog, name: &str) -> &'c strata_catalog::Table {
    c.tables
        .get(&q("app", name))
        .unwrap_or_else(|| panic!("table app.{name} missing"))
}

fn column<'c>(c: &'c Catalog, t: &str, col: &str) -> &'c strata_catalog::Column {
    table(c, t)
        .column(col)
        .unwrap_or_else(|| panic!("column app.{t}.{col} missing"))
}

fn has_edge(c: &Catalog, from: ObjectId, to: ObjectId) -> bool {
    c.dependencies.contains(&(from, to))
}

#[test]
fn schemas_extensions_and_types() {
    let db = TestDb::new();
    db.batch(RICH_SCHEMA);
    let c = introspect(&db);

    assert_eq!(c.schemas["app"].comment.as_deref(), Some("application"));
    assert!(
        c.schemas.contains_key("public"),
        "public is listed like any schema"
    );
    assert!(
        !c.schemas
            .keys()
            .any(|s| s.starts_with("pg_") || s == "information_schema")
    );

    assert_eq!(c.extensions["citext"].schema, "public");
    assert!(!c.extensions.contains_key("plpgsql"));
    // Extension members are left out.
    assert!(!c.types.contains_key(&q("public", "citext")));
    assert!(
        !c.functions
            .keys()
            .any(|(n, _)| n.name.starts_with("citext"))
    );

    // Collations read back in one form, whatever form made them.
    let natural = &c.collations[&q("app", "natural")];
    assert_eq!(
        natural.definition,
        "provider = icu, locale = 'en-u-kn-true'"
    );
    assert_eq!(natural.comment.as_deref(), Some("numbers by value"));
    assert_eq!(
        c.collations[&q("app", "posix")].definition,
        "provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX'"
    );

    let mood = &c.types[&q("app", "mood")];
    assert_eq!(
        mood.kind,
        TypeKind::Enum {
            labels: vec!["sad".into(), "meh".into(), "ok".into(), "happy".into()]
        }
    );
    assert_eq!(mood.comment.as_deref(), Some("feelings"));
    let TypeKind::Domain {
        base,
        not_null,
        default,
        collation,
        checks,
        check_comments,
    } = &c.types[&q("app", "email")].kind
    else {
        panic!("email should be a domain");
    };
    assert_eq!(base, "text");
    assert!(*not_null);
    assert_eq!(default.as_deref(), Some("'x@y'::text"));
    assert_eq!(collation.as_ref(), Some(&q("pg_catalog", "C")));
    assert_eq!(checks["email_at"], "CHECK ((VALUE ~~ '%@%'::text))");
    assert_eq!(check_comments["email_at"], "has an at");
    assert_eq!(
        c.types[&q("app", "pair")].kind,
        TypeKind::Composite {
            attributes: vec![("a".into(), "integer".into()), ("b".into(), "text".into())]
        }
    );
}

#[test]
fn columns_sequences_and_identity() {
    let db = TestDb::new();
    db.batch(RICH_SCHEMA);
    let c = introspect(&db);

    let name = column(&c, "users", "name");
    assert_eq!(name.data_type, "character varying(20)");
    assert!(name.not_null);
    assert_eq!(name.collation, Some(q("pg_catalog", "C")), "built-in");
    assert_eq!(column(&c, "cache", "v").collation, Some(q("app", "posix")));
    assert_eq!(name.comment.as_deref(), Some("display name"));
    assert_eq!(column(&c, "users", "email").data_type, "app.email");
    assert_eq!(
        column(&c, "users", "email").collation,
        None,
        "the domain's own collation"
    );
    assert_eq!(column(&c, "users", "nick").data_type, "public.citext");
    assert_eq!(column(&c, "users", "moods").data_type, "app.mood[]");
    assert_eq!(
        column(&c, "users", "mood").default.as_deref(),
        Some("'ok'::app.mood")
    );
    assert_eq!(column(&c, "users", "score").data_type, "numeric(10,2)");
    assert_eq!(table(&c, "users").comment.as_deref(), Some("people"));

    // serial: an owned sequence and a nextval default.
    let id = column(&c, "users", "id");
    assert_eq!(
        id.default.as_deref(),
        Some("nextval('app.users_id_seq'::regclass)")
    );
    assert_eq!(id.default_sequence, Some(q("app", "users_id_seq")));
    assert_eq!(column(&c, "users", "score").default_sequence, None);
    let seq = &c.sequences[&q("app", "users_id_seq")];
    assert_eq!(seq.owned_by, Some((q("app", "users"), "id".to_string())));
    assert_eq!(seq.options.data_type, "integer");

    // identity: options on the column, no default, no separate sequence.
    let id = column(&c, "orders", "id");
    let identity = id.identity.as_ref().expect("identity");
    assert!(identity.always);
    assert_eq!(
        (identity.options.start, identity.options.increment),
        (100, 5)
    );
    assert_eq!(identity.options.data_type, "bigint");
    assert_eq!(id.default, None);
    assert_eq!(id.default_sequence, None);
    assert!(!c.sequences.contains_key(&q("app", "orders_id_seq")));

    let total = column(&c, "orders", "total");
    assert_eq!(total.generated.as_deref(), Some("((qty)::numeric * price)"));
    assert_eq!(total.default, None);

    let counter = &c.sequences[&q("app", "counter")];
    assert_eq!(counter.options.data_type, "smallint");
    assert_eq!(
        (
            counter.options.start,
            counter.options.increment,
            counter.options.max_value
        ),
        (10, 2, 1000)
    );
    assert!(counter.options.cycle);
    assert_eq!(counter.owned_by, None);
    assert_eq!(counter.comment.as_deref(), Some("ticks"));
}

#[test]
fn constraints_indexes_and_table_options() {
    let db = TestDb::new();
    db.batch(RICH_SCHEMA);
    let c = introspect(&db);

    let orders = table(&c, "orders");
    let exclusion = &orders.constraints["no_overlap"];
    assert_eq!(exclusion.kind, ConstraintKind::Exclusion);
    assert_eq!(exclusion.definition, "EXCLUDE USING gist (during WITH &&)");
    assert_eq!(exclusion.comment.as_deref(), Some("no double booking"));
    let fk = &orders.constraints["orders_user_id_fkey"];
    assert_eq!(fk.kind, ConstraintKind::ForeignKey);
    assert_eq!(
        fk.definition,
        "FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE"
    );
    assert_eq!(fk.columns, vec!["user_id".to_string()]);
    let reference = fk.references.as_ref().unwrap();
    assert_eq!(reference.table, q("app", "users"));
    assert_eq!(reference.columns, vec!["id".to_string()]);
    assert_eq!(
        reference.on_delete,
        strata_catalog::ForeignKeyAction::Cascade
    );
    assert_eq!(
        reference.on_update,
        strata_catalog::ForeignKeyAction::NoAction
    );
    assert_eq!(
        orders.constraints["orders_qty_check"].definition,
        "CHECK ((qty > 0))"
    );
    assert_eq!(
        orders.constraints["orders_pkey"].kind,
        ConstraintKind::PrimaryKey
    );
    // The TOAST table's parameters come with a `toast.` prefix.
    assert_eq!(
        orders.pg_options().reloptions,
        vec![
            "fillfactor=70".to_string(),
            "toast.autovacuum_enabled=false".to_string()
        ]
    );

    let recent = &c.indexes[&q("app", "orders_recent")];
    assert_eq!(
        recent.definition,
        "CREATE INDEX orders_recent ON app.orders USING btree (id DESC) WHERE (qty > 1)"
    );
    assert_eq!(recent.comment.as_deref(), Some("recent orders"));
    assert!(!recent.unique);
    let lower = &c.indexes[&q("app", "users_lower_name")];
    assert!(lower.unique);
    assert_eq!(
        lower.definition,
        "CREATE UNIQUE INDEX users_lower_name ON app.users USING btree (lower((name)::text))"
    );
    // Constraint-backing indexes belong to their constraint.
    assert!(!c.indexes.contains_key(&q("app", "orders_pkey")));
    assert!(!c.indexes.contains_key(&q("app", "no_overlap")));
    // A partitioned index covering every partition reads without ONLY; each partition's
    // share is read with the index it is attached to.
    assert_eq!(
        c.indexes[&q("app", "events_at")].definition,
        "CREATE INDEX events_at ON app.events USING btree (at)"
    );
    let share = &c.indexes[&q("app", "events_2024_at_idx")];
    assert_eq!(share.table, q("app", "events_2024"));
    assert_eq!(share.parent, Some(q("app", "events_at")));
    assert_eq!(c.indexes[&q("app", "events_at")].parent, None);
    // A partition's own key whose index the parent's unique index took as its share.
    assert_eq!(
        table(&c, "events_2024").constraints["events_2024_key"].attached_to,
        Some(q("app", "events_id_at"))
    );
    // Keys and indexes made ON ONLY that do not cover the partitions yet.
    let ledger = table(&c, "ledger");
    assert!(ledger.constraints["ledger_pkey"].only);
    assert!(!table(&c, "orders").constraints["orders_pkey"].only);
    assert_eq!(
        c.indexes[&q("app", "ledger_at")].definition,
        "CREATE INDEX ledger_at ON ONLY app.ledger USING btree (at)"
    );
    assert_eq!(
        c.indexes[&q("app", "user_counts_n")].table,
        q("app", "user_counts")
    );

    assert!(table(&c, "cache").pg_options().unlogged);
    assert_eq!(
        table(&c, "events").pg_options().partition_key.as_deref(),
        Some("RANGE (at)")
    );
    assert_eq!(
        table(&c, "events_2024").pg_options().partition_of,
        Some((
            q("app", "events"),
            "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')".to_string()
        ))
    );
    let users = table(&c, "users");
    assert!(users.pg_options().rls_enabled && !users.pg_options().rls_forced);
    let policy = &users.policies["own"];
    assert_eq!(policy.command, PolicyCommand::Select);
    assert_eq!(policy.roles, vec!["public".to_string()]);
    assert_eq!(
        policy.using.as_deref(),
        Some("((name)::text = CURRENT_USER)")
    );
    assert!(policy.permissive);
}

#[test]
fn views_functions_triggers_and_grants() {
    let db = TestDb::new();
    db.batch(RICH_SCHEMA);
    let c = introspect(&db);

    let active = &c.views[&q("app", "active_users")];
    assert!(!active.materialized);
    assert!(
        active.definition.contains("FROM app.users"),
        "{}",
        active.definition
    );
    assert_eq!(
        active.columns,
        vec![
            ("id".to_string(), "integer".to_string()),
            ("name".to_string(), "character varying(20)".to_string())
        ]
    );
    assert!(c.views[&q("app", "user_counts")].materialized);

    let touch = &c.functions[&(q("app", "touch"), String::new())];
    assert_eq!(touch.returns, "trigger");
    assert!(!touch.procedure);
    assert!(
        touch
            .definition
            .starts_with("CREATE OR REPLACE FUNCTION app.touch()")
    );
    assert_eq!(touch.comment.as_deref(), Some("sets created"));
    let noop = &c.functions[&(q("app", "noop"), "IN x integer".to_string())];
    assert!(noop.procedure);
    assert_eq!(noop.returns, "");

    let trigger = &c.triggers[&(q("app", "users"), "users_touch".to_string())];
    assert_eq!(
        trigger.definition,
        "CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch()"
    );
    assert_eq!(trigger.enabled, TriggerState::Disabled);

    let grant = |object, privilege: &str| Grant {
        object,
        grantee: "PUBLIC".into(),
        privilege: Privilege::from_keyword(privilege).unwrap(),
        grantable: false,
    };
    assert!(
        c.grants
            .contains(&grant(ObjectId::Table(q("app", "users")), "SELECT"))
    );
    assert!(c.grants.contains(&grant(
        ObjectId::Column(q("app", "users"), "name".into()),
        "UPDATE"
    )));
    // A NULL ACL reads as the default: functions are executable by PUBLIC ...
    assert!(c.grants.contains(&grant(
        ObjectId::Function(q("app", "touch"), String::new()),
        "EXECUTE"
    )));
    // ... unless revoked.
    assert!(!c.grants.contains(&grant(
        ObjectId::Function(q("app", "noop"), "IN x integer".into()),
        "EXECUTE"
    )));
    assert!(
        !c.grants.iter().any(|g| g.grantee == "postgres"),
        "owner privileges are implicit"
    );
}

#[test]
fn dependencies_come_from_pg_depend_and_the_model() {
    let db = TestDb::new();
    db.batch(RICH_SCHEMA);
    let c = introspect(&db);
    let users = || q("app", "users");
    let col = |t: &str, n: &str| ObjectId::Column(q("app", t), n.to_string());
    let ty = |n: &str| ObjectId::Type(q("app", n));

    assert!(has_edge(&c, col("users", "mood"), ty("mood")));
    assert!(has_edge(&c, ObjectId::Table(users()), ty("mood")));
    assert!(
        has_edge(&c, col("users", "moods"), ty("mood")),
        "arrays lead to the element type"
    );
    assert!(has_edge(&c, ObjectId::Table(users()), ty("email")));
    assert!(has_edge(&c, ObjectId::Table(users()), ty("pair")));
    assert!(has_edge(
        &c,
        col("users", "nick"),
        ObjectId::Extension("citext".into())
    ));
    assert!(has_edge(
        &c,
        col("users", "id"),
        ObjectId::Sequence(q("app", "users_id_seq"))
    ));
    assert!(has_edge(
        &c,
        ObjectId::Sequence(q("app", "users_id_seq")),
        ObjectId::Table(users())
    ));
    assert!(has_edge(
        &c,
        ObjectId::Constraint(q("app", "orders"), "orders_user_id_fkey".into()),
        ObjectId::Table(users())
    ));
    assert!(has_edge(
        &c,
        ObjectId::Index(q("app", "orders_recent")),
        ObjectId::Table(q("app", "orders"))
    ));
    assert!(has_edge(
        &c,
        ObjectId::Index(q("app", "user_counts_n")),
        ObjectId::View(q("app", "user_counts"))
    ));
    assert!(has_edge(
        &c,
        ObjectId::View(q("app", "active_users")),
        ObjectId::Table(users())
    ));
    assert!(has_edge(
        &c,
        ObjectId::View(q("app", "active_users")),
        ty("mood")
    ));
    assert!(has_edge(
        &c,
        ObjectId::Trigger(users(), "users_touch".into()),
        ObjectId::Function(q("app", "touch"), String::new())
    ));
    assert!(has_edge(
        &c,
        ObjectId::Table(q("app", "events_2024")),
        ObjectId::Table(q("app", "events"))
    ));
    assert!(!c.dependencies.iter().any(|(a, b)| a == b), "no self edges");
    assert!(!has_edge(
        &c,
        col("orders", "total"),
        ObjectId::Table(q("app", "orders"))
    ));
}

#[test]
fn the_same_schema_reads_back_equal_from_two_databases() {
    let a = TestDb::new();
    let b = TestDb::new();
    a.batch(RICH_SCHEMA);
    b.batch(RICH_SCHEMA);
    assert_eq!(introspect(&a), introspect(&b));
}

#[test]
fn an_empty_database_has_only_public() {
    let db = TestDb::new();
    let c = introspect(&db);
    assert_eq!(c.schemas.keys().collect::<Vec<_>>(), vec!["public"]);
    assert!(c.tables.is_empty() && c.types.is_empty() && c.functions.is_empty());
    assert!(c.extensions.is_empty());
}

/// Creates `n` tables, each with a primary key, a foreign key, an index, a comment and a
/// trigger, so every per-table query has rows.
fn tables_sql(n: usize) -> String {
    let mut sql = String::from(
        "CREATE TABLE parent (id int PRIMARY KEY);
         CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
    );
    for i in 0..n {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id serial PRIMARY KEY, p int REFERENCES parent, v text CHECK (v <> ''));
             CREATE INDEX t{i}_v ON t{i} (v);
             COMMENT ON TABLE t{i} IS 'table {i}';
             CREATE TRIGGER t{i}_trg BEFORE INSERT ON t{i} FOR EACH ROW EXECUTE FUNCTION f();"
        ));
    }
    sql
}

#[test]
fn introspection_makes_the_same_number_of_queries_for_1_and_50_tables() {
    let mut counts = Vec::new();
    for n in [1, 50] {
        let db = TestDb::new();
        db.batch(&tables_sql(n));
        let mut conn = PgDatabase::connect(db.url()).unwrap();
        let catalog = conn.introspect().unwrap();
        assert_eq!(catalog.tables.len(), n + 1);
        counts.push(conn.last_introspection_queries());
    }
    assert_eq!(
        counts[0], counts[1],
        "query count must not grow with tables"
    );
    assert!(counts[0] <= 21, "{} queries", counts[0]);
}

#[test]
fn introspection_leaves_the_session_search_path_alone() {
    let db = TestDb::new();
    let mut conn = PgDatabase::connect(db.url()).unwrap();
    conn.introspect().unwrap();
    // Unqualified names still land in public afterwards.
    conn.execute("CREATE TABLE plain (id int)").unwrap();
    let c = conn.introspect().unwrap();
    assert!(c.tables.contains_key(&q("public", "plain")));
}

#[test]
fn quoted_names_and_objects_in_several_schemas() {
    let db = TestDb::new();
    db.batch(
        r#"CREATE SCHEMA "Sales";
           CREATE TYPE "Sales"."Status" AS ENUM ('new');
           CREATE TABLE "Sales"."Order" ("Id" int PRIMARY KEY, "state" "Sales"."Status");
           CREATE TABLE public.ref (o int REFERENCES "Sales"."Order");"#,
    );
    let c = introspect(&db);
    let order = &c.tables[&q("Sales", "Order")];
    assert_eq!(
        order.column("state").unwrap().data_type,
        r#""Sales"."Status""#
    );
    assert_eq!(
        c.tables[&q("public", "ref")].constraints["ref_o_fkey"].definition,
        r#"FOREIGN KEY (o) REFERENCES "Sales"."Order"("Id")"#
    );
}

#[test]
fn defaults_report_the_sequence_they_draw_from() {
    let db = TestDb::new();
    db.batch(
        r#"
        CREATE SCHEMA app;
        CREATE SCHEMA other;
        CREATE SEQUENCE other.shared;
        CREATE SEQUENCE app."Odd's";
        CREATE TABLE app.t (
            id serial,
            shared bigint DEFAULT nextval('other.shared'),
            odd bigint DEFAULT nextval('app."Odd''s"'),
            text_arg bigint DEFAULT nextval('other.shared'::text),
            plain integer DEFAULT 1
        );
        "#,
    );
    let c = introspect(&db);
    let seq = |col: &str| column(&c, "t", col).default_sequence.clone();
    assert_eq!(seq("id"), Some(q("app", "t_id_seq")));
    assert_eq!(seq("shared"), Some(q("other", "shared")));
    assert_eq!(seq("odd"), Some(q("app", "Odd's")));
    // A name passed as text is looked up when the default runs: no dependency is recorded.
    assert_eq!(seq("text_arg"), None);
    assert_eq!(seq("plain"), None);
}

#[test]
fn event_triggers_with_tags_state_comment_and_function() {
    let db = TestDb::new();
    db.batch(
        "CREATE SCHEMA audit;
         CREATE FUNCTION audit.note() RETURNS event_trigger LANGUAGE plpgsql
             AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;
         CREATE EVENT TRIGGER \"Audit DDL\" ON ddl_command_end
             WHEN TAG IN ('create table', 'ALTER TABLE', 'CREATE TABLE')
             EXECUTE FUNCTION audit.note();
         ALTER EVENT TRIGGER \"Audit DDL\" ENABLE ALWAYS;
         COMMENT ON EVENT TRIGGER \"Audit DDL\" IS 'logs DDL';
         CREATE EVENT TRIGGER drops ON sql_drop EXECUTE FUNCTION audit.note();
         ALTER EVENT TRIGGER drops DISABLE;
         CREATE EXTENSION citext;
         CREATE EVENT TRIGGER member ON sql_drop EXECUTE FUNCTION audit.note();
         ALTER EXTENSION citext ADD EVENT TRIGGER member;",
    );
    let c = introspect(&db);
    let names: Vec<&String> = c.event_triggers.keys().collect();
    assert_eq!(
        names,
        ["Audit DDL", "drops"],
        "extension members are left out"
    );
    let audit = &c.event_triggers["Audit DDL"];
    assert_eq!(
        audit.event,
        strata_catalog::EventTriggerEvent::DdlCommandEnd
    );
    assert_eq!(audit.tags, ["ALTER TABLE", "CREATE TABLE"]);
    assert_eq!(audit.function, q("audit", "note"));
    assert_eq!(audit.enabled, TriggerState::Always);
    assert_eq!(audit.comment.as_deref(), Some("logs DDL"));
    let drops = &c.event_triggers["drops"];
    assert!(drops.tags.is_empty());
    assert_eq!(drops.enabled, TriggerState::Disabled);
    assert!(has_edge(
        &c,
        ObjectId::EventTrigger("drops".into()),
        ObjectId::Function(q("audit", "note"), String::new())
    ));
}

#[test]
fn objects_of_kinds_strata_does_not_model_are_listed_not_dropped() {
    let db = TestDb::new();
    db.batch(
        "CREATE SCHEMA app;
         CREATE TABLE app.t (a int, b int);
         CREATE AGGREGATE app.total (int) (sfunc = int4pl, stype = int);
         CREATE STATISTICS app.t_ab (dependencies) ON a, b FROM app.t;
         CREATE RULE t_nothing AS ON DELETE TO app.t DO INSTEAD NOTHING;
         CREATE TYPE app.span AS RANGE (subtype = int4);
         CREATE TEXT SEARCH CONFIGURATION app.plain (COPY = simple);
         CREATE OPERATOR app.=== (leftarg = int, rightarg = int, function = int4eq);
         CREATE CAST (app.span AS text) WITH INOUT;
         CREATE FOREIGN DATA WRAPPER w;
         CREATE SERVER s FOREIGN DATA WRAPPER w OPTIONS (host 'h');
         CREATE USER MAPPING FOR CURRENT_USER SERVER s OPTIONS (password 'sekrit');
         CREATE FOREIGN TABLE app.remote (id int) SERVER s;
         CREATE PUBLICATION p FOR TABLE app.t;
         ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
         -- Extension members are the extension's: never listed.
         CREATE EXTENSION pg_trgm;",
    );
    let catalog = introspect(&db);
    let listed: Vec<String> = catalog.unmanaged.iter().map(|u| u.to_string()).collect();
    for expected in [
        "aggregate app.total(integer)",
        "statistics app.t_ab",
        "rule t_nothing ON app.t",
        "range type app.span",
        "text search configuration app.plain",
        "operator app.===(integer,integer)",
        "cast (app.span AS text)",
        "foreign-data wrapper w",
        "server s",
        "foreign table app.remote",
        "publication p",
        "default privileges FOR ROLE postgres IN SCHEMA app ON TABLES",
    ] {
        assert!(
            listed.iter().any(|l| l == expected),
            "{expected} not in {listed:#?}"
        );
    }
    assert!(listed.iter().any(|l| l.starts_with("user mapping FOR ")));
    assert!(
        !listed
            .iter()
            .any(|l| l.contains("sekrit") || l.contains("'h'")),
        "options are never shown: {listed:#?}"
    );
    assert!(
        !listed
            .iter()
            .any(|l| l.contains("gtrgm") || l.contains("%")),
        "pg_trgm's own operators and classes are not listed: {listed:#?}"
    );
    // The scope leaves out what lives in schemas it does not manage.
    let mut scoped = catalog.clone();
    strata_catalog::Scope {
        schemas: Some(vec!["public".into()]),
        ..Default::default()
    }
    .apply(&mut scoped);
    assert!(scoped.unmanaged.iter().all(|u| u.schema.is_none()));
    assert!(scoped.unmanaged.iter().any(|u| u.kind == "publication"));
}
