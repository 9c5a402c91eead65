//! Each syntax rule: a statement that triggers it and one that does not.
use super::*;

fn codes_with(sql: &str, options: &LintOptions) -> Vec<String> {
    lint_sql(sql, options)
        .unwrap()
        .into_iter()
        .flat_map(|s| s.hazards)
        .map(|h| h.code)
        .collect()
}

fn codes(sql: &str) -> Vec<String> {
    codes_with(sql, &LintOptions::default())
}

/// `sql` finds `code`, `safe` does not.
fn rule(code: &str, sql: &str, safe: &str) {
    assert!(
        codes(sql).iter().any(|c| c == code),
        "{code} not found in {sql}: {:?}",
        codes(sql)
    );
    assert!(
        !codes(safe).iter().any(|c| c == code),
        "{code} found in {safe}: {:?}",
        codes(safe)
    );
}

const TIMEOUT: &str = "SET lock_timeout = '5s';\n";

#[test]
fn create_index_without_concurrently() {
    rule(
        "PG001",
        "CREATE INDEX i ON t (a)",
        "CREATE INDEX CONCURRENTLY i ON t (a)",
    );
    // A table created earlier in the script is empty.
    rule(
        "PG001",
        "CREATE INDEX i ON t (a)",
        "CREATE TABLE t (a int); CREATE INDEX i ON t (a)",
    );
    rule(
        "S013",
        "CREATE UNIQUE INDEX i ON t (a)",
        "CREATE INDEX i ON t (a)",
    );
}

#[test]
fn drop_index_without_concurrently() {
    rule("PG002", "DROP INDEX i", "DROP INDEX CONCURRENTLY i");
}

#[test]
fn concurrently_in_a_transaction() {
    let in_tx = LintOptions {
        in_transaction: true,
        ..LintOptions::default()
    };
    let sql = "CREATE INDEX CONCURRENTLY i ON t (a)";
    assert_eq!(codes_with(sql, &in_tx), ["PG040"]);
    assert_eq!(codes(sql), Vec::<String>::new());
    assert_eq!(codes(&format!("BEGIN; {sql}; COMMIT")), ["PG040"]);
    assert_eq!(
        codes(&format!("BEGIN; COMMIT; {sql}")),
        Vec::<String>::new()
    );
    assert_eq!(codes_with("DROP INDEX CONCURRENTLY i", &in_tx), ["PG040"]);
    assert_eq!(
        codes_with("REINDEX INDEX CONCURRENTLY i", &in_tx),
        ["PG040"]
    );
    assert_eq!(codes_with("VACUUM t", &in_tx), ["PG040"]);
    assert!(codes("VACUUM t").is_empty());
}

#[test]
fn add_enum_value_in_a_transaction_before_12() {
    let v = |version| LintOptions {
        version,
        in_transaction: true,
    };
    let sql = "ALTER TYPE mood ADD VALUE 'meh'";
    assert_eq!(codes_with(sql, &v(11)), ["PG040"]);
    assert!(codes_with(sql, &v(12)).is_empty());
}

#[test]
fn update_and_delete_without_where() {
    rule(
        "S045",
        "UPDATE t SET a = 1",
        "UPDATE t SET a = 1 WHERE id < 100",
    );
    rule("S046", "DELETE FROM t", "DELETE FROM t WHERE a IS NULL");
    rule(
        "S045",
        "UPDATE t SET a = 1",
        "CREATE TABLE t (a int); UPDATE t SET a = 1",
    );
}

#[test]
fn add_column_with_a_volatile_default_rewrites() {
    let safe = format!("{TIMEOUT}ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()");
    rule(
        "PG004",
        "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()",
        &safe,
    );
    rule(
        "PG004",
        "ALTER TABLE t ADD COLUMN c float8 DEFAULT (random() * 10)",
        "ALTER TABLE t ADD COLUMN c int DEFAULT 0",
    );
    rule(
        "PG004",
        "ALTER TABLE t ADD COLUMN c int DEFAULT app.next_value()",
        "ALTER TABLE t ADD COLUMN c int DEFAULT pg_catalog.abs(-1)",
    );
    rule(
        "PG004",
        "ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY",
        "ALTER TABLE t ADD COLUMN id bigint",
    );
}

#[test]
fn any_default_rewrites_before_11() {
    let sql = "ALTER TABLE t ADD COLUMN c int DEFAULT 0";
    let v = |version| LintOptions {
        version,
        in_transaction: false,
    };
    assert!(codes_with(sql, &v(10)).iter().any(|c| c == "PG004"));
    assert!(!codes_with(sql, &v(11)).iter().any(|c| c == "PG004"));
}

#[test]
fn add_not_null_column_without_default() {
    rule(
        "S011",
        "ALTER TABLE t ADD COLUMN c int NOT NULL",
        "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0",
    );
}

#[test]
fn foreign_keys_and_checks_without_not_valid() {
    rule(
        "S015",
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id)",
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID",
    );
    rule(
        "PG006",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID",
    );
    rule(
        "S014",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
        "ALTER TABLE t VALIDATE CONSTRAINT c",
    );
}

#[test]
fn set_not_null() {
    rule(
        "S012",
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
        "ALTER TABLE t ALTER COLUMN a DROP NOT NULL",
    );
}

#[test]
fn alter_column_type_rewrites() {
    rule(
        "PG004",
        "ALTER TABLE t ALTER COLUMN a TYPE bigint",
        "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1",
    );
}

#[test]
fn drops() {
    rule("S001", "DROP TABLE t", "DROP VIEW t");
    rule("S001", "DROP TABLE t", "CREATE TABLE t (); DROP TABLE t");
    rule(
        "S002",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP CONSTRAINT a",
    );
}

#[test]
fn renames() {
    rule(
        "S041",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t ALTER COLUMN a SET DEFAULT 0",
    );
    rule(
        "S040",
        "ALTER TABLE t RENAME TO u",
        "CREATE TABLE t (); ALTER TABLE t RENAME TO u",
    );
    rule(
        "S044",
        "ALTER TABLE t RENAME CONSTRAINT a TO b",
        "ALTER TABLE t DROP CONSTRAINT a",
    );
    rule("S043", "ALTER SCHEMA a RENAME TO b", "CREATE SCHEMA b");
    rule(
        "S042",
        "ALTER TYPE a RENAME TO b",
        "CREATE TYPE b AS ENUM ()",
    );
    rule(
        "S048",
        "ALTER INDEX i RENAME TO j",
        "CREATE INDEX CONCURRENTLY j ON t (a)",
    );
}

#[test]
fn keys_without_using_index() {
    rule(
        "PG042",
        "ALTER TABLE t ADD PRIMARY KEY (id)",
        "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id",
    );
    rule(
        "PG042",
        "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)",
        "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_a",
    );
}

#[test]
fn lock_timeout_before_access_exclusive_locks() {
    rule(
        "PG041",
        "ALTER TABLE t ADD COLUMN c int",
        "SET lock_timeout = '5s'; ALTER TABLE t ADD COLUMN c int",
    );
    rule(
        "PG041",
        "ALTER TABLE t ADD COLUMN c int",
        "SELECT set_config('lock_timeout', '2s', false); ALTER TABLE t ADD COLUMN c int",
    );
    // Turned off again, or only for a transaction that ended.
    rule(
        "PG041",
        "SET lock_timeout = '5s'; SET lock_timeout = 0; ALTER TABLE t ADD COLUMN c int",
        "BEGIN; SET LOCAL lock_timeout = '1s'; ALTER TABLE t ADD COLUMN c int; COMMIT",
    );
    rule(
        "PG041",
        "BEGIN; SET LOCAL lock_timeout = '1s'; COMMIT; ALTER TABLE t ADD COLUMN c int",
        "ALTER TABLE t VALIDATE CONSTRAINT c",
    );
    rule("PG041", "DROP TABLE t", "CREATE TABLE t (); DROP TABLE t");
    rule(
        "PG041",
        "TRUNCATE t",
        "CREATE INDEX CONCURRENTLY i ON t (a)",
    );
}

#[test]
fn vacuum_full_and_cluster_rewrite() {
    rule("PG004", "VACUUM FULL t", "VACUUM t");
    rule("PG004", "CLUSTER t USING t_pkey", "ANALYZE t");
}

#[test]
fn truncate_loses_rows() {
    rule("S047", "TRUNCATE t", "CREATE TABLE t (); TRUNCATE t");
}

#[test]
fn positions_are_lines_and_columns_of_the_first_token() {
    let sql = "-- note\nSET lock_timeout = '1s';\n\n  /* c */ DROP TABLE t;\n";
    let linted = lint_sql(sql, &LintOptions::default()).unwrap();
    assert_eq!(linted.len(), 2);
    assert_eq!((linted[1].line, linted[1].column), (4, 11));
    assert_eq!(&sql[linted[1].span.clone()], "DROP TABLE t");
    assert_eq!(linted[1].hazards[0].object.as_deref(), Some("t"));
}

#[test]
fn syntax_errors_name_their_line() {
    let err = lint_sql(
        "SELECT 1;\n\nALTER TABLE t ADD COLUM c int;\n",
        &LintOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("syntax error"), "{}", err.message);
}

#[test]
fn names_in_messages_are_escaped() {
    let linted = lint_sql("DROP TABLE \"a\nb\"", &LintOptions::default()).unwrap();
    let message = &linted[0].hazards[0].message;
    assert!(message.contains("a\\nb"), "{message}");
}
