//! The PostgreSQL registry, and the generic rules as PostgreSQL reports them.
use super::testing::*;
use crate::PostgresDialect;
use strata_plan::{Dialect, rules};

#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../../../../README.md");
    for r in rules::all(&PostgresDialect) {
        let row = format!("| {} | `{}` | {} |", r.code, r.name, r.axis);
        assert!(readme.contains(&row), "README.md has no row {row}");
    }
}

#[test]
fn registry_is_complete_and_well_formed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/hazards");
    let all = rules::all(&PostgresDialect);
    assert_eq!(rules::registry_problems(&all, &dir), Vec::<String>::new());
    assert!(
        PostgresDialect
            .rules()
            .iter()
            .all(|r| r.code.starts_with("PG"))
    );
}

/// Each generic rule PostgreSQL reports: a change that triggers it and a harmless one.
fn generic_cases() -> Vec<(&'static str, Change, Change)> {
    let mut not_null = col("n", "integer");
    not_null.not_null = true;
    let mut defaulted = not_null.clone();
    defaulted.default = Some("0".into());
    let mut generated = col("g", "integer");
    generated.generated = Some("(n * 2)".into());
    let alter = |from: Column, to: Column| Change::AlterColumn {
        table: q("t"),
        from,
        to,
    };
    let add_column = |column: Column| Change::AddColumn {
        table: q("t"),
        column,
    };
    let drop_column = |column: Column| Change::DropColumn {
        table: q("t"),
        column,
    };
    let schema = Schema {
        name: "app".into(),
        comment: None,
    };
    vec![
        (
            "S001",
            Change::DropTable(table("t", vec![])),
            Change::CreateTable(table("t", vec![])),
        ),
        (
            "S002",
            drop_column(col("n", "integer")),
            drop_column(generated.clone()),
        ),
        (
            "S003",
            Change::DropSchema(schema.clone()),
            Change::CreateSchema(schema),
        ),
        (
            "S006",
            alter(
                col("s", "character varying(20)"),
                col("s", "character varying(10)"),
            ),
            alter(col("s", "character varying(10)"), col("s", "text")),
        ),
        (
            "S010",
            alter(col("g", "integer"), generated.clone()),
            alter(col("g", "integer"), col("g", "integer")),
        ),
        (
            "S011",
            add_column(not_null.clone()),
            add_column(defaulted.clone()),
        ),
        (
            "S012",
            alter(col("n", "integer"), not_null.clone()),
            alter(not_null.clone(), col("n", "integer")),
        ),
        (
            "S013",
            add(constraint(ConstraintKind::Unique, "UNIQUE (n)")),
            add(check("CHECK (n > 0)")),
        ),
        (
            "S014",
            add(check("CHECK (n > 0)")),
            add(check("CHECK (n > 0) NOT VALID")),
        ),
        (
            "S015",
            add(constraint(
                ConstraintKind::ForeignKey,
                "FOREIGN KEY (n) REFERENCES public.u(id)",
            )),
            add(constraint(
                ConstraintKind::ForeignKey,
                "FOREIGN KEY (n) REFERENCES public.u(id) NOT VALID",
            )),
        ),
        (
            "S018",
            drop_column(generated),
            drop_column(col("n", "integer")),
        ),
        (
            "S020",
            Change::DropView(view(false)),
            Change::DropView(view(true)),
        ),
        (
            "S021",
            Change::DropFunction(function()),
            Change::CreateFunction(function()),
        ),
        (
            "S022",
            alter(col("n", "integer"), col("n", "bigint")),
            alter(
                col("n", "character varying(10)"),
                col("n", "character varying(20)"),
            ),
        ),
        (
            "S023",
            alter(col("n", "integer"), not_null.clone()),
            alter(col("n", "integer"), defaulted.clone()),
        ),
        (
            "S023",
            add_column(not_null.clone()),
            add_column(col("n", "integer")),
        ),
    ]
}

fn view(materialized: bool) -> View {
    View {
        name: q("v"),
        definition: " SELECT 1;".into(),
        materialized,
        columns: Vec::new(),
        options: Vec::new(),
        comment: None,
    }
}

fn function() -> Function {
    Function {
        name: q("f"),
        identity_args: "integer".into(),
        procedure: false,
        returns: "integer".into(),
        definition: "CREATE OR REPLACE FUNCTION public.f(integer) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$".into(),
        comment: None,
        input_types: vec!["integer".into()],
    }
}

#[test]
fn generic_rules_are_reported_for_their_change_only() {
    for (code, trigger, harmless) in generic_cases() {
        assert!(
            codes(trigger.clone()).contains(&code),
            "{code}: {trigger:?}"
        );
        assert!(
            !codes(harmless.clone()).contains(&code),
            "{code}: {harmless:?}"
        );
    }
}
