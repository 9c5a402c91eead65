//! The SQLite registry, and the generic rules as SQLite reports them.
use super::testing::codes;
use crate::SqliteDialect;
use strata_plan::{Dialect, rules};

#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../../../../README.md");
    for r in rules::all(&SqliteDialect) {
        let row = format!("| {} | `{}` | {} |", r.code, r.name, r.axis);
        assert!(readme.contains(&row), "README.md has no row {row}");
    }
}

#[test]
fn registry_is_complete_and_well_formed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/hazards");
    let all = rules::all(&SqliteDialect);
    assert_eq!(rules::registry_problems(&all, &dir), Vec::<String>::new());
    assert!(
        SqliteDialect
            .rules()
            .iter()
            .all(|r| r.code.starts_with("SQLITE"))
    );
}

#[test]
fn generic_rules_are_reported_for_their_change_only() {
    let cases = [
        (
            "S001",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE u (a INTEGER);",
            "CREATE TABLE t (a INTEGER); CREATE TABLE u (a INTEGER);",
        ),
        (
            "S002",
            "CREATE TABLE t (a INTEGER, b TEXT);",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE t (a INTEGER, b TEXT, c TEXT);",
        ),
        (
            "S010",
            "CREATE TABLE t (a INTEGER, b INTEGER);",
            "CREATE TABLE t (a INTEGER, b INTEGER AS (a * 2));",
            "CREATE TABLE t (a INTEGER, b INTEGER, c TEXT);",
        ),
        (
            "S011",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE t (a INTEGER, b TEXT NOT NULL);",
            "CREATE TABLE t (a INTEGER, b TEXT NOT NULL DEFAULT 'x');",
        ),
        (
            "S012",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE t (a INTEGER NOT NULL);",
            "CREATE TABLE t (a INTEGER NOT NULL DEFAULT 0);",
        ),
        (
            "S013",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE t (a INTEGER, UNIQUE (a));",
            "CREATE TABLE t (a INTEGER, CHECK (a > 0));",
        ),
        (
            "S014",
            "CREATE TABLE t (a INTEGER);",
            "CREATE TABLE t (a INTEGER, CHECK (a > 0));",
            "CREATE TABLE t (a INTEGER, UNIQUE (a));",
        ),
    ];
    for (code, from, to, harmless) in cases {
        assert!(codes(from, to).contains(&code), "{code}: {from} -> {to}");
        assert!(
            !codes(from, harmless).contains(&code),
            "{code}: {from} -> {harmless}"
        );
    }
}
