//! How strata's changes become SQLite statements.
//!
//! SQLite's `ALTER TABLE` can rename and append columns and little else, so
//! [`SqliteDialect::lower`] turns every other table alteration into one
//! [`Change::RebuildTable`], which renders as SQLite's documented rebuild procedure
//! (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").

use crate::ddl::{ColumnDef, parse_column, parse_create_table};
use crate::hazards;
use crate::lex::{Tok, canon, tokenize};
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::{Catalog, Column, Index, QualName, Table, View, comment_text};
use strata_diff::Change;
use strata_plan::{
    Blocks, ColumnType, Dialect, Effort, Hazard, Lock, Rendered, Rule, Unsupported, rules,
};
use strata_sqltext::{quote_ident, quote_literal};

/// Prefix of the temporary table a rebuild copies into. [`crate::SqliteDatabase`] looks
/// for it to know a plan needs foreign keys off.
pub(crate) const REBUILD_PREFIX: &str = "_strata_new_";

/// SQLite's rendering rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqliteDialect;

/// SQLite has no functions, enums or partitioned indexes: the defaults hold for those.
/// Its text quotes names with `"` like PostgreSQL's, and a name it qualifies
/// (`main.t`) is a reference.
impl strata_diff::DiffRules for SqliteDialect {
    fn references_in(&self, text: &str) -> Vec<QualName> {
        strata_sqltext::qualified_names(text)
    }

    fn mentions_column(&self, text: &str, column: &str) -> bool {
        strata_sqltext::mentions(text, column)
    }

    /// SQLite rewrites the stored `CREATE` texts naming a renamed table, writing the new
    /// name quoted; names match without regard to ASCII case.
    fn rename_in_text(&self, text: &str, old: &QualName, new: &QualName) -> Option<String> {
        strata_sqltext::rename_ident(
            text,
            &|s| s.eq_ignore_ascii_case(&old.name),
            &new.name,
            &quote_ident,
        )
    }

    fn rename_column_in_text(&self, text: &str, old: &str, new: &str) -> Option<String> {
        strata_sqltext::rename_ident(text, &|s| s.eq_ignore_ascii_case(old), new, &quote_ident)
    }
}

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn lower(&self, changes: Vec<Change>, from: &Catalog, to: &Catalog) -> Vec<Change> {
        lower(changes, from, to)
    }

    fn rules(&self) -> &'static [&'static Rule] {
        hazards::RULES
    }

    fn render(&self, change: &Change) -> Result<Rendered, Unsupported> {
        let mut rendered = render(change)?;
        describe_lock(&mut rendered, change);
        Ok(rendered)
    }

    fn literal(&self, value: &str) -> String {
        quote_literal(value)
    }

    fn quote_ident(&self, name: &str) -> String {
        quote_ident(name)
    }

    fn placeholder(&self, n: usize) -> String {
        format!("?{n}")
    }

    /// SQLite takes any type name and gives it an affinity; these are the names strata's
    /// first history tables were made with, so old and new tables read the same.
    fn column_type(&self, column: ColumnType) -> &'static str {
        match column {
            ColumnType::BigInt => "BIGINT",
            ColumnType::Text => "TEXT",
            ColumnType::Boolean => "BOOLEAN",
            ColumnType::Timestamp => "TIMESTAMP WITH TIME ZONE",
        }
    }

    /// SQLite reports a missing table only in its message (the code is a generic error).
    fn is_missing_table(&self, _code: Option<&str>, message: &str) -> bool {
        message.contains("no such table")
    }

    /// SQLite has no comments on tables; it keeps the `CREATE TABLE` text as written,
    /// comments included, so the marker goes there.
    fn create_owned_table(&self, table: &str, columns: &str, marker: &str) -> Vec<String> {
        vec![format!(
            "CREATE TABLE IF NOT EXISTS {table} (/* {marker} */\n{columns}\n)"
        )]
    }

    /// The marker is part of the `CREATE TABLE` text, which only a rebuild changes.
    fn mark_owned_table(
        &self,
        table: &str,
        name: &str,
        columns: &str,
        marker: &str,
    ) -> Vec<String> {
        let temp = quote_ident(&format!("{name}__strata_marked"));
        vec![
            format!("CREATE TABLE {temp} (/* {marker} */\n{columns}\n)"),
            format!("INSERT INTO {temp} SELECT * FROM {table}"),
            format!("DROP TABLE {table}"),
            format!("ALTER TABLE {temp} RENAME TO {}", quote_ident(name)),
        ]
    }
}

/// The table a table-level alteration applies to.
fn altered_table(change: &Change) -> Option<&QualName> {
    match change {
        Change::AddColumn { table, .. }
        | Change::DropColumn { table, .. }
        | Change::AlterColumn { table, .. }
        | Change::AddConstraint { table, .. }
        | Change::DropConstraint { table, .. }
        | Change::AlterTableOptions { table, .. } => Some(table),
        // The diff emits a rebuild when only SQLite's text differs; it is redone here with
        // the table's indexes and triggers.
        Change::RebuildTable { to, .. } => Some(&to.name),
        _ => None,
    }
}

/// The table an index or trigger change is on.
fn dependent_table(change: &Change) -> Option<&QualName> {
    match change {
        Change::CreateIndex(i) | Change::DropIndex(i) => Some(&i.table),
        Change::CreateTrigger(t) | Change::DropTrigger(t) => Some(&t.table),
        _ => None,
    }
}

/// SQLite renames only tables and columns in place. A view or an index holds no rows:
/// it is dropped and made again under its new name. A constraint is part of its table's
/// text, whose difference the diff already turns into a rebuild.
fn lower_rename(change: Change, to: &Catalog) -> Vec<Change> {
    match change {
        Change::RenameView { from, to: name, .. } => match to.views.get(&name) {
            Some(v) => vec![
                Change::DropView(View {
                    name: from,
                    ..v.clone()
                }),
                Change::CreateView(v.clone()),
            ],
            None => Vec::new(),
        },
        Change::RenameIndex { from, to: name } => match to.indexes.get(&name) {
            Some(i) => vec![
                Change::DropIndex(Index {
                    name: from,
                    ..i.clone()
                }),
                Change::CreateIndex(i.clone()),
            ],
            None => Vec::new(),
        },
        Change::RenameConstraint { .. } => Vec::new(),
        other => vec![other],
    }
}

/// Tables whose text is the same on both sides but whose constraints are named apart:
/// the names strata gives unnamed constraints come from the table and column names, so a
/// rename changes them while the table stays as it is.
fn synthetic_names_apart(from: &Catalog, to: &Catalog) -> BTreeSet<QualName> {
    from.tables
        .iter()
        .filter_map(|(name, a)| {
            let b = to.tables.get(name)?;
            let same_text = a.sqlite().is_some() && a.sqlite() == b.sqlite();
            let apart = a.constraints.keys().ne(b.constraints.keys());
            (same_text && apart).then(|| name.clone())
        })
        .collect()
}

/// `from` with the constraints of `tables` named as in `to`.
fn with_names_of(from: &Catalog, to: &Catalog, tables: &BTreeSet<QualName>) -> Catalog {
    let mut patched = from.clone();
    for name in tables {
        if let (Some(t), Some(b)) = (patched.tables.get_mut(name), to.tables.get(name)) {
            t.constraints = b.constraints.clone();
        }
    }
    patched
}

fn lower(changes: Vec<Change>, from: &Catalog, to: &Catalog) -> Vec<Change> {
    let apart = synthetic_names_apart(from, to);
    let patched = (!apart.is_empty()).then(|| with_names_of(from, to, &apart));
    let from = patched.as_ref().unwrap_or(from);
    let changes: Vec<Change> = changes
        .into_iter()
        .flat_map(|c| lower_rename(c, to))
        .filter(|c| !matches!(c, Change::AddConstraint { table, .. } | Change::DropConstraint { table, .. } if apart.contains(table)))
        .collect();
    let whole = created_or_dropped(&changes);
    let rebuilt = tables_to_rebuild(&changes, &whole, from, to);
    let mut out = Vec::new();
    let mut emitted = BTreeSet::new();
    for change in changes {
        if let Some(table) = altered_table(&change) {
            if rebuilt.contains(table) && emitted.insert(table.clone()) {
                out.extend(rebuild_changes(table, from, to));
            }
            // Otherwise a created table's constraints are in its CREATE TABLE and a
            // dropped one's go with it.
            if rebuilt.contains(table) || whole.contains(table) {
                continue;
            }
        }
        let recreated = dependent_table(&change).is_some_and(|t| rebuilt.contains(t));
        if recreated {
            continue;
        }
        out.push(with_foreign_keys(change, to));
    }
    for table in &rebuilt {
        if emitted.insert(table.clone()) {
            out.extend(rebuild_changes(table, from, to));
        }
    }
    out
}

/// Tables the changes create or drop as a whole.
fn created_or_dropped(changes: &[Change]) -> BTreeSet<QualName> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) | Change::DropTable(t) => Some(t.name.clone()),
            _ => None,
        })
        .collect()
}

/// Tables kept on both sides that `ADD COLUMN` alone cannot turn into their new shape.
fn tables_to_rebuild(
    changes: &[Change],
    whole: &BTreeSet<QualName>,
    from: &Catalog,
    to: &Catalog,
) -> BTreeSet<QualName> {
    let mut altered: BTreeMap<&QualName, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        if let Some(table) = altered_table(change) {
            altered.entry(table).or_default().push(change);
        }
    }
    // Differences the diff does not name (column order, AUTOINCREMENT, STRICT, the
    // stored text) still need a rebuild.
    for (name, before) in &from.tables {
        if to.tables.get(name).is_some_and(|after| after != before) {
            altered.entry(name).or_default();
        }
    }
    altered
        .into_iter()
        .filter(|(name, _)| !whole.contains(*name))
        .filter_map(|(name, pending)| {
            let (before, after) = (from.tables.get(name)?, to.tables.get(name)?);
            (!can_alter_in_place(before, after, &pending)).then(|| name.clone())
        })
        .collect()
}

/// The diff leaves foreign keys out of a new table for separate ADD CONSTRAINTs; SQLite
/// needs them in the CREATE TABLE (the stored text already has them; the model may not).
fn with_foreign_keys(change: Change, to: &Catalog) -> Change {
    match change {
        Change::CreateTable(t) => Change::CreateTable(to.tables.get(&t.name).cloned().unwrap_or(t)),
        other => other,
    }
}

/// The rebuild, then the table's indexes and triggers as the desired state has them
/// (`DROP TABLE` removed the old ones).
fn rebuild_changes(table: &QualName, from: &Catalog, to: &Catalog) -> Vec<Change> {
    let (Some(before), Some(after)) = (from.tables.get(table), to.tables.get(table)) else {
        return Vec::new();
    };
    let mut out = vec![Change::RebuildTable {
        from: before.clone(),
        to: after.clone(),
    }];
    out.extend(
        to.indexes
            .values()
            .filter(|i| &i.table == table)
            .cloned()
            .map(Change::CreateIndex),
    );
    out.extend(
        to.triggers
            .values()
            .filter(|t| &t.table == table)
            .cloned()
            .map(Change::CreateTrigger),
    );
    out
}

/// True when `ALTER TABLE .. ADD COLUMN` alone turns `before` into `after`, including the
/// stored text SQLite will end up with.
fn can_alter_in_place(before: &Table, after: &Table, pending: &[&Change]) -> bool {
    let only_adds = pending
        .iter()
        .all(|c| matches!(c, Change::AddColumn { .. }));
    let appended = after.columns.len() >= before.columns.len()
        && after.columns[..before.columns.len()] == before.columns[..];
    if !only_adds || !appended || after.constraints != before.constraints {
        return false;
    }
    let added = &after.columns[before.columns.len()..];
    let has_text = before.sqlite().is_some() && after.sqlite().is_some();
    if !added.iter().all(|c| can_add_column(c, has_text)) {
        return false;
    }
    match (before.sqlite(), after.sqlite()) {
        (Some(b), Some(a)) => {
            let Some(mut def) = parse_create_table(&b.sql) else {
                return false;
            };
            def.columns.extend(added.iter().map(column_def));
            def.canonical() == a.sql
                && (b.autoincrement, b.without_rowid, b.strict)
                    == (a.autoincrement, a.without_rowid, a.strict)
        }
        (None, None) => true,
        _ => false,
    }
}

/// SQLite's `ADD COLUMN` restrictions that the model can show. PRIMARY KEY, UNIQUE and
/// REFERENCES are constraints, and a STORED generated column renders differently from
/// the `GENERATED ALWAYS AS (..)` strata writes: comparing the table text catches those,
/// so generated columns are only added in place when there is text to compare.
fn can_add_column(column: &Column, text_compared: bool) -> bool {
    if column.generated.is_some() && !text_compared {
        return false;
    }
    let default = column.default.as_deref().map(str::to_ascii_uppercase);
    let constant = default.as_deref().is_none_or(|d| {
        !d.starts_with('(') && !matches!(d, "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP")
    });
    let non_null_default = default.as_deref().is_some_and(|d| d != "NULL");
    constant && (!column.not_null || non_null_default)
}

/// A column definition built from the model (`"name" TYPE NOT NULL DEFAULT .. COLLATE ..`).
fn column_def(column: &Column) -> ColumnDef {
    let mut tokens = vec![Tok::Ident(column.name.clone())];
    tokens.extend(tokenize(&column.data_type));
    if column.not_null {
        tokens.extend(tokenize("NOT NULL"));
    }
    if let Some(default) = &column.default {
        tokens.push(Tok::Word("DEFAULT".into()));
        tokens.extend(tokenize(default));
    }
    if let Some(collation) = &column.collation {
        tokens.push(Tok::Word("COLLATE".into()));
        tokens.push(Tok::Word(collation.name.clone()));
    }
    if let Some(expr) = &column.generated {
        tokens.extend(tokenize(&format!("GENERATED ALWAYS AS ({expr})")));
    }
    parse_column(&tokens).unwrap_or(ColumnDef {
        name: column.name.clone(),
        type_tokens: Vec::new(),
        constraints: Vec::new(),
    })
}

/// `CREATE TABLE` for a table under the given name: the stored canonical text when the
/// table came from SQLite, else built from the model.
fn create_table_sql(table: &Table, name: &str) -> String {
    if let Some(mut def) = table.sqlite().and_then(|s| parse_create_table(&s.sql)) {
        def.name = name.to_string();
        return def.canonical();
    }
    let mut items: Vec<String> = table
        .columns
        .iter()
        .map(|c| column_def(c).canonical())
        .collect();
    items.extend(table.constraints.values().map(|c| {
        canon(&tokenize(&format!(
            "CONSTRAINT {} {}",
            quote_ident(&c.name),
            c.definition
        )))
    }));
    format!("CREATE TABLE {} ({})", quote_ident(name), items.join(", "))
}

/// SQLite has one writer: a step that changes an existing table holds the database's
/// write lock, so other writers wait (readers go on until the commit). A rebuild copies
/// the table, and so does DROP COLUMN; the rest edits the stored schema only.
fn describe_lock(rendered: &mut Rendered, change: &Change) {
    let table = match change {
        Change::DropTable(t) => Some(&t.name),
        Change::RebuildTable { from, .. } => Some(&from.name),
        Change::AddColumn { table, .. }
        | Change::DropColumn { table, .. }
        | Change::AlterColumn { table, .. } => Some(table),
        Change::CreateIndex(i) | Change::DropIndex(i) => Some(&i.table),
        Change::CreateTrigger(t) | Change::DropTrigger(t) => Some(&t.table),
        _ => None,
    };
    rendered.locks = table
        .map(|t| Lock::new(t.to_string(), "database write", Blocks::Writes))
        .into_iter()
        .collect();
    rendered.effort = Some(match change {
        Change::RebuildTable { .. } | Change::DropColumn { .. } => Effort::Rewrite,
        Change::CreateIndex(_) => Effort::Scan,
        _ => Effort::Metadata,
    });
}

fn render(change: &Change) -> Result<Rendered, Unsupported> {
    Ok(match change {
        Change::CreateTable(t) => statements(vec![create_table_sql(t, &t.name.name)]),
        Change::DropTable(t) => Rendered {
            statements: vec![format!("DROP TABLE {}", quote_ident(&t.name.name))],
            hazards: vec![Hazard::new(
                &rules::DROP_TABLE,
                format!("drops table {} and all its rows", t.name),
            )],
            ..Rendered::default()
        },
        Change::AddColumn { table, column } => statements(vec![format!(
            "ALTER TABLE {} ADD COLUMN {}",
            quote_ident(&table.name),
            column_def(column).canonical()
        )]),
        Change::DropColumn { table, column } => Rendered {
            // Only reached without lowering; SQLite 3.35+ drops simple columns in place.
            statements: vec![format!(
                "ALTER TABLE {} DROP COLUMN {}",
                quote_ident(&table.name),
                quote_ident(&column.name)
            )],
            hazards: vec![Hazard::new(
                &rules::DROP_COLUMN,
                format!("drops column {table}.{} and its data", column.name),
            )],
            ..Rendered::default()
        },
        Change::RebuildTable { from, to } => render_rebuild(from, to),
        Change::RenameTable { from, to } => renamed(
            change,
            format!(
                "ALTER TABLE {} RENAME TO {}",
                quote_ident(&from.name),
                quote_ident(&to.name)
            ),
        ),
        Change::RenameColumn { table, from, to } => renamed(
            change,
            format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {}",
                quote_ident(&table.name),
                quote_ident(from),
                quote_ident(to)
            ),
        ),
        Change::CreateIndex(i) => statements(vec![i.definition.clone()]),
        Change::DropIndex(i) => {
            statements(vec![format!("DROP INDEX {}", quote_ident(&i.name.name))])
        }
        Change::CreateView(v) => statements(vec![v.definition.clone()]),
        Change::DropView(v) => statements(vec![format!("DROP VIEW {}", quote_ident(&v.name.name))]),
        Change::ReplaceView { from, to } => statements(vec![
            format!("DROP VIEW {}", quote_ident(&from.name.name)),
            to.definition.clone(),
        ]),
        Change::CreateTrigger(t) => statements(vec![t.definition.clone()]),
        Change::DropTrigger(t) => {
            statements(vec![format!("DROP TRIGGER {}", quote_ident(&t.name))])
        }
        // Schemas, types, sequences, functions, grants, policies, comments, ...: a SQLite
        // catalog never has them, and SQLite has no statement that would keep them.
        _ => return Err(Unsupported),
    })
}

/// A rename statement with its compatibility finding.
fn renamed(change: &Change, statement: String) -> Rendered {
    Rendered {
        statements: vec![statement],
        hazards: rules::rename_hazard(change).into_iter().collect(),
        ..Rendered::default()
    }
}

fn statements(statements: Vec<String>) -> Rendered {
    Rendered {
        statements,
        ..Rendered::default()
    }
}

/// SQLite's rebuild procedure, keeping every row: create the new shape under a temporary
/// name, copy the shared columns, drop the old table, rename the new one into place.
///
/// The rename runs with `legacy_alter_table=ON` so SQLite does not re-check (and fail
/// on) views and triggers that mention the table while it is briefly missing; they refer
/// to it by name and work again once the rename is done.
fn render_rebuild(from: &Table, to: &Table) -> Rendered {
    let name = &to.name.name;
    let temp = format!("{REBUILD_PREFIX}{name}");
    let mut statements = vec![create_table_sql(to, &temp)];
    let shared: Vec<(&Column, &Column)> = to
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .filter_map(|c| Some((from.column(&c.name)?, c)))
        .collect();
    if !shared.is_empty() {
        let targets: Vec<String> = shared.iter().map(|(_, c)| quote_ident(&c.name)).collect();
        let values: Vec<String> = shared
            .iter()
            .map(|(old, new)| copied_value(old, new))
            .collect();
        statements.push(format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            quote_ident(&temp),
            targets.join(", "),
            values.join(", "),
            quote_ident(name)
        ));
    }
    if autoincrement(from) && autoincrement(to) {
        // Keep the high-water mark so AUTOINCREMENT never reuses an id of a deleted row.
        statements.push(format!(
            "DELETE FROM \"sqlite_sequence\" WHERE \"name\" = {}",
            quote_literal(&temp)
        ));
        statements.push(format!(
            "INSERT INTO \"sqlite_sequence\" (\"name\", \"seq\") SELECT {}, \"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = {}",
            quote_literal(&temp),
            quote_literal(name)
        ));
    }
    statements.push(format!("DROP TABLE {}", quote_ident(name)));
    statements.push("PRAGMA legacy_alter_table = ON".into());
    statements.push(format!(
        "ALTER TABLE {} RENAME TO {}",
        quote_ident(&temp),
        quote_ident(name)
    ));
    statements.push("PRAGMA legacy_alter_table = OFF".into());
    Rendered {
        statements,
        hazards: rebuild_hazards(from, to),
        ..Rendered::default()
    }
}

/// The value copied into a column: its old value, or the new default where a column that
/// becomes NOT NULL holds NULL (an explicit NULL would not take the default, and the copy
/// would fail).
fn copied_value(old: &Column, new: &Column) -> String {
    let column = quote_ident(&new.name);
    match null_filler(old, new) {
        Some(default) => format!("coalesce({column}, {default})"),
        None => column,
    }
}

fn null_filler<'a>(old: &Column, new: &'a Column) -> Option<&'a str> {
    let default = new.default.as_deref()?;
    (new.not_null && !old.not_null && !default.eq_ignore_ascii_case("NULL")).then_some(default)
}

fn autoincrement(table: &Table) -> bool {
    table.sqlite().is_some_and(|s| s.autoincrement)
}

fn rebuild_hazards(from: &Table, to: &Table) -> Vec<Hazard> {
    let mut hazards = vec![Hazard::new(
        &hazards::TABLE_REBUILD,
        format!(
            "rebuilds table {}: copies every row into a new table while holding the database write lock",
            to.name
        ),
    )];
    for old in &from.columns {
        let column = format!("{}.{}", from.name, old.name);
        let object = format!("{}.{}", from.name, comment_text(&old.name));
        let Some(new) = to.column(&old.name) else {
            hazards.push(
                Hazard::new(
                    &rules::DROP_COLUMN,
                    format!("drops column {column} and its data"),
                )
                .on(&object),
            );
            continue;
        };
        if new.generated.is_some() && old.generated.is_none() {
            hazards.push(
                Hazard::new(
                    &rules::COLUMN_BECOMES_GENERATED,
                    format!("column {column} becomes generated: its stored values are replaced"),
                )
                .on(&object),
            );
        }
        let (before, after) = (affinity(&old.data_type), affinity(&new.data_type));
        if before != after && matches!(after, "INTEGER" | "REAL" | "NUMERIC") {
            // Text that looks numeric is converted and loses its spelling ('010' -> 10).
            hazards.push(Hazard::new(
                &hazards::AFFINITY_CHANGE,
                format!(
                    "changes column {column} from {} to {}: values are converted to {after} affinity and may change",
                    display_type(&old.data_type),
                    display_type(&new.data_type),
                ),
            ).on(&object));
        } else if to.sqlite().is_some_and(|s| s.strict) && old.data_type != new.data_type {
            hazards.push(Hazard::new(
                &hazards::STRICT_TYPE_CHANGE,
                format!(
                    "changes column {column} of a STRICT table to {}: the copy fails on values of another type",
                    display_type(&new.data_type)
                ),
            ).on(&object));
        }
        if let Some(default) = null_filler(old, new) {
            // The NULLs are values too: replacing them cannot be undone.
            hazards.push(
                Hazard::new(
                    &hazards::REBUILD_FILLS_NULLS,
                    format!(
                        "column {column} becomes NOT NULL: its NULLs are replaced by {default}"
                    ),
                )
                .on(&object),
            );
        } else if new.not_null && !old.not_null {
            hazards.push(
                Hazard::new(
                    &rules::SET_NOT_NULL,
                    format!("column {column} becomes NOT NULL: the copy fails if it holds NULLs"),
                )
                .on(&object),
            );
        }
    }
    for new in &to.columns {
        let missing_value = new.not_null && new.default.is_none() && new.generated.is_none();
        if from.column(&new.name).is_none() && missing_value {
            hazards.push(Hazard::new(
                &rules::ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT,
                format!(
                    "new column {}.{} is NOT NULL without a default: the copy fails unless the table is empty",
                    to.name, new.name
                ),
            ).on(format!("{}.{}", to.name, comment_text(&new.name))));
        }
    }
    let old_definitions: BTreeSet<&str> = from
        .constraints
        .values()
        .map(|c| c.definition.as_str())
        .collect();
    for c in to.constraints.values() {
        if !old_definitions.contains(c.definition.as_str()) {
            hazards.push(
                Hazard::new(
                    rules::new_constraint(c.kind),
                    format!(
                        "adds {} to {}: the rebuild fails if existing rows violate it",
                        c.definition, to.name
                    ),
                )
                .on(format!("{}.{}", to.name, comment_text(&c.name))),
            );
        }
    }
    hazards
}

fn display_type(data_type: &str) -> &str {
    if data_type.is_empty() {
        "(no type)"
    } else {
        data_type
    }
}

/// A declared type's affinity (sqlite.org/datatype3.html, section 3.1).
fn affinity(data_type: &str) -> &'static str {
    let t = data_type.to_ascii_uppercase();
    if t.contains("INT") {
        "INTEGER"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "TEXT"
    } else if t.contains("BLOB") || t.is_empty() {
        "BLOB"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, data_type: &str) -> Column {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            default: None,
            default_sequence: None,
            collation: None,
            identity: None,
            generated: None,
            comment: None,
        }
    }

    #[test]
    fn add_column_restrictions() {
        let plain = column("c", "TEXT");
        assert!(can_add_column(&plain, true));
        let not_null = Column {
            not_null: true,
            ..plain.clone()
        };
        assert!(!can_add_column(&not_null, true));
        let with = |d: &str| Column {
            default: Some(d.into()),
            ..not_null.clone()
        };
        assert!(can_add_column(&with("'x'"), true));
        assert!(!can_add_column(&with("NULL"), true));
        assert!(!can_add_column(&with("CURRENT_TIMESTAMP"), true));
        assert!(!can_add_column(&with("(1 + 2)"), true));
    }

    #[test]
    fn column_definitions_from_the_model() {
        let c = Column {
            not_null: true,
            default: Some("-1".into()),
            collation: Some(QualName::new("main", "NOCASE")),
            ..column("n", "VARCHAR(10)")
        };
        assert_eq!(
            column_def(&c).canonical(),
            r#""n" VARCHAR(10) NOT NULL DEFAULT -1 COLLATE NOCASE"#
        );
    }

    #[test]
    fn affinities() {
        assert_eq!(affinity("BIGINT"), "INTEGER");
        assert_eq!(affinity("varchar(10)"), "TEXT");
        assert_eq!(affinity(""), "BLOB");
        assert_eq!(affinity("DOUBLE PRECISION"), "REAL");
        assert_eq!(affinity("DECIMAL(10,2)"), "NUMERIC");
    }
}
