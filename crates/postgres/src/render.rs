//! PostgreSQL 15 rendering: each [`Change`] as SQL statements (without trailing
//! semicolons) plus the hazards they carry. Identifiers are always quoted; text the server
//! rendered itself (types, expressions, index/trigger/function definitions) is used as is.
mod cast;
mod objects;
mod table;
mod types;

pub(crate) use table::{column_def, is_volatile};

use crate::version::{OLDEST_SUPPORTED, PgVersion};
use strata_catalog::{Catalog, Grant, ObjectId, Privilege, QualName, Schema};
use strata_diff::Change;
use strata_plan::{ColumnType, Dialect, Hazard, OnlineStep, Rendered, Rule, Unsupported, rules};
use strata_sqltext::{Quoted, quote_ident};

/// A collation as `COLLATE` takes it: a built-in one by its name alone (`pg_catalog` is
/// always on the search path), any other qualified.
pub(crate) fn collation(name: &QualName) -> String {
    if name.schema == crate::introspect::BUILTIN_COLLATIONS {
        quote_ident(&name.name)
    } else {
        name.quoted()
    }
}

/// PostgreSQL's SQL rendering, for one server version: findings (and a few statements)
/// depend on it. [`PostgresDialect::for_version`] makes one; the value `PostgresDialect`
/// is the one for [`OLDEST_SUPPORTED`], for code that knows no server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostgresDialect {
    version: PgVersion,
}

/// The dialect for [`OLDEST_SUPPORTED`]. A constant with the type's own name, in the
/// value namespace, so `&PostgresDialect` keeps meaning what it meant when the dialect
/// had no version.
#[allow(non_upper_case_globals)]
pub const PostgresDialect: PostgresDialect = PostgresDialect::for_version(OLDEST_SUPPORTED);

impl PostgresDialect {
    /// The dialect for a server of `version`.
    pub const fn for_version(version: PgVersion) -> Self {
        PostgresDialect { version }
    }

    /// The server version its findings assume.
    pub fn version(&self) -> PgVersion {
        self.version
    }
}

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn survives_type_change(&self, dependent: &ObjectId, from: &Catalog) -> bool {
        crate::rules::recreate::survives_type_change(dependent, from)
    }

    fn leaves_to_diff(&self, broken: &ObjectId, dependent: &ObjectId, from: &Catalog) -> bool {
        crate::rules::recreate::partition_share(broken, dependent, from)
    }

    /// A new function gets `EXECUTE` for `PUBLIC` from the server; when the target does
    /// not grant it, take it back.
    fn lower(&self, mut changes: Vec<Change>, _from: &Catalog, to: &Catalog) -> Vec<Change> {
        let revokes: Vec<Change> = changes
            .iter()
            .filter_map(|c| match c {
                Change::CreateFunction(f) => Some(Grant {
                    object: ObjectId::Function(f.name.clone(), f.identity_args.clone()),
                    grantee: "PUBLIC".into(),
                    privilege: Privilege::Execute,
                    grantable: false,
                }),
                _ => None,
            })
            .filter(|g| !to.grants.contains(g))
            .map(Change::Revoke)
            .collect();
        changes.extend(revokes);
        changes
    }

    fn rules(&self) -> &'static [&'static Rule] {
        crate::hazards::RULES
    }

    fn render_online(&self, change: &Change, from: &Catalog) -> Option<Vec<OnlineStep>> {
        let mut pieces = crate::online::render_online(change, from, self.version)?;
        // Each piece takes its own locks: CONCURRENTLY and VALIDATE take weaker ones.
        for piece in &mut pieces {
            crate::locks::describe(&mut piece.rendered, change, self.version);
        }
        Some(pieces)
    }

    /// PostgreSQL expresses every change strata models.
    fn render(&self, change: &Change) -> Result<Rendered, Unsupported> {
        let mut sql = Sql {
            out: Rendered::default(),
            version: self.version,
        };
        render_into(&mut sql, change);
        sql.out.hazards.extend(rules::rename_hazard(change));
        concurrent_builds_on_early_14(&mut sql);
        crate::locks::describe(&mut sql.out, change, self.version);
        Ok(sql.out)
    }

    fn server_version(&self) -> Option<String> {
        Some(self.version.to_string())
    }

    /// The server renders literals (in defaults, checks, views) for
    /// standard-conforming strings; a session without them would read `'a\''` otherwise.
    fn preamble(&self) -> Vec<String> {
        vec![crate::connect::SESSION_SETTINGS.to_string()]
    }

    fn statement_timeout(
        &self,
        timeout: Option<std::time::Duration>,
        local: bool,
    ) -> Option<String> {
        Some(crate::timeouts::set_statement_timeout(timeout, local))
    }

    fn runs_long(&self, statement: &str) -> bool {
        crate::timeouts::runs_long(statement)
    }

    fn literal(&self, value: &str) -> String {
        literal(value)
    }

    fn quote_ident(&self, name: &str) -> String {
        quote_ident(name)
    }

    fn placeholder(&self, n: usize) -> String {
        format!("${n}")
    }

    fn column_type(&self, column: ColumnType) -> &'static str {
        match column {
            ColumnType::BigInt => "BIGINT",
            ColumnType::Text => "TEXT",
            ColumnType::Boolean => "BOOLEAN",
            ColumnType::Timestamp => "TIMESTAMP WITH TIME ZONE",
        }
    }

    /// undefined_table.
    fn is_missing_table(&self, code: Option<&str>, _message: &str) -> bool {
        code == Some("42P01")
    }

    /// The marker is the table's comment, which follows the table through renames.
    fn create_owned_table(&self, table: &str, columns: &str, marker: &str) -> Vec<String> {
        vec![
            format!("CREATE TABLE IF NOT EXISTS {table} (\n{columns}\n)"),
            format!("COMMENT ON TABLE {table} IS {}", literal(marker)),
        ]
    }

    fn mark_owned_table(
        &self,
        table: &str,
        _name: &str,
        _columns: &str,
        marker: &str,
    ) -> Vec<String> {
        vec![format!("COMMENT ON TABLE {table} IS {}", literal(marker))]
    }
}

/// Statements and hazards being collected for one change, for a server of `version`.
pub(crate) struct Sql {
    out: Rendered,
    version: PgVersion,
}

impl Sql {
    fn push(&mut self, statement: impl Into<String>) {
        self.out.statements.push(statement.into());
    }

    fn hazard(&mut self, rule: &'static Rule, message: impl Into<String>) {
        self.out.hazards.push(Hazard::new(rule, message));
    }

    /// A finding whose safe alternative differs from its rule's on this server.
    fn hazard_instead(&mut self, rule: &'static Rule, message: impl Into<String>, instead: String) {
        self.out
            .hazards
            .push(Hazard::new(rule, message).instead(instead));
    }
}

/// Findings that the statements themselves decide, whatever change they came from (so
/// any recipe that builds an index concurrently is covered).
fn concurrent_builds_on_early_14(sql: &mut Sql) {
    let found = judge_statements(sql.out.statements.clone(), sql.version);
    sql.out.hazards.extend(found);
}

/// Concurrent index builds can corrupt the index on 14.0 to 14.3 (fixed in 14.4).
pub(crate) fn judge_statements(statements: Vec<String>, version: PgVersion) -> Vec<Hazard> {
    let early = version.major == 14 && version.minor.is_some_and(|m| m <= 3);
    if !early {
        return Vec::new();
    }
    statements
        .iter()
        .filter(|s| builds_concurrently(s))
        .map(|statement| {
            let what = statement.split(" CONCURRENTLY").next().unwrap_or_default();
            Hazard::new(
                &crate::hazards::CONCURRENT_INDEX_ON_14_EARLY,
                format!(
                    "{} CONCURRENTLY on PostgreSQL {version} may build a corrupt index",
                    what.to_lowercase()
                ),
            )
        })
        .collect()
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY` or `REINDEX ... CONCURRENTLY`.
fn builds_concurrently(statement: &str) -> bool {
    let upper = statement.trim_start().to_ascii_uppercase();
    (upper.starts_with("CREATE INDEX CONCURRENTLY")
        || upper.starts_with("CREATE UNIQUE INDEX CONCURRENTLY")
        || upper.starts_with("REINDEX"))
        && upper.contains(" CONCURRENTLY")
}

/// A string literal that means the same under any `standard_conforming_strings`: text
/// with a backslash is written as an escape string (`E'a\\b'`), as PostgreSQL's own
/// `quote_literal` does, so a backslash before a quote can never end the literal early.
pub fn literal(value: &str) -> String {
    let quoted = value.replace('\'', "''");
    if value.contains('\\') {
        format!("E'{}'", quoted.replace('\\', "\\\\"))
    } else {
        format!("'{quoted}'")
    }
}

/// `COMMENT ON <what> IS '..'` (or `NULL`).
fn comment_on(what: &str, comment: &Option<String>) -> String {
    format!("COMMENT ON {what} IS {}", literal_or_null(comment))
}

fn literal_or_null(text: &Option<String>) -> String {
    text.as_deref().map_or("NULL".to_string(), literal)
}

fn render_into(sql: &mut Sql, change: &Change) {
    use Change::*;
    match change {
        CreateSchema(s) => create_schema(sql, s),
        DropSchema(s) => {
            sql.push(format!("DROP SCHEMA {}", quote_ident(&s.name)));
            sql.hazard(
                &rules::DROP_SCHEMA,
                format!("drops schema {} and anything still in it", s.name),
            );
        }
        CreateExtension(e) => objects::create_extension(sql, e),
        DropExtension(e) => objects::drop_extension(sql, e),
        AlterExtension { from, to } => objects::alter_extension(sql, from, to),
        CreateCollation(c) => objects::create_collation(sql, c),
        DropCollation(c) => objects::drop_collation(sql, c),
        CreateType(t) => types::create_type(sql, t),
        DropType(t) => types::drop_type(sql, t),
        AddEnumValue {
            name,
            value,
            position,
        } => types::add_enum_value(sql, name, value, position),
        ReplaceType { from, to, columns } => types::replace_type(sql, from, to, columns),
        AlterDomain { from, to } => types::alter_domain(sql, from, to),
        CreateSequence(s) => objects::create_sequence(sql, s),
        DropSequence(s) => objects::drop_sequence(sql, s),
        AlterSequence { from, to } => objects::alter_sequence(sql, from, to),
        CreateTable(t) => table::create_table(sql, t),
        DropTable(t) => table::drop_table(sql, t),
        AddColumn { table, column } => table::add_column(sql, table, column),
        DropColumn { table, column } => table::drop_column(sql, table, column),
        AlterColumn { table, from, to } => table::alter_column(sql, table, from, to),
        AddConstraint { table, constraint } => table::add_constraint(sql, table, constraint),
        DropConstraint { table, constraint } => table::drop_constraint(sql, table, constraint),
        AlterTableOptions { table, from, to } => table::alter_options(sql, table, from, to),
        RebuildTable { from, to } => table::rebuild_table(sql, from, to),
        CreateIndex(i) => objects::create_index(sql, i),
        DropIndex(i) => objects::drop_index(sql, i),
        DropIndexCascade { index, constraints } => {
            objects::drop_index_cascade(sql, index, constraints)
        }
        AttachIndex { parent, child, .. } => sql.push(format!(
            "ALTER INDEX {} ATTACH PARTITION {}",
            parent.quoted(),
            child.quoted()
        )),
        RenameIndex { from, to } => sql.push(format!(
            "ALTER INDEX {} RENAME TO {}",
            from.quoted(),
            quote_ident(&to.name)
        )),
        RenameSchema { from, to } => sql.push(format!(
            "ALTER SCHEMA {} RENAME TO {}",
            quote_ident(from),
            quote_ident(to)
        )),
        RenameTable { from, to } => sql.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            from.quoted(),
            quote_ident(&to.name)
        )),
        RenameColumn { table, from, to } => sql.push(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            table.quoted(),
            quote_ident(from),
            quote_ident(to)
        )),
        RenameConstraint { table, from, to } => sql.push(format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
            table.quoted(),
            quote_ident(from),
            quote_ident(to)
        )),
        RenameView {
            from,
            to,
            materialized,
        } => sql.push(format!(
            "ALTER {} {} RENAME TO {}",
            if *materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            },
            from.quoted(),
            quote_ident(&to.name)
        )),
        RenameType { from, to, domain } => sql.push(format!(
            "ALTER {} {} RENAME TO {}",
            if *domain { "DOMAIN" } else { "TYPE" },
            from.quoted(),
            quote_ident(&to.name)
        )),
        CreateView(v) => objects::create_view(sql, v),
        DropView(v) => objects::drop_view(sql, v),
        ReplaceView { to, .. } => objects::replace_view(sql, to),
        CreateFunction(f) => objects::create_function(sql, f),
        DropFunction(f) => objects::drop_function(sql, f),
        ReplaceFunction { to, .. } => objects::replace_function(sql, to),
        CreateTrigger(t) => objects::create_trigger(sql, t),
        DropTrigger(t) => objects::drop_trigger(sql, t),
        AlterTriggerEnabled { to, .. } => objects::alter_trigger_enabled(sql, to),
        CreateEventTrigger(e) => objects::create_event_trigger(sql, e),
        DropEventTrigger(e) => objects::drop_event_trigger(sql, e),
        AlterEventTriggerEnabled { to, .. } => objects::alter_event_trigger_enabled(sql, to),
        CreatePolicy { table, policy } => objects::create_policy(sql, table, policy),
        DropPolicy { table, policy } => objects::drop_policy(sql, table, policy),
        Grant(g) => objects::grant(sql, g),
        Revoke(g) => objects::revoke(sql, g),
        SetComment { target, comment } => objects::set_comment(sql, target, comment),
        SetMaterializedViewComment { name, comment } => sql.push(comment_on(
            &format!("MATERIALIZED VIEW {}", name.quoted()),
            comment,
        )),
    }
}

fn create_schema(sql: &mut Sql, s: &Schema) {
    sql.push(format!("CREATE SCHEMA {}", quote_ident(&s.name)));
    if s.comment.is_some() {
        sql.push(comment_on(
            &format!("SCHEMA {}", quote_ident(&s.name)),
            &s.comment,
        ));
    }
}

#[cfg(test)]
mod tests;
