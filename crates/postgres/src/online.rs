//! Online recipes: the steps PostgreSQL gets for a change to a large table, so reads and
//! writes go on while it runs (safety notes §6.4). Each recipe replaces the plain
//! rendering of one change; changes without a recipe render as usual. The executor
//! runs the steps with their transaction boundaries (see [`strata_plan::Plan::groups`]).
use crate::hazards;
use crate::render::{column_def, is_volatile, literal};
use crate::version::PgVersion;
use strata_catalog::{Catalog, Column, Constraint, ConstraintKind, Index, QualName};
use strata_diff::Change;
use strata_plan::{Hazard, OnlineStep, Rendered, Rule, rules};
use strata_sqltext::{Quoted, quote_ident};

/// The recipe for `change` on a server of `version`, or `None` to render it as usual.
/// `from` is the live catalog.
pub(crate) fn render_online(
    change: &Change,
    from: &Catalog,
    version: PgVersion,
) -> Option<Vec<OnlineStep>> {
    match change {
        // DO with COMMIT inside needs 11.
        Change::AddColumn { table, column } if fills_row_by_row(column) && version.at_least(11) => {
            Some(add_then_backfill(table, column, version))
        }
        Change::CreateIndex(i) if !partitioned(from, &i.table) => Some(vec![create_index(i)]),
        Change::DropIndex(i) if !partitioned(from, &i.table) => Some(vec![drop_index(i)]),
        Change::AddConstraint { table, constraint } if !partitioned(from, table) => {
            add_constraint(table, constraint, from)
        }
        // Before 12 SET NOT NULL scans even with a valid check: no gain.
        Change::AlterColumn { table, from: a, to }
            if only_sets_not_null(a, to) && version.at_least(12) =>
        {
            Some(set_not_null(table, to))
        }
        _ => None,
    }
}

/// Concurrent builds and `USING INDEX` do not work on partitioned tables.
fn partitioned(from: &Catalog, table: &QualName) -> bool {
    from.tables
        .get(table)
        .is_none_or(|t| t.pg_options().partition_key.is_some())
}

fn step(statements: Vec<String>, hazards: Vec<Hazard>) -> OnlineStep {
    OnlineStep {
        rendered: Rendered {
            statements,
            hazards,
            ..Rendered::default()
        },
        ..OnlineStep::default()
    }
}

/// A step that runs outside a transaction.
fn alone(statements: Vec<String>, hazards: Vec<Hazard>) -> OnlineStep {
    let mut s = step(statements, hazards);
    s.rendered.non_transactional = true;
    s
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY`, the definition the server rendered with the
/// keyword put in.
fn create_index(i: &Index) -> OnlineStep {
    let definition = concurrently(&i.definition);
    let mut statements = vec![definition];
    if let Some(comment) = &i.comment {
        statements.push(format!(
            "COMMENT ON INDEX {} IS {}",
            i.name.quoted(),
            literal(comment)
        ));
    }
    let mut found = vec![Hazard::new(
        &hazards::CONCURRENT_INDEX,
        format!(
            "builds index {} concurrently, outside a transaction: writes to {} go on (instead of PG001)",
            i.name, i.table
        ),
    )];
    if i.unique {
        found.push(Hazard::new(
            &rules::ADD_UNIQUE_CONSTRAINT,
            format!("unique index {} fails on duplicate values", i.name),
        ));
    }
    let mut s = alone(statements, found);
    s.label = Some("concurrently");
    s.replaces_invalid_index = Some(i.name.quoted());
    s
}

/// `CREATE INDEX name` → `CREATE INDEX CONCURRENTLY name` (also after `UNIQUE`).
fn concurrently(definition: &str) -> String {
    match definition.find(" INDEX ") {
        Some(at) => {
            let (head, tail) = definition.split_at(at + " INDEX".len());
            format!("{head} CONCURRENTLY{tail}")
        }
        None => definition.to_string(),
    }
}

fn drop_index(i: &Index) -> OnlineStep {
    let mut s = alone(
        // IF EXISTS: a retried build may have dropped the invalid index already.
        vec![format!(
            "DROP INDEX CONCURRENTLY IF EXISTS {}",
            i.name.quoted()
        )],
        vec![Hazard::new(
            &hazards::CONCURRENT_INDEX,
            format!(
                "drops index {} concurrently, outside a transaction: {} stays readable and writable (instead of PG002)",
                i.name, i.table
            ),
        )],
    );
    s.label = Some("concurrently");
    s
}

fn add_constraint(table: &QualName, c: &Constraint, from: &Catalog) -> Option<Vec<OnlineStep>> {
    if c.only || c.definition.ends_with("NOT VALID") {
        return None;
    }
    match c.kind {
        ConstraintKind::Check | ConstraintKind::ForeignKey => {
            Some(not_valid_then_validate(table, c))
        }
        ConstraintKind::Unique | ConstraintKind::PrimaryKey => unique_from_index(table, c, from),
        ConstraintKind::Exclusion => None,
    }
}

/// `ADD CONSTRAINT .. NOT VALID` (a brief lock, no scan), committed, then `VALIDATE
/// CONSTRAINT` in a transaction of its own (reads and writes go on).
fn not_valid_then_validate(table: &QualName, c: &Constraint) -> Vec<OnlineStep> {
    let t = table.quoted();
    let name = quote_ident(&c.name);
    let mut add = vec![format!(
        "ALTER TABLE {t} ADD CONSTRAINT {name} {} NOT VALID",
        c.definition
    )];
    if let Some(comment) = &c.comment {
        add.push(format!(
            "COMMENT ON CONSTRAINT {name} ON {t} IS {}",
            literal(comment)
        ));
    }
    let (rule, fails): (&'static Rule, &str) = match c.kind {
        ConstraintKind::ForeignKey => (
            &rules::ADD_FOREIGN_KEY,
            "fails if existing rows reference missing keys",
        ),
        _ => (
            &rules::ADD_CHECK_CONSTRAINT,
            "fails if existing rows violate it",
        ),
    };
    let mut first = step(add, Vec::new());
    first.label = Some("not valid");
    vec![first, validate(table, &c.name, rule, fails)]
}

fn validate(table: &QualName, name: &str, rule: &'static Rule, fails: &str) -> OnlineStep {
    let mut s = step(
        vec![format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            table.quoted(),
            quote_ident(name)
        )],
        vec![
            Hazard::new(rule, format!("constraint {name} on {table} {fails}")),
            Hazard::new(
                &hazards::VALIDATE_CONSTRAINT,
                format!(
                    "validates constraint {name} by reading {table} under SHARE UPDATE EXCLUSIVE: reads and writes go on (instead of PG006)"
                ),
            ),
        ],
    );
    s.label = Some("validate");
    s.own_transaction = true;
    s
}

/// A unique index built concurrently, then `ADD CONSTRAINT .. USING INDEX` (a brief
/// lock). Only for plain keys `UNIQUE (a, b)` / `PRIMARY KEY (a)` whose index the server
/// can adopt, and primary keys whose columns are NOT NULL already (otherwise the
/// constraint would scan for NULLs under its lock).
fn unique_from_index(table: &QualName, c: &Constraint, from: &Catalog) -> Option<Vec<OnlineStep>> {
    let keyword = match c.kind {
        ConstraintKind::PrimaryKey => "PRIMARY KEY",
        _ => "UNIQUE",
    };
    if !plain_key(&c.definition, keyword, &c.columns) {
        return None;
    }
    let columns: Vec<String> = c.columns.iter().map(|n| quote_ident(n)).collect();
    if c.kind == ConstraintKind::PrimaryKey {
        let t = from.tables.get(table)?;
        let all_not_null = c
            .columns
            .iter()
            .all(|n| t.columns.iter().any(|col| &col.name == n && col.not_null));
        if !all_not_null {
            return None;
        }
    }
    let index = QualName::new(table.schema.clone(), c.name.clone());
    let build = Index {
        name: index.clone(),
        table: table.clone(),
        definition: format!(
            "CREATE UNIQUE INDEX {} ON {} USING btree ({})",
            quote_ident(&c.name),
            table.quoted(),
            columns.join(", ")
        ),
        unique: true,
        comment: None,
        parent: None,
    };
    let mut first = create_index(&build);
    first.label = Some("index concurrently");
    let t = table.quoted();
    let name = quote_ident(&c.name);
    let mut adopt = vec![format!(
        "ALTER TABLE {t} ADD CONSTRAINT {name} {keyword} USING INDEX {name}"
    )];
    if let Some(comment) = &c.comment {
        adopt.push(format!(
            "COMMENT ON CONSTRAINT {name} ON {t} IS {}",
            literal(comment)
        ));
    }
    let mut second = step(adopt, Vec::new());
    second.label = Some("using index");
    Some(vec![first, second])
}

/// `UNIQUE (a, "B")` naming exactly `columns`, with nothing after (no INCLUDE, WITH,
/// DEFERRABLE, NULLS NOT DISTINCT): what `USING INDEX` can reproduce.
fn plain_key(definition: &str, keyword: &str, columns: &[String]) -> bool {
    let Some(inner) = definition
        .strip_prefix(keyword)
        .and_then(|rest| rest.strip_prefix(" ("))
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    let written: Vec<&str> = inner.split(", ").collect();
    written.len() == columns.len()
        && written
            .iter()
            .zip(columns)
            .all(|(w, name)| *w == name || *w == quote_ident(name))
}

fn only_sets_not_null(from: &Column, to: &Column) -> bool {
    if from.not_null || !to.not_null {
        return false;
    }
    let mut same = from.clone();
    same.not_null = true;
    same == *to
}

/// How the helper CHECK of the SET NOT NULL recipe is named: the recipe's last step
/// drops it, which is how its locks tell that SET NOT NULL there needs no scan.
pub(crate) const NOT_NULL_CHECK_PREFIX: &str = "strata_not_null_";

/// The name of the helper CHECK of the SET NOT NULL recipe (at most 63 bytes).
fn not_null_check_name(column: &str) -> String {
    let mut name = format!("{NOT_NULL_CHECK_PREFIX}{column}");
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// PostgreSQL 12+: `CHECK (col IS NOT NULL) NOT VALID` → `VALIDATE` (own transaction,
/// reads and writes go on) → `SET NOT NULL` (no scan: the valid check proves it) →
/// drop the check.
fn set_not_null(table: &QualName, column: &Column) -> Vec<OnlineStep> {
    let t = table.quoted();
    let c = quote_ident(&column.name);
    let check = not_null_check_name(&column.name);
    let check_q = quote_ident(&check);
    let mut first = step(
        vec![format!(
            "ALTER TABLE {t} ADD CONSTRAINT {check_q} CHECK ({c} IS NOT NULL) NOT VALID"
        )],
        Vec::new(),
    );
    first.label = Some("check not valid");
    let mut second = validate(
        table,
        &check,
        &rules::SET_NOT_NULL,
        &format!("fails if {table}.{} holds NULLs", column.name),
    );
    second.label = Some("validate");
    let mut third = step(
        vec![
            format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL"),
            format!("ALTER TABLE {t} DROP CONSTRAINT {check_q}"),
        ],
        Vec::new(),
    );
    third.label = Some("set not null");
    vec![first, second, third]
}

/// A plain column whose default PostgreSQL evaluates per row: ADD COLUMN would rewrite
/// the table to store it.
fn fills_row_by_row(c: &Column) -> bool {
    c.identity.is_none() && c.generated.is_none() && c.default.as_deref().is_some_and(is_volatile)
}

/// How many rows one batch of a backfill fills (and locks) before it commits.
const BACKFILL_BATCH: u32 = 10_000;

/// ADD COLUMN without the default (metadata only) and SET DEFAULT for new rows, in one
/// transaction; the existing rows filled in committed batches; then NOT NULL through
/// a validated check (12+) when the column has it.
fn add_then_backfill(table: &QualName, column: &Column, version: PgVersion) -> Vec<OnlineStep> {
    let t = table.quoted();
    let c = quote_ident(&column.name);
    let mut bare = column.clone();
    bare.default = None;
    bare.not_null = false;
    let mut add = vec![
        format!("ALTER TABLE {t} ADD COLUMN {}", column_def(&bare)),
        format!(
            "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}",
            column.default.as_deref().unwrap_or_default()
        ),
    ];
    if let Some(comment) = &column.comment {
        add.push(format!("COMMENT ON COLUMN {t}.{c} IS {}", literal(comment)));
    }
    let mut first = step(add, Vec::new());
    first.label = Some("add without default");
    let mut fill = alone(
        vec![backfill(&t, &c)],
        vec![Hazard::new(
            &hazards::BATCHED_BACKFILL,
            format!(
                "fills {table}.{} in batches of {BACKFILL_BATCH} rows, each committed on its own: reads and writes go on (instead of PG004)",
                column.name
            ),
        )],
    );
    fill.label = Some("backfill");
    let mut steps = vec![first, fill];
    if column.not_null && version.at_least(12) {
        steps.extend(set_not_null(table, column));
    } else if column.not_null {
        let mut last = step(
            vec![format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL")],
            Vec::new(),
        );
        last.label = Some("set not null");
        steps.push(last);
    }
    steps
}

/// A DO block that sets `column` to its default in the rows where it is NULL, a batch
/// at a time with a COMMIT after each (so it must run outside a transaction). It walks
/// the table by physical position, then passes over it again from the start for rows
/// that concurrent updates moved behind it, until a pass fills nothing. A default that
/// yields NULL leaves those rows NULL, as ADD COLUMN would.
fn backfill(table: &str, column: &str) -> String {
    let body = format!(
        "
DECLARE
  batch tid[];
  position tid := '(0,0)';
  restarted boolean := false;
  progress boolean := false;
  filled bigint;
BEGIN
  LOOP
    batch := ARRAY(SELECT ctid FROM {table} WHERE ctid > position AND {column} IS NULL LIMIT {BACKFILL_BATCH});
    IF cardinality(batch) = 0 THEN
      EXIT WHEN restarted AND NOT progress;
      position := '(0,0)';
      restarted := true;
      progress := false;
      CONTINUE;
    END IF;
    WITH done AS (
      UPDATE {table} SET {column} = DEFAULT
       WHERE ctid = ANY (batch) AND {column} IS NULL
       RETURNING {column}
    )
    SELECT count({column}) INTO filled FROM done;
    progress := progress OR filled > 0;
    SELECT b INTO position FROM unnest(batch) AS b ORDER BY b DESC LIMIT 1;
    COMMIT;
  END LOOP;
END
"
    );
    format!("DO {tag}{body}{tag}", tag = dollar_tag(&body))
}

/// A dollar-quote tag that does not occur in `body` (names are the user's).
fn dollar_tag(body: &str) -> String {
    let mut tag = "$strata$".to_string();
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$strata{n}$");
    }
    tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazards::testing::{col, q, table};

    const V15: PgVersion = PgVersion::major(15);

    fn catalog() -> Catalog {
        let mut c = Catalog::default();
        let mut id = col("id", "integer");
        id.not_null = true;
        c.tables
            .insert(q("t"), table("t", vec![id, col("n", "integer")]));
        c
    }

    fn codes(s: &OnlineStep) -> Vec<&str> {
        s.rendered.hazards.iter().map(|h| h.code.as_str()).collect()
    }

    #[test]
    fn only_plain_keys_are_built_from_an_index() {
        let cols = ["a".to_string(), "B".to_string()];
        assert!(plain_key("UNIQUE (a, \"B\")", "UNIQUE", &cols));
        assert!(!plain_key("UNIQUE (a, \"B\") DEFERRABLE", "UNIQUE", &cols));
        assert!(!plain_key(
            "UNIQUE NULLS NOT DISTINCT (a, \"B\")",
            "UNIQUE",
            &cols
        ));
        assert!(!plain_key("UNIQUE (a) INCLUDE (\"B\")", "UNIQUE", &cols));
    }

    #[test]
    fn concurrently_goes_after_index() {
        assert_eq!(
            concurrently("CREATE UNIQUE INDEX t_n ON public.t USING btree (n)"),
            "CREATE UNIQUE INDEX CONCURRENTLY t_n ON public.t USING btree (n)"
        );
    }

    #[test]
    fn an_index_is_built_concurrently_alone_without_pg001() {
        let index = strata_catalog::testing::btree_index("t_n", "t", "n");
        let steps = render_online(&Change::CreateIndex(index), &catalog(), V15).unwrap();
        assert_eq!(steps.len(), 1);
        assert!(steps[0].rendered.non_transactional);
        assert_eq!(codes(&steps[0]), ["PG030"]);
        assert_eq!(
            steps[0].replaces_invalid_index.as_deref(),
            Some("\"public\".\"t_n\"")
        );
    }

    #[test]
    fn a_check_is_added_not_valid_then_validated_in_its_own_transaction() {
        let c = Constraint {
            name: "t_n_check".into(),
            kind: ConstraintKind::Check,
            definition: "CHECK ((n > 0))".into(),
            columns: vec!["n".into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        };
        let change = Change::AddConstraint {
            table: q("t"),
            constraint: c,
        };
        let steps = render_online(&change, &catalog(), V15).unwrap();
        assert_eq!(steps.len(), 2);
        assert!(steps[0].rendered.statements[0].ends_with("CHECK ((n > 0)) NOT VALID"));
        assert!(codes(&steps[0]).is_empty(), "no PG006 for NOT VALID");
        assert!(steps[1].own_transaction);
        assert_eq!(codes(&steps[1]), ["S014", "PG031"]);
    }

    #[test]
    fn set_not_null_goes_through_a_validated_check() {
        let mut to = col("n", "integer");
        to.not_null = true;
        let change = Change::AlterColumn {
            table: q("t"),
            from: col("n", "integer"),
            to,
        };
        let steps = render_online(&change, &catalog(), V15).unwrap();
        let sql: Vec<&str> = steps
            .iter()
            .flat_map(|s| s.rendered.statements.iter().map(String::as_str))
            .collect();
        assert_eq!(
            sql,
            [
                "ALTER TABLE \"public\".\"t\" ADD CONSTRAINT \"strata_not_null_n\" CHECK (\"n\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"t\" VALIDATE CONSTRAINT \"strata_not_null_n\"",
                "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"n\" SET NOT NULL",
                "ALTER TABLE \"public\".\"t\" DROP CONSTRAINT \"strata_not_null_n\"",
            ]
        );
        assert_eq!(codes(&steps[1]), ["S012", "PG031"]);
    }

    #[test]
    fn a_primary_key_on_nullable_columns_keeps_the_plain_rendering() {
        let pk = |column: &str| Change::AddConstraint {
            table: q("t"),
            constraint: Constraint {
                name: "t_pkey".into(),
                kind: ConstraintKind::PrimaryKey,
                definition: format!("PRIMARY KEY ({column})"),
                columns: vec![column.into()],
                references: None,
                comment: None,
                only: false,
                attached_to: None,
            },
        };
        assert!(render_online(&pk("n"), &catalog(), V15).is_none());
        let steps = render_online(&pk("id"), &catalog(), V15).unwrap();
        assert_eq!(
            steps[1].rendered.statements[0],
            "ALTER TABLE \"public\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY USING INDEX \"t_pkey\""
        );
    }

    #[test]
    fn recipes_follow_the_server_version() {
        let mut to = col("n", "integer");
        to.not_null = true;
        let not_null = Change::AlterColumn {
            table: q("t"),
            from: col("n", "integer"),
            to,
        };
        assert!(render_online(&not_null, &catalog(), PgVersion::major(11)).is_none());
        let mut k = col("k", "uuid");
        k.default = Some("gen_random_uuid()".into());
        let add = Change::AddColumn {
            table: q("t"),
            column: k,
        };
        assert!(render_online(&add, &catalog(), PgVersion::major(10)).is_none());
        let steps = render_online(&add, &catalog(), PgVersion::major(11)).unwrap();
        assert_eq!(steps.len(), 2, "nullable: add, then fill");
        assert!(steps[1].rendered.non_transactional);
        assert_eq!(codes(&steps[1]), ["PG032"]);
    }

    #[test]
    fn a_constant_default_needs_no_fill() {
        let mut c = col("c", "integer");
        c.default = Some("0".into());
        let add = Change::AddColumn {
            table: q("t"),
            column: c,
        };
        assert!(render_online(&add, &catalog(), V15).is_none());
    }

    #[test]
    fn the_dollar_tag_never_occurs_in_the_body() {
        assert_eq!(dollar_tag("UPDATE t"), "$strata$");
        assert_eq!(dollar_tag("UPDATE \"$strata$\""), "$strata1$");
    }
}
