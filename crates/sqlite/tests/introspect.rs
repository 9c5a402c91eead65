//! Connecting and reading schemas from real SQLite databases.
mod common;

use common::{catalog_of, file_db, load};
use strata_catalog::{ConstraintKind, ObjectId, QualName};
use strata_execute::{Database, DbError};
use strata_sqlite::{SqliteDatabase, connect};

fn name(n: &str) -> QualName {
    QualName::new("main", n)
}

const SHOP: &str = r#"
CREATE TABLE customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    tier TEXT NOT NULL DEFAULT 'basic' CHECK (tier IN ('basic', 'gold')),
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE line (
    order_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    customer_id INTEGER REFERENCES customer (id) ON DELETE CASCADE ON UPDATE SET NULL,
    qty INTEGER NOT NULL DEFAULT (1 + 0),
    price REAL,
    total REAL GENERATED ALWAYS AS (qty * price) STORED,
    PRIMARY KEY (order_id, position),
    CONSTRAINT line_qty_positive CHECK (qty > 0)
) WITHOUT ROWID;
CREATE INDEX line_customer_idx ON line (customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX customer_lower_email ON customer (lower(email));
CREATE VIEW big_spenders AS
    SELECT c.email, sum(l.total) AS spent FROM customer c JOIN line l ON l.customer_id = c.id
    GROUP BY c.email;
CREATE VIEW gold_spenders AS SELECT * FROM big_spenders WHERE spent > 100;
CREATE TRIGGER customer_touch AFTER UPDATE OF email ON customer
BEGIN
    UPDATE customer SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
"#;

#[test]
fn connect_urls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let url = format!("sqlite://{}", path.display());
    let mut db = connect(&url).expect("creates a new file");
    assert_eq!(db.describe(), url);
    db.execute("CREATE TABLE t (a)").unwrap();
    assert!(path.exists());
    assert_eq!(
        common::column(&mut db, "PRAGMA foreign_keys"),
        vec!["1".to_string()]
    );

    let mut memory = connect("sqlite::memory:").unwrap();
    assert!(memory.introspect().unwrap().tables.is_empty());

    let missing = format!("sqlite:{}/no/such/dir/x.db", dir.path().display());
    match connect(&missing) {
        Err(DbError::Connect { target, message }) => {
            assert_eq!(target, missing);
            assert!(message.contains("does not exist"), "{message}");
        }
        other => panic!("expected a connect error, got {:?}", other.map(|_| ())),
    }

    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        "this is not a database, just some text that is long enough",
    )
    .unwrap();
    let err = connect(&format!("sqlite:{}", junk.display()))
        .err()
        .unwrap();
    assert!(matches!(err, DbError::Connect { .. }), "{err}");

    assert!(matches!(connect("mysql://x"), Err(DbError::Connect { .. })));
}

#[test]
fn read_only_url_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "ro.db");
    db.execute("CREATE TABLE t (a)").unwrap();
    drop(db);
    let url = format!("sqlite:{}?mode=ro", dir.path().join("ro.db").display());
    let mut ro = connect(&url).unwrap();
    assert_eq!(ro.introspect().unwrap().tables.len(), 1);
    assert!(ro.execute("CREATE TABLE u (a)").is_err());
}

#[test]
fn reads_tables_columns_and_constraints() {
    let cat = catalog_of(SHOP);
    assert_eq!(cat.tables.len(), 2, "sqlite_sequence is left out");

    let customer = &cat.tables[&name("customer")];
    let sqlite = customer.sqlite().unwrap();
    assert!(sqlite.autoincrement && !sqlite.without_rowid && !sqlite.strict);
    assert!(sqlite.sql.starts_with(r#"CREATE TABLE "customer" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL UNIQUE COLLATE NOCASE"#), "{}", sqlite.sql);
    let email = customer.column("email").unwrap();
    assert_eq!(email.data_type, "TEXT");
    assert!(email.not_null);
    assert_eq!(email.collation, Some(QualName::new("main", "NOCASE")));
    let tier = customer.column("tier").unwrap();
    assert_eq!(tier.default.as_deref(), Some("'basic'"));
    assert_eq!(
        customer.column("created_at").unwrap().default.as_deref(),
        Some("CURRENT_TIMESTAMP")
    );
    assert!(customer.columns.iter().all(|c| c.identity.is_none()));
    let kinds: Vec<(&str, ConstraintKind)> = customer
        .constraints
        .values()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    assert!(kinds.contains(&("customer_id_pkey", ConstraintKind::PrimaryKey)));
    assert!(kinds.contains(&("customer_email_key", ConstraintKind::Unique)));
    let check = customer
        .constraints
        .values()
        .find(|c| c.kind == ConstraintKind::Check)
        .unwrap();
    assert!(check.name.starts_with("customer_tier_check_"));
    assert_eq!(check.definition, r#"CHECK ("tier" IN ('basic', 'gold'))"#);

    let line = &cat.tables[&name("line")];
    assert!(line.sqlite().unwrap().without_rowid);
    assert_eq!(
        line.column("qty").unwrap().default.as_deref(),
        Some("(1 + 0)")
    );
    let total = line.column("total").unwrap();
    assert_eq!(total.generated.as_deref(), Some(r#""qty" * "price""#));
    assert_eq!(total.default, None);
    let pk = &line.constraints["line_order_id_position_pkey"];
    assert_eq!(pk.columns, vec!["order_id", "position"]);
    assert_eq!(pk.definition, r#"PRIMARY KEY ("order_id", "position")"#);
    let fk = &line.constraints["line_customer_id_fkey"];
    assert_eq!(fk.kind, ConstraintKind::ForeignKey);
    let reference = fk.references.as_ref().unwrap();
    assert_eq!(reference.table, name("customer"));
    assert_eq!(reference.columns, vec!["id".to_string()]);
    assert_eq!(
        reference.on_delete,
        strata_catalog::ForeignKeyAction::Cascade
    );
    assert_eq!(
        reference.on_update,
        strata_catalog::ForeignKeyAction::SetNull
    );
    assert_eq!(
        fk.definition,
        r#"FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE SET NULL"#
    );
    assert_eq!(
        line.constraints["line_qty_positive"].definition,
        r#"CHECK ("qty" > 0)"#
    );
}

#[test]
fn reads_indexes_views_triggers_and_dependencies() {
    let cat = catalog_of(SHOP);
    let names: Vec<&str> = cat.indexes.keys().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["customer_lower_email", "line_customer_idx"],
        "auto indexes are left out"
    );
    let partial = &cat.indexes[&name("line_customer_idx")];
    assert_eq!(
        partial.definition,
        r#"CREATE INDEX "line_customer_idx" ON "line"("customer_id") WHERE "customer_id" IS NOT NULL"#
    );
    assert!(!partial.unique);
    let expr = &cat.indexes[&name("customer_lower_email")];
    assert!(expr.unique);
    assert_eq!(
        expr.definition,
        r#"CREATE UNIQUE INDEX "customer_lower_email" ON "customer"(lower("email"))"#
    );

    let view = &cat.views[&name("big_spenders")];
    assert!(view.definition.starts_with(r#"CREATE VIEW "big_spenders" AS SELECT "c"."email", sum("l"."total") AS "spent" FROM "customer" "c""#), "{}", view.definition);
    let trigger = &cat.triggers[&(name("customer"), "customer_touch".to_string())];
    assert_eq!(trigger.enabled, strata_catalog::TriggerState::Origin);
    assert_eq!(
        trigger.definition,
        r#"CREATE TRIGGER "customer_touch" AFTER UPDATE OF "email" ON "customer" BEGIN UPDATE "customer" SET "created_at" = CURRENT_TIMESTAMP WHERE "id" = NEW."id"; END"#
    );

    let deps = &cat.dependencies;
    let table = |n: &str| ObjectId::Table(name(n));
    assert!(deps.contains(&(
        ObjectId::Constraint(name("line"), "line_customer_id_fkey".into()),
        table("customer")
    )));
    assert!(deps.contains(&(ObjectId::Index(name("line_customer_idx")), table("line"))));
    assert!(deps.contains(&(
        ObjectId::Trigger(name("customer"), "customer_touch".into()),
        table("customer")
    )));
    assert!(deps.contains(&(ObjectId::View(name("big_spenders")), table("customer"))));
    assert!(deps.contains(&(ObjectId::View(name("big_spenders")), table("line"))));
    assert!(deps.contains(&(
        ObjectId::View(name("gold_spenders")),
        ObjectId::View(name("big_spenders"))
    )));
}

#[test]
fn spelling_does_not_matter() {
    let messy = r#"
        create table "customer"(id integer primary key autoincrement,
          email text not null unique collate NOCASE, -- comment
          tier text not null default 'basic' check(tier in ('basic','gold')),
          created_at text default current_timestamp);
        CREATE TABLE [line] ( order_id integer not null, position integer not null,
          customer_id integer references customer(id) on delete cascade on update set null,
          qty integer not null default (1+0), price real,
          total real generated always as (qty*price) stored,
          primary key (order_id,position), constraint line_qty_positive check (qty>0)) without rowid;
        create index line_customer_idx on line(customer_id) where customer_id is not null;
        create unique index customer_lower_email on customer(lower(email));
        create view big_spenders as select c.email, sum(l.total) as spent
          from customer c join line l on l.customer_id=c.id group by c.email;
        create view gold_spenders as select * from big_spenders where spent>100;
        create trigger customer_touch after update of email on customer begin
          update customer set created_at=current_timestamp where id=new.id; end;
    "#;
    let (a, b) = (catalog_of(SHOP), catalog_of(messy));
    for (n, t) in &a.tables {
        assert_eq!(Some(t), b.tables.get(n), "{n}");
    }
    assert_eq!(a, b);
}

#[test]
fn added_columns_and_rebuilt_tables_read_back_like_fresh_ones() {
    let mut altered = SqliteDatabase::open_in_memory().unwrap();
    load(
        &mut altered,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, UNIQUE (a));
         ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 0;
         CREATE TABLE \"_strata_new_u\" (id INTEGER PRIMARY KEY, x TEXT);
         ALTER TABLE \"_strata_new_u\" RENAME TO u;",
    );
    let fresh = catalog_of(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER NOT NULL DEFAULT 0, UNIQUE (a));
         CREATE TABLE u (id INTEGER PRIMARY KEY, x TEXT);",
    );
    assert_eq!(altered.introspect().unwrap(), fresh);
}

#[test]
fn virtual_tables_and_their_shadow_tables_are_left_out() {
    let cat = catalog_of(
        "CREATE VIRTUAL TABLE docs USING fts5(body);
         CREATE TABLE kept (id INTEGER PRIMARY KEY);",
    );
    let names: Vec<&str> = cat.tables.keys().map(|n| n.name.as_str()).collect();
    assert_eq!(names, vec!["kept"]);
}

#[test]
fn query_returns_text() {
    let mut db = SqliteDatabase::open_in_memory().unwrap();
    let rows = common::rows(&mut db, "SELECT 1, 2.5, 'x', NULL, x'0aff'");
    assert_eq!(
        rows,
        vec![vec![
            Some("1".into()),
            Some("2.5".into()),
            Some("x".into()),
            None,
            Some("0aff".into())
        ]]
    );
    let err = db.query("SELECT * FROM missing").unwrap_err();
    assert_eq!(err.statement(), Some("SELECT * FROM missing"));
    assert!(err.to_string().contains("no such table"), "{err}");
}

#[test]
fn scratch_is_empty_and_separate() {
    let mut db = SqliteDatabase::open_in_memory().unwrap();
    db.execute("CREATE TABLE t (a)").unwrap();
    let mut scratch = db.scratch().unwrap();
    assert!(scratch.introspect().unwrap().tables.is_empty());
    assert_eq!(scratch.dialect().name(), "sqlite");
}
