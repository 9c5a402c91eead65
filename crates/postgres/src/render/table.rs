//! Tables, columns, constraints and table options.
use super::cast::conversion;
use super::{Sql, comment_on, literal_or_null};
use crate::hazards;
use crate::render::literal;
use std::collections::BTreeMap;
use strata_catalog::{
    Column, Constraint, ConstraintKind, Identity, PgTable, QualName, SequenceOptions, Table,
};
use strata_plan::rules;
use strata_sqltext::{Quoted, quote_ident};

/// `CREATE TABLE` with its columns and (non-foreign-key) constraints, then RLS switches
/// and comments.
pub(super) fn create_table(sql: &mut Sql, t: &Table) {
    let name = t.name.quoted();
    // CREATE TABLE validates every constraint; NOT VALID ones are added afterwards.
    let (later, now): (Vec<&Constraint>, Vec<&Constraint>) = t
        .constraints
        .values()
        .partition(|c| c.definition.ends_with("NOT VALID"));
    let constraints: Vec<String> = now
        .iter()
        .map(|c| format!("CONSTRAINT {} {}", quote_ident(&c.name), c.definition))
        .collect();
    let mut stmt = format!(
        "CREATE {}TABLE {name}",
        if t.pg_options().unlogged {
            "UNLOGGED "
        } else {
            ""
        }
    );
    match &t.pg_options().partition_of {
        Some((parent, bound)) => {
            // A partition takes its columns from the parent.
            stmt.push_str(&format!(" PARTITION OF {}", parent.quoted()));
            if !constraints.is_empty() {
                stmt.push_str(&format!(" (\n    {}\n)", constraints.join(",\n    ")));
            }
            stmt.push_str(&format!(" {bound}"));
        }
        None => {
            let items: Vec<String> = t
                .columns
                .iter()
                .map(column_def)
                .chain(constraints)
                .collect();
            stmt.push_str(&format!(" (\n    {}\n)", items.join(",\n    ")));
        }
    }
    if let Some(key) = &t.pg_options().partition_key {
        stmt.push_str(&format!(" PARTITION BY {key}"));
    }
    if !t.pg_options().reloptions.is_empty() {
        stmt.push_str(&format!(" WITH ({})", t.pg_options().reloptions.join(", ")));
    }
    sql.push(stmt);
    for c in later {
        sql.push(format!(
            "ALTER TABLE {name} ADD CONSTRAINT {} {}",
            quote_ident(&c.name),
            c.definition
        ));
    }
    if t.pg_options().rls_enabled {
        sql.push(format!("ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"));
    }
    if t.pg_options().rls_forced {
        sql.push(format!("ALTER TABLE {name} FORCE ROW LEVEL SECURITY"));
    }
    if t.comment.is_some() {
        sql.push(comment_on(&format!("TABLE {name}"), &t.comment));
    }
    for c in &t.columns {
        if c.comment.is_some() {
            sql.push(column_comment(&t.name, c));
        }
    }
    for c in t.constraints.values() {
        if c.comment.is_some() {
            sql.push(constraint_comment(&t.name, c));
        }
    }
}

/// `"name" type [COLLATE ..] [GENERATED ..] [DEFAULT ..] [NOT NULL]`.
pub(crate) fn column_def(c: &Column) -> String {
    let mut def = format!("{} {}", quote_ident(&c.name), c.data_type);
    if let Some(coll) = &c.collation {
        def.push_str(&format!(" COLLATE {}", super::collation(coll)));
    }
    if let Some(expr) = &c.generated {
        def.push_str(&format!(" GENERATED ALWAYS AS ({expr}) STORED"));
    }
    if let Some(identity) = &c.identity {
        def.push_str(&format!(" {}", identity_clause(identity)));
    }
    if let Some(default) = &c.default {
        def.push_str(&format!(" DEFAULT {default}"));
    }
    if c.not_null {
        def.push_str(" NOT NULL");
    }
    def
}

fn identity_clause(identity: &Identity) -> String {
    format!(
        "GENERATED {} AS IDENTITY ({})",
        generated_kind(identity.always),
        sequence_options(&identity.options, false)
    )
}

fn generated_kind(always: bool) -> &'static str {
    if always { "ALWAYS" } else { "BY DEFAULT" }
}

/// `[AS type] INCREMENT BY .. MINVALUE .. MAXVALUE .. START WITH .. CACHE .. [NO] CYCLE`.
pub(super) fn sequence_options(o: &SequenceOptions, with_type: bool) -> String {
    let mut parts = Vec::new();
    if with_type {
        parts.push(format!("AS {}", o.data_type));
    }
    parts.push(format!("INCREMENT BY {}", o.increment));
    parts.push(format!("MINVALUE {}", o.min_value));
    parts.push(format!("MAXVALUE {}", o.max_value));
    parts.push(format!("START WITH {}", o.start));
    parts.push(format!("CACHE {}", o.cache));
    parts.push(cycle(o.cycle).to_string());
    parts.join(" ")
}

fn cycle(on: bool) -> &'static str {
    if on { "CYCLE" } else { "NO CYCLE" }
}

/// The options that differ, each as a clause (`INCREMENT BY 2`), without the type.
pub(super) fn changed_sequence_options(a: &SequenceOptions, b: &SequenceOptions) -> Vec<String> {
    let mut out = Vec::new();
    if a.increment != b.increment {
        out.push(format!("INCREMENT BY {}", b.increment));
    }
    if a.min_value != b.min_value {
        out.push(format!("MINVALUE {}", b.min_value));
    }
    if a.max_value != b.max_value {
        out.push(format!("MAXVALUE {}", b.max_value));
    }
    if a.start != b.start {
        out.push(format!("START WITH {}", b.start));
    }
    if a.cache != b.cache {
        out.push(format!("CACHE {}", b.cache));
    }
    if a.cycle != b.cycle {
        out.push(cycle(b.cycle).to_string());
    }
    out
}

/// When new bounds exclude the sequence's current value, ALTER fails ("RESTART value ..
/// cannot be less than MINVALUE"). This first moves a sequence whose value (or, unused,
/// its start) falls outside the new range to the new start; a sequence inside the range
/// keeps its position.
pub(super) fn move_into_range(
    seq: &str,
    a: &SequenceOptions,
    b: &SequenceOptions,
) -> Option<String> {
    if b.min_value <= a.min_value && b.max_value >= a.max_value {
        return None;
    }
    let last = format!(
        "COALESCE(pg_catalog.pg_sequence_last_value({seq}), {})",
        a.start
    );
    Some(format!(
        "SELECT pg_catalog.setval({seq}, {}, false) WHERE {last} NOT BETWEEN {} AND {}",
        b.start, b.min_value, b.max_value
    ))
}

pub(super) fn column_comment(table: &QualName, c: &Column) -> String {
    comment_on(
        &format!("COLUMN {}.{}", table.quoted(), quote_ident(&c.name)),
        &c.comment,
    )
}

fn constraint_comment(table: &QualName, c: &Constraint) -> String {
    comment_on(
        &format!("CONSTRAINT {} ON {}", quote_ident(&c.name), table.quoted()),
        &c.comment,
    )
}

pub(super) fn drop_table(sql: &mut Sql, t: &Table) {
    if let Some((parent, _)) = &t.pg_options().partition_of {
        // A partition of a table that foreign keys reference cannot be dropped attached.
        sql.push(format!(
            "ALTER TABLE {} DETACH PARTITION {}",
            parent.quoted(),
            t.name.quoted()
        ));
    }
    sql.push(format!("DROP TABLE {}", t.name.quoted()));
    sql.hazard(
        &rules::DROP_TABLE,
        format!("drops table {} and all its rows", t.name),
    );
}

pub(super) fn add_column(sql: &mut Sql, table: &QualName, c: &Column) {
    sql.push(format!(
        "ALTER TABLE {} ADD COLUMN {}",
        table.quoted(),
        column_def(c)
    ));
    if c.comment.is_some() {
        sql.push(column_comment(table, c));
    }
    let computed = c.identity.is_some() || c.generated.is_some();
    if c.not_null && c.default.is_none() && !computed {
        sql.hazard(
            &rules::ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT,
            format!(
                "adds NOT NULL column {table}.{} without a default: fails if the table has rows",
                c.name
            ),
        );
        sql.hazard(
            &rules::NOT_NULL_WITHOUT_DEFAULT,
            format!(
                "inserts into {table} that do not set {} fail once it exists",
                c.name
            ),
        );
    }
    if computed || c.default.as_deref().is_some_and(is_volatile) {
        sql.hazard(
            &hazards::TABLE_REWRITE,
            format!(
                "fills {table}.{} row by row: rewrites {table} under an ACCESS EXCLUSIVE lock",
                c.name
            ),
        );
    } else if c.default.is_some() && !sql.version.at_least(11) {
        // PostgreSQL 11 stores a constant default once instead of writing every row.
        sql.hazard(
            &hazards::TABLE_REWRITE,
            format!(
                "before PostgreSQL 11 a default fills {table}.{} in every row: rewrites {table} under an ACCESS EXCLUSIVE lock",
                c.name
            ),
        );
    }
}

/// Defaults PostgreSQL evaluates per row, which make ADD COLUMN rewrite the table.
pub(crate) fn is_volatile(default: &str) -> bool {
    [
        "nextval(",
        "random(",
        "clock_timestamp(",
        "gen_random_uuid(",
        "uuid_generate",
        "timeofday(",
    ]
    .iter()
    .any(|f| default.contains(f))
}

pub(super) fn drop_column(sql: &mut Sql, table: &QualName, c: &Column) {
    sql.push(format!(
        "ALTER TABLE {} DROP COLUMN {}",
        table.quoted(),
        quote_ident(&c.name)
    ));
    if c.generated.is_some() {
        // Its values are computed from the rest of the row.
        sql.hazard(
            &rules::DROP_GENERATED_COLUMN,
            format!("drops generated column {table}.{}", c.name),
        );
    } else {
        sql.hazard(
            &rules::DROP_COLUMN,
            format!("drops column {table}.{} and its data", c.name),
        );
    }
}

/// Only the ALTER COLUMN subcommands that are needed, one statement each, in an order
/// that keeps every intermediate state valid.
pub(super) fn alter_column(sql: &mut Sql, table: &QualName, from: &Column, to: &Column) {
    let t = table.quoted();
    let c = quote_ident(&to.name);
    let alter = |sub: String| format!("ALTER TABLE {t} ALTER COLUMN {c} {sub}");
    if to.generated.is_some() && from.generated != to.generated {
        regenerate_column(sql, table, from, to);
        return;
    }
    if from.generated.is_some() && to.generated.is_none() {
        sql.push(alter("DROP EXPRESSION".into()));
    }
    if from.identity.is_some() && to.identity.is_none() {
        sql.push(alter("DROP IDENTITY".into()));
        sql.hazard(
            &rules::DROP_IDENTITY,
            format!(
                "drops the identity of {table}.{}: its sequence and the position it reached are lost",
                to.name
            ),
        );
    }
    let type_changed = from.data_type != to.data_type;
    let retyped = type_changed || from.collation != to.collation;
    let adding_identity = from.identity.is_none() && to.identity.is_some();
    // The old default may not convert to the new type, and identity needs none at all.
    let clear_default = from.default.is_some() && (retyped || adding_identity);
    if clear_default {
        sql.push(alter("DROP DEFAULT".into()));
    }
    if retyped {
        let collate = match (&to.collation, &from.collation) {
            (Some(coll), _) => format!(" COLLATE {}", super::collation(coll)),
            (None, Some(_)) => " COLLATE pg_catalog.\"default\"".to_string(),
            (None, None) => String::new(),
        };
        let using = if type_changed {
            format!(" USING {}", cast(&c, &from.data_type, &to.data_type))
        } else {
            String::new()
        };
        sql.push(alter(format!("TYPE {}{collate}{using}", to.data_type)));
        type_change_hazards(sql, table, from, to);
    }
    let current = if clear_default { &None } else { &from.default };
    if *current != to.default {
        sql.push(alter(match &to.default {
            Some(d) => format!("SET DEFAULT {d}"),
            None => "DROP DEFAULT".into(),
        }));
    }
    if from.not_null != to.not_null {
        if to.not_null {
            sql.push(alter("SET NOT NULL".into()));
            sql.hazard(
                &rules::SET_NOT_NULL,
                format!(
                    "fails if {table}.{} holds NULLs; scans {table} under an ACCESS EXCLUSIVE lock",
                    to.name
                ),
            );
            set_not_null_findings(sql, table, to);
        } else {
            sql.push(alter("DROP NOT NULL".into()));
        }
    }
    match (&from.identity, &to.identity) {
        (None, Some(identity)) => sql.push(alter(format!("ADD {}", identity_clause(identity)))),
        (Some(a), Some(b)) => {
            let seq = format!(
                "pg_catalog.pg_get_serial_sequence({}, {})::regclass",
                literal(&t),
                literal(&to.name)
            );
            if let Some(stmt) = move_into_range(&seq, &a.options, &b.options) {
                sql.push(stmt);
            }
            let mut subs = Vec::new();
            if a.always != b.always {
                subs.push(format!("SET GENERATED {}", generated_kind(b.always)));
            }
            subs.extend(
                changed_sequence_options(&a.options, &b.options)
                    .into_iter()
                    .map(|o| format!("SET {o}")),
            );
            if !subs.is_empty() {
                sql.push(alter(subs.join(" ")));
            }
        }
        _ => {}
    }
}

/// `"col"::type`. Through text when PostgreSQL has no direct cast: between user types
/// (enums cast to nothing but text) and across families such as bigint → timestamp.
/// The text route still fails on values that do not read back; the plan flags that.
fn cast(column: &str, from: &str, to: &str) -> String {
    let via = if from.ends_with("[]") && to.ends_with("[]") {
        "text[]"
    } else {
        "text"
    };
    if needs_text_route(from, to) {
        format!("{column}::{via}::{to}")
    } else {
        format!("{column}::{to}")
    }
}

fn needs_text_route(from: &str, to: &str) -> bool {
    let user_type = |t: &str| !strata_sqltext::qualified_names(t).is_empty();
    if user_type(from) || user_type(to) {
        return true;
    }
    match (family(from), family(to)) {
        (Family::Text, _) | (_, Family::Text) | (Family::Other, _) | (_, Family::Other) => false,
        (a, b) => a != b && !matches!((from, to), ("integer", "boolean") | ("boolean", "integer")),
    }
}

#[derive(PartialEq)]
enum Family {
    Number,
    Time,
    Bool,
    Text,
    Other,
}

fn family(ty: &str) -> Family {
    let base = ty
        .split('(')
        .next()
        .unwrap_or(ty)
        .trim_end_matches("[]")
        .trim();
    match base {
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision" => {
            Family::Number
        }
        "boolean" => Family::Bool,
        "text" | "character varying" | "character" => Family::Text,
        b if b.starts_with("timestamp")
            || b.starts_with("time")
            || b.starts_with("date")
            || b.starts_with("interval") =>
        {
            Family::Time
        }
        _ => Family::Other,
    }
}

/// The lock SET NOT NULL holds while it scans, with the way around it this server has;
/// and inserts that leave the column out fail when it has no default.
fn set_not_null_findings(sql: &mut Sql, table: &QualName, to: &Column) {
    let message = format!(
        "checks every row of {table} for NULLs in {} while reads and writes wait",
        to.name
    );
    let instead = if sql.version.at_least(18) {
        Some(format!(
            "add CONSTRAINT ... NOT NULL {} NOT VALID, then VALIDATE CONSTRAINT it in a later step: reads and writes continue (PostgreSQL 18)",
            quote_ident(&to.name)
        ))
    } else if sql.version.at_least(12) {
        None
    } else {
        Some("PostgreSQL before 12 always scans: run the step at a quiet time, or upgrade to use a validated CHECK (column IS NOT NULL) first".to_string())
    };
    match instead {
        Some(instead) => sql.hazard_instead(&hazards::SET_NOT_NULL_SCAN, message, instead),
        None => sql.hazard(&hazards::SET_NOT_NULL_SCAN, message),
    }
    let computed = to.identity.is_some() || to.generated.is_some();
    if to.default.is_none() && !computed {
        sql.hazard(
            &rules::NOT_NULL_WITHOUT_DEFAULT,
            format!(
                "inserts into {table} that do not set {} fail once it is NOT NULL",
                to.name
            ),
        );
    }
}

fn type_change_hazards(sql: &mut Sql, table: &QualName, from: &Column, to: &Column) {
    if from.data_type == to.data_type {
        sql.hazard(
            &hazards::COLLATION_CHANGE,
            format!("changes the collation of {table}.{}: rebuilds its indexes under an ACCESS EXCLUSIVE lock", to.name),
        );
        return;
    }
    let cost = conversion(&from.data_type, &to.data_type);
    // A binary-coercible change (varchar widening) looks the same to clients.
    if cost.rewrite || cost.lossy {
        sql.hazard(
            &rules::COLUMN_TYPE_CHANGE,
            format!(
                "code reading or writing {table}.{} as {} sees {} from now on",
                to.name, from.data_type, to.data_type
            ),
        );
    }
    if cost.lossy {
        sql.hazard(
            &rules::NARROWING_TYPE_CHANGE,
            format!(
                "changes {table}.{} from {} to {}: values may be truncated or fail to convert",
                to.name, from.data_type, to.data_type
            ),
        );
    }
    if cost.rewrite {
        sql.hazard(
            &hazards::TABLE_REWRITE,
            format!("rewrites {table} and its indexes under an ACCESS EXCLUSIVE lock"),
        );
    }
}

/// PostgreSQL 15 cannot change or add a generation expression: the column is dropped and
/// added again. Nothing is lost when it was generated before (its values are derived).
fn regenerate_column(sql: &mut Sql, table: &QualName, from: &Column, to: &Column) {
    let t = table.quoted();
    sql.push(format!(
        "ALTER TABLE {t} DROP COLUMN {}",
        quote_ident(&to.name)
    ));
    sql.push(format!("ALTER TABLE {t} ADD COLUMN {}", column_def(to)));
    if to.comment.is_some() {
        sql.push(column_comment(table, to));
    }
    if from.generated.is_none() {
        sql.hazard(
            &rules::COLUMN_BECOMES_GENERATED,
            format!(
                "replaces the values of {table}.{} with computed ones",
                to.name
            ),
        );
    }
    sql.hazard(
        &hazards::TABLE_REWRITE,
        format!(
            "recomputes {table}.{}: rewrites {table} under an ACCESS EXCLUSIVE lock",
            to.name
        ),
    );
}

pub(super) fn add_constraint(sql: &mut Sql, table: &QualName, c: &Constraint) {
    sql.push(format!(
        "ALTER TABLE {}{} ADD CONSTRAINT {} {}",
        if c.only { "ONLY " } else { "" },
        table.quoted(),
        quote_ident(&c.name),
        c.definition
    ));
    if c.comment.is_some() {
        sql.push(constraint_comment(table, c));
    }
    let not_valid = c.definition.ends_with("NOT VALID");
    let (fails, lock) = match c.kind {
        ConstraintKind::PrimaryKey | ConstraintKind::Unique => (
            "fails on duplicate values",
            "builds an index under an ACCESS EXCLUSIVE lock",
        ),
        ConstraintKind::Exclusion => (
            "fails on conflicting rows",
            "builds an index under an ACCESS EXCLUSIVE lock",
        ),
        ConstraintKind::Check => (
            "fails if existing rows violate it",
            "scans the table under an ACCESS EXCLUSIVE lock",
        ),
        ConstraintKind::ForeignKey => (
            "fails if existing rows reference missing keys",
            "scans the table, blocking writes to both tables",
        ),
    };
    if !not_valid {
        sql.hazard(
            rules::new_constraint(c.kind),
            format!("constraint {} on {table} {fails}", c.name),
        );
        sql.hazard(
            &hazards::ADD_CONSTRAINT_UNDER_LOCK,
            format!("constraint {} on {table} {lock}", c.name),
        );
    }
}

pub(super) fn drop_constraint(sql: &mut Sql, table: &QualName, c: &Constraint) {
    sql.push(format!(
        "ALTER TABLE {} DROP CONSTRAINT {}",
        table.quoted(),
        quote_ident(&c.name)
    ));
}

pub(super) fn alter_options(sql: &mut Sql, table: &QualName, a: &PgTable, b: &PgTable) {
    let t = table.quoted();
    if a.partition_of != b.partition_of {
        if let Some((parent, _)) = &a.partition_of {
            sql.push(format!(
                "ALTER TABLE {} DETACH PARTITION {t}",
                parent.quoted()
            ));
        }
        if let Some((parent, bound)) = &b.partition_of {
            sql.push(format!(
                "ALTER TABLE {} ATTACH PARTITION {t} {bound}",
                parent.quoted()
            ));
            let parent_lock = if sql.version.at_least(12) {
                "writes to the parent continue"
            } else {
                "the parent is locked ACCESS EXCLUSIVE before PostgreSQL 12"
            };
            sql.hazard(
                &hazards::ATTACH_PARTITION_SCAN,
                format!("attaching {table} scans it to check the partition bound; {parent_lock}"),
            );
        }
    }
    if a.unlogged != b.unlogged {
        let mode = if b.unlogged { "UNLOGGED" } else { "LOGGED" };
        sql.push(format!("ALTER TABLE {t} SET {mode}"));
        sql.hazard(
            &hazards::TABLE_REWRITE,
            format!("rewrites {table} under an ACCESS EXCLUSIVE lock"),
        );
    }
    reloptions(sql, &t, &a.reloptions, &b.reloptions);
    if a.rls_enabled != b.rls_enabled {
        let verb = if b.rls_enabled { "ENABLE" } else { "DISABLE" };
        sql.push(format!("ALTER TABLE {t} {verb} ROW LEVEL SECURITY"));
    }
    if a.rls_forced != b.rls_forced {
        let verb = if b.rls_forced { "FORCE" } else { "NO FORCE" };
        sql.push(format!("ALTER TABLE {t} {verb} ROW LEVEL SECURITY"));
    }
}

/// `SET (..)` for new or changed storage parameters, `RESET (..)` for removed ones.
fn reloptions(sql: &mut Sql, t: &str, a: &[String], b: &[String]) {
    let split = |opts: &[String]| -> BTreeMap<String, String> {
        opts.iter()
            .map(|o| match o.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (o.clone(), String::new()),
            })
            .collect()
    };
    let (old, new) = (split(a), split(b));
    let reset: Vec<&str> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .map(String::as_str)
        .collect();
    // In the order the target lists them, which is the order the server keeps.
    let set: Vec<&String> = b
        .iter()
        .filter(|o| {
            let (k, v) = o.split_once('=').unwrap_or((o.as_str(), ""));
            old.get(k).map(String::as_str) != Some(v)
        })
        .collect();
    let set: Vec<&str> = set.iter().map(|s| s.as_str()).collect();
    if !reset.is_empty() {
        sql.push(format!("ALTER TABLE {t} RESET ({})", reset.join(", ")));
    }
    if !set.is_empty() {
        sql.push(format!("ALTER TABLE {t} SET ({})", set.join(", ")));
    }
}

/// PostgreSQL never needs SQLite's rebuild; if one arrives, say what it costs.
pub(super) fn rebuild_table(sql: &mut Sql, from: &Table, to: &Table) {
    drop_table(sql, from);
    create_table(sql, to);
}

/// `COMMENT ON COLUMN` for a comment change.
pub(super) fn set_column_comment(
    table: &QualName,
    column: &str,
    comment: &Option<String>,
) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        table.quoted(),
        quote_ident(column),
        literal_or_null(comment)
    )
}
