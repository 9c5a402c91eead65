//! End to end: load schema A into a database and schema B into another, plan A → B,
//! apply the plan to A, and check that planning again finds nothing left to do.
use strata_catalog::Catalog;
use strata_execute::{ApplyOptions, Database};
use strata_plan::{Plan, build_plan};
use strata_postgres::{PgDatabase, PostgresDialect};
use strata_testkit::TestDb;

fn introspect(db: &TestDb) -> Catalog {
    PgDatabase::connect(db.url())
        .expect("connect")
        .introspect()
        .expect("introspect")
}

fn plan(from: &Catalog, to: &Catalog) -> Plan {
    build_plan(from, to, &PostgresDialect).expect("plan")
}

/// Brings a database holding `a` to `b` and returns the plan that did it.
fn converge(a: &str, b: &str) -> Plan {
    let (db_a, db_b) = (TestDb::new(), TestDb::new());
    db_a.batch(a);
    db_b.batch(b);
    let target = introspect(&db_b);
    let first = plan(&introspect(&db_a), &target);
    PgDatabase::connect(db_a.url())
        .expect("connect")
        .apply(&first, &ApplyOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n-- plan:\n{}", first.to_sql()));
    let again = plan(&introspect(&db_a), &target);
    assert!(
        again.is_empty(),
        "not converged; first plan:\n{}\nsecond plan:\n{}",
        first.to_sql(),
        again.to_sql()
    );
    first
}

fn summaries(plan: &Plan) -> Vec<&str> {
    plan.steps.iter().map(|s| s.summary.as_str()).collect()
}

const SHOP: &str = r#"
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'the shop';
CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN shop.qty AS integer DEFAULT 1 CHECK (VALUE > 0);
CREATE TABLE shop.customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name varchar(50) COLLATE "C",
    created timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shop.customers IS 'who buys';
COMMENT ON COLUMN shop.customers.email IS 'login';
CREATE TABLE shop.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
    status shop.status NOT NULL DEFAULT 'new',
    amount shop.qty,
    price numeric(10,2) CHECK (price >= 0),
    total numeric GENERATED ALWAYS AS (amount * price) STORED
) WITH (fillfactor = 80);
CREATE INDEX orders_customer ON shop.orders (customer_id) WHERE status <> 'shipped';
COMMENT ON INDEX shop.orders_customer IS 'open orders';
CREATE VIEW shop.open_orders AS
    SELECT o.id, c.email FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
    WHERE o.status <> 'shipped';
CREATE MATERIALIZED VIEW shop.revenue AS
    SELECT customer_id, sum(total) AS total FROM shop.orders GROUP BY customer_id;
CREATE UNIQUE INDEX revenue_customer ON shop.revenue (customer_id);
CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON shop.customers
    FOR EACH ROW EXECUTE FUNCTION shop.touch();
ALTER TABLE shop.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON shop.orders FOR SELECT TO PUBLIC USING (customer_id > 0);
GRANT SELECT ON shop.open_orders TO PUBLIC;
GRANT USAGE ON SCHEMA shop TO PUBLIC;
"#;

#[test]
fn creates_and_drops_a_whole_schema() {
    let up = converge("", SHOP);
    let order = summaries(&up);
    let pos = |s: &str| {
        order
            .iter()
            .position(|x| *x == s)
            .unwrap_or_else(|| panic!("no step {s}: {order:#?}"))
    };
    assert!(pos("create sequence shop.customers_id_seq") < pos("create table shop.customers"));
    assert!(pos("create table shop.customers") < pos("alter sequence shop.customers_id_seq"));
    assert!(
        pos("create table shop.customers")
            < pos("add constraint orders_customer_id_fkey on shop.orders")
    );
    let down = converge(SHOP, "");
    assert!(down.destructive_steps().count() > 0);
}

#[test]
fn column_changes_recreate_views_around_them() {
    let a = r#"
        CREATE TABLE t (id integer PRIMARY KEY, name varchar(20), n integer DEFAULT 0,
                        gone text, code text COLLATE "C");
        CREATE VIEW v AS SELECT id, length(name) AS len FROM t;
        CREATE VIEW w AS SELECT len FROM v;
    "#;
    let b = r#"
        CREATE TABLE t (id integer PRIMARY KEY, name varchar(10), n bigint NOT NULL DEFAULT 1,
                        code text, added text NOT NULL DEFAULT 'x');
        CREATE VIEW v AS SELECT id, length(name) AS len FROM t;
        CREATE VIEW w AS SELECT len FROM v;
    "#;
    let p = converge(a, b);
    let recreated: Vec<&str> = p
        .steps
        .iter()
        .filter(|s| s.reason.is_some())
        .map(|s| s.summary.as_str())
        .collect();
    assert!(recreated.contains(&"create view public.v"), "{recreated:?}");
    assert!(recreated.contains(&"create view public.w"), "{recreated:?}");
    assert!(
        p.destructive_steps().count() >= 2,
        "narrowing and drop column"
    );
}

#[test]
fn enums_gain_and_lose_labels() {
    let a = r#"
        CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE TYPE level AS ENUM ('low', 'mid', 'high');
        CREATE TABLE t (m mood DEFAULT 'sad', l level DEFAULT 'mid', ls level[]);
        CREATE VIEW v AS SELECT l FROM t;
    "#;
    let b = r#"
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
        CREATE TYPE level AS ENUM ('high', 'low');
        CREATE TABLE t (m mood DEFAULT 'sad', l level DEFAULT 'low', ls level[]);
        CREATE VIEW v AS SELECT l FROM t;
    "#;
    let p = converge(a, b);
    assert!(summaries(&p).contains(&"replace type public.level"));
    assert!(summaries(&p).contains(&"add value ok to type public.mood"));
}

#[test]
fn domains_composites_and_sequences() {
    let a = r#"
        CREATE DOMAIN pos AS integer CHECK (VALUE > 0);
        CREATE DOMAIN code AS text;
        CREATE TYPE pair AS (a integer, b text);
        CREATE TABLE t (p pos, c code, pr pair);
        CREATE SEQUENCE s AS integer START 5;
        CREATE TABLE u (id serial, x integer);
    "#;
    let b = r#"
        CREATE DOMAIN pos AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 1);
        CREATE DOMAIN code AS varchar(10);
        CREATE TYPE pair AS (a integer, c date);
        CREATE TABLE t (p pos, c code, pr pair);
        CREATE SEQUENCE s AS bigint START 5 INCREMENT 2 CYCLE;
        CREATE TABLE u (id integer, x integer);
    "#;
    converge(a, b);
}

#[test]
fn views_functions_triggers_policies_and_grants_change() {
    let a = r#"
        CREATE TABLE t (id integer, owner text, body text);
        CREATE VIEW v AS SELECT id FROM t;
        CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
        CREATE INDEX mv_id ON mv (id);
        CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;
        CREATE FUNCTION g() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
        CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER t_ins BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
        CREATE TRIGGER t_upd BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trg();
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        CREATE POLICY p ON t FOR SELECT USING (owner = current_user);
        GRANT SELECT ON t TO PUBLIC;
        GRANT SELECT ON mv TO PUBLIC;
        COMMENT ON VIEW v IS 'old';
    "#;
    let b = r#"
        CREATE TABLE t (id integer, owner text, body text);
        CREATE VIEW v AS SELECT id, owner FROM t;
        CREATE MATERIALIZED VIEW mv AS SELECT id, owner FROM t;
        CREATE INDEX mv_id ON mv (id);
        COMMENT ON MATERIALIZED VIEW mv IS 'counts';
        CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x + 1 $$;
        CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
        CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
        CREATE TRIGGER t_upd BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trg();
        ALTER TABLE t DISABLE TRIGGER t_upd;
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        ALTER TABLE t FORCE ROW LEVEL SECURITY;
        CREATE POLICY p ON t FOR SELECT USING (owner = session_user);
        GRANT INSERT ON t TO PUBLIC;
        GRANT SELECT ON mv TO PUBLIC;
        COMMENT ON VIEW v IS 'new';
    "#;
    let p = converge(a, b);
    assert!(summaries(&p).contains(&"replace view public.v"));
    assert!(summaries(&p).contains(&"replace function public.f(x integer)"));
}

#[test]
fn partitions_follow_their_parent() {
    let a = r#"
        CREATE TABLE m (id integer, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE INDEX m_at ON m (at);
        CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    "#;
    let b = r#"
        CREATE TABLE m (id integer, at date NOT NULL, note text, PRIMARY KEY (id, at))
            PARTITION BY RANGE (at);
        CREATE INDEX m_at ON m (at);
        CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    "#;
    converge(a, b);
    converge(b, a);
}

#[test]
fn comment_only_changes_are_comments() {
    let a = "CREATE TABLE t (id integer PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;";
    let b = "CREATE TABLE t (id integer PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;
             COMMENT ON TABLE t IS 'x'; COMMENT ON COLUMN t.id IS 'key';
             COMMENT ON CONSTRAINT t_pkey ON t IS 'pk'; COMMENT ON VIEW v IS 'v';";
    let p = converge(a, b);
    assert!(
        p.steps.iter().all(|s| s.summary.starts_with("comment on")),
        "{:#?}",
        summaries(&p)
    );
}
