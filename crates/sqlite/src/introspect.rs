//! Reads a SQLite schema into a [`Catalog`] with four queries whatever the schema's size:
//! `sqlite_master` once, then `pragma_table_xinfo`, `pragma_foreign_key_list` and
//! `pragma_index_list` each joined against `sqlite_master` in a single query.

use crate::ddl::{ColumnDef, TableDef, canonical_create, parse_create_table};
use crate::error::sql_error;
use crate::lex::{Tok, canon, canon_sql, canon_type, tokenize};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use strata_catalog::{
    Catalog, Column, Constraint, ForeignKey, ForeignKeyAction, Index, ObjectId, QualName,
    SqliteTable, Table, TableExt, Trigger, TriggerState, View, owned_marker_in,
};
use strata_execute::DbError;

/// SQLite has one schema per database file; strata calls it `main`.
pub(crate) const SCHEMA: &str = "main";

/// Which tables the pragma queries cover: real tables, not SQLite's own or virtual ones.
const TABLE_FILTER: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     AND m.sql NOT LIKE 'CREATE VIRTUAL %'";

struct MasterRow {
    kind: String,
    name: String,
    table: String,
    sql: String,
}

struct ColumnRow {
    table: String,
    name: String,
    data_type: String,
    not_null: bool,
    default: Option<String>,
    hidden: i64,
}

/// Reads the whole `main` schema.
pub(crate) fn introspect(conn: &Connection) -> Result<Catalog, DbError> {
    let master = read_master(conn)?;
    let columns = read_columns(conn)?;
    let foreign_keys = read_rows(
        conn,
        &format!(
            "SELECT m.name, f.\"table\", f.id, f.\"from\", f.\"to\", f.on_update, f.on_delete \
             FROM sqlite_master AS m \
             JOIN pragma_foreign_key_list(m.name) AS f WHERE {TABLE_FILTER} \
             ORDER BY m.name, f.id, f.seq"
        ),
    )?;
    let index_list = read_rows(
        conn,
        &format!(
            "SELECT i.name, i.\"unique\" FROM sqlite_master AS m \
             JOIN pragma_index_list(m.name) AS i WHERE {TABLE_FILTER} AND i.origin = 'c'"
        ),
    )?;

    let skipped = virtual_and_shadow_tables(&master);
    let names = NameResolver::new(&master, &skipped);
    let mut catalog = Catalog::default();
    let mut columns_by_table: HashMap<String, Vec<ColumnRow>> = HashMap::new();
    for row in columns {
        columns_by_table
            .entry(row.table.clone())
            .or_default()
            .push(row);
    }
    let unique: HashMap<String, bool> = index_list
        .into_iter()
        .map(|r| (r[0].clone(), r[1] == "1"))
        .collect();

    for row in &master {
        let name = QualName::new(SCHEMA, &row.name);
        match row.kind.as_str() {
            "table" if !skipped.contains(&row.name) => {
                let cols = columns_by_table.remove(&row.name).unwrap_or_default();
                let table = build_table(row, cols, &names);
                catalog.tables.insert(name, table);
            }
            "index" => {
                let index = Index {
                    name: name.clone(),
                    table: QualName::new(SCHEMA, &row.table),
                    definition: canonical_create(&row.sql, "INDEX"),
                    unique: unique.get(&row.name).copied().unwrap_or(false),
                    comment: None,
                    parent: None,
                };
                catalog.indexes.insert(name, index);
            }
            "view" => {
                let view = View {
                    name: name.clone(),
                    definition: canonical_create(&row.sql, "VIEW"),
                    materialized: false,
                    columns: Vec::new(),
                    options: Vec::new(),
                    comment: None,
                };
                catalog.views.insert(name, view);
            }
            "trigger" => {
                let table = QualName::new(SCHEMA, &row.table);
                let trigger = Trigger {
                    table: table.clone(),
                    name: row.name.clone(),
                    definition: canonical_create(&row.sql, "TRIGGER"),
                    enabled: TriggerState::Origin,
                    comment: None,
                };
                catalog.triggers.insert((table, row.name.clone()), trigger);
            }
            _ => {}
        }
    }
    fill_foreign_keys(&mut catalog, &foreign_keys, &names)?;
    add_dependencies(&mut catalog, &foreign_keys, &names, &master);
    catalog.set_aside_owned(owned_tables(&master));
    Ok(catalog)
}

/// strata's own tables: their `CREATE TABLE` text carries a `/* strata:owned ... */`
/// comment (SQLite keeps the statement as written, comments included).
fn owned_tables(master: &[MasterRow]) -> BTreeMap<QualName, String> {
    master
        .iter()
        .filter(|row| row.kind == "table")
        .filter_map(|row| {
            let marker = owned_marker_in(&row.sql)?;
            Some((QualName::new(SCHEMA, &row.name), marker.to_string()))
        })
        .collect()
}

fn read_master(conn: &Connection) -> Result<Vec<MasterRow>, DbError> {
    let rows = read_rows(
        conn,
        "SELECT type, name, tbl_name, sql FROM sqlite_master \
         WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    Ok(rows
        .into_iter()
        .map(|r| MasterRow {
            kind: r[0].clone(),
            name: r[1].clone(),
            table: r[2].clone(),
            sql: r[3].clone(),
        })
        .collect())
}

fn read_columns(conn: &Connection) -> Result<Vec<ColumnRow>, DbError> {
    let sql = format!(
        "SELECT m.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.hidden \
         FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS c \
         WHERE {TABLE_FILTER} ORDER BY m.name, c.cid"
    );
    let mut stmt = conn.prepare(&sql).map_err(|e| sql_error(&sql, e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ColumnRow {
                table: r.get(0)?,
                name: r.get(1)?,
                data_type: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                not_null: r.get::<_, i64>(3)? != 0,
                default: r.get(4)?,
                hidden: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| sql_error(&sql, e))?;
    Ok(rows)
}

/// Runs a query whose columns are all read as text (NULL as empty).
fn read_rows(conn: &Connection, sql: &str) -> Result<Vec<Vec<String>>, DbError> {
    let mut stmt = conn.prepare(sql).map_err(|e| sql_error(sql, e))?;
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| {
                let value: rusqlite::types::Value = r.get(i)?;
                Ok(crate::error::value_text(value).unwrap_or_default())
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
    .map_err(|e| sql_error(sql, e))
}

/// Virtual tables (strata cannot recreate their modules) and the shadow tables that
/// back them (`<vtab>_data`, `<vtab>_content`, ...) are left out.
fn virtual_and_shadow_tables(master: &[MasterRow]) -> BTreeSet<String> {
    let virtual_tables: Vec<&str> = master
        .iter()
        .filter(|r| r.kind == "table" && r.sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|r| r.name.as_str())
        .collect();
    master
        .iter()
        .filter(|r| r.kind == "table")
        .filter(|r| {
            virtual_tables.iter().any(|v| {
                r.name == *v
                    || r.name
                        .to_lowercase()
                        .starts_with(&format!("{}_", v.to_lowercase()))
            })
        })
        .map(|r| r.name.clone())
        .collect()
}

/// SQLite matches names case-insensitively; this maps what a statement wrote to the
/// object's real name.
struct NameResolver {
    tables: HashMap<String, String>,
    views: HashMap<String, String>,
}

impl NameResolver {
    fn new(master: &[MasterRow], skipped: &BTreeSet<String>) -> Self {
        let of_kind = |kind: &str| {
            master
                .iter()
                .filter(|r| r.kind == kind && !skipped.contains(&r.name))
                .map(|r| (r.name.to_lowercase(), r.name.clone()))
                .collect()
        };
        NameResolver {
            tables: of_kind("table"),
            views: of_kind("view"),
        }
    }

    fn table(&self, written: &str) -> String {
        self.tables
            .get(&written.to_lowercase())
            .cloned()
            .unwrap_or_else(|| written.to_string())
    }
}

fn build_table(row: &MasterRow, rows: Vec<ColumnRow>, names: &NameResolver) -> Table {
    let def = parse_create_table(&row.sql);
    let columns = rows
        .into_iter()
        .filter(|c| c.hidden != 1)
        .map(|c| {
            let parsed = def.as_ref().and_then(|d| {
                d.columns
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(&c.name))
            });
            build_column(c, parsed)
        })
        .collect();
    let constraints = def
        .as_ref()
        .map(|d| {
            d.lifted_constraints()
                .into_iter()
                .map(|c| {
                    let constraint = Constraint {
                        name: c.name.clone(),
                        kind: c.kind,
                        definition: c.definition,
                        columns: c.columns,
                        references: c
                            .references
                            .map(|t| ForeignKey::to(QualName::new(SCHEMA, names.table(&t)))),
                        comment: None,
                        only: false,
                        attached_to: None,
                    };
                    (c.name, constraint)
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        name: QualName::new(SCHEMA, &row.name),
        columns,
        constraints,
        comment: None,
        policies: BTreeMap::new(),
        ext: TableExt::Sqlite(sqlite_table(&row.name, &row.sql, def.as_ref())),
    }
}

fn sqlite_table(name: &str, sql: &str, def: Option<&TableDef>) -> SqliteTable {
    match def {
        Some(def) => {
            let mut def = def.clone();
            // The stored name may still carry a rebuild's or a rename's spelling.
            def.name = name.to_string();
            SqliteTable {
                sql: def.canonical(),
                autoincrement: def.autoincrement(),
                without_rowid: def.without_rowid,
                strict: def.strict,
            }
        }
        None => SqliteTable {
            sql: canon_sql(sql),
            autoincrement: false,
            without_rowid: false,
            strict: false,
        },
    }
}

fn build_column(row: ColumnRow, parsed: Option<&ColumnDef>) -> Column {
    let generated = parsed.and_then(ColumnDef::generated);
    let default = if generated.is_some() {
        None
    } else {
        // The parsed clause keeps the parentheses that the pragma strips from `DEFAULT (expr)`.
        parsed
            .and_then(declared_default)
            .or_else(|| row.default.as_deref().map(canon_sql))
    };
    Column {
        name: row.name,
        data_type: canon_type(&tokenize(&row.data_type)),
        not_null: row.not_null,
        default,
        default_sequence: None,
        collation: parsed
            .and_then(ColumnDef::collation)
            .map(|name| QualName::new(SCHEMA, name)),
        identity: None,
        generated,
        comment: None,
    }
}

/// The canonical text after `DEFAULT`.
fn declared_default(column: &ColumnDef) -> Option<String> {
    let clause: &[Tok] = column.constraint("DEFAULT")?;
    Some(canon(&clause[1..]))
}

/// Copies the referenced columns and actions of each foreign key from
/// `pragma_foreign_key_list` (rows: table, parent, id, from, to, on update, on delete) to
/// the constraint the definition parser found, matched by parent and constrained columns.
fn fill_foreign_keys(
    catalog: &mut Catalog,
    rows: &[Vec<String>],
    names: &NameResolver,
) -> Result<(), DbError> {
    let mut keys: Vec<(&[Vec<String>], Vec<String>)> = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let same = |r: &Vec<String>| r[0] == rows[start][0] && r[2] == rows[start][2];
        let len = rows[start..].iter().take_while(|r| same(r)).count();
        let group = &rows[start..start + len];
        keys.push((group, group.iter().map(|r| r[3].to_lowercase()).collect()));
        start += len;
    }
    let action = |word: &str| {
        ForeignKeyAction::from_keyword(word).map_err(|e| DbError::Other(e.to_string()))
    };
    for (group, from) in keys {
        let first = &group[0];
        let Some(table) = catalog.tables.get_mut(&QualName::new(SCHEMA, &first[0])) else {
            continue;
        };
        let parent = names.table(&first[1]);
        let found = table.constraints.values_mut().find_map(|c| {
            let lower: Vec<String> = c.columns.iter().map(|n| n.to_lowercase()).collect();
            c.references
                .as_mut()
                .filter(|r| r.table.name.eq_ignore_ascii_case(&parent) && lower == from)
        });
        if let Some(fk) = found {
            // An empty `to` means the parent's primary key, which SQLite leaves implied.
            if group.iter().all(|r| !r[4].is_empty()) {
                fk.columns = group.iter().map(|r| r[4].clone()).collect();
            }
            fk.on_update = action(&first[5])?;
            fk.on_delete = action(&first[6])?;
        }
    }
    Ok(())
}

fn add_dependencies(
    catalog: &mut Catalog,
    foreign_keys: &[Vec<String>],
    names: &NameResolver,
    master: &[MasterRow],
) {
    let deps = &mut catalog.dependencies;
    for table in catalog.tables.values() {
        for c in table.constraints.values() {
            if let Some(fk) = &c.references {
                deps.insert((
                    ObjectId::Constraint(table.name.clone(), c.name.clone()),
                    ObjectId::Table(fk.table.clone()),
                ));
            }
        }
    }
    // The pragma also sees references the text parser could not place (unusual spellings).
    for fk in foreign_keys {
        let (child, parent) = (names.table(&fk[0]), names.table(&fk[1]));
        if child != parent && catalog.tables.contains_key(&QualName::new(SCHEMA, &parent)) {
            let child = QualName::new(SCHEMA, child);
            let has_edge = catalog.tables.get(&child).is_some_and(|t| {
                t.constraints.values().any(|c| {
                    c.references
                        .as_ref()
                        .is_some_and(|r| r.table.name == parent)
                })
            });
            if !has_edge {
                deps.insert((
                    ObjectId::Table(child),
                    ObjectId::Table(QualName::new(SCHEMA, parent)),
                ));
            }
        }
    }
    for index in catalog.indexes.values() {
        deps.insert((
            ObjectId::Index(index.name.clone()),
            ObjectId::Table(index.table.clone()),
        ));
    }
    for trigger in catalog.triggers.values() {
        let on = if catalog.views.contains_key(&trigger.table) {
            ObjectId::View(trigger.table.clone())
        } else {
            ObjectId::Table(trigger.table.clone())
        };
        deps.insert((
            ObjectId::Trigger(trigger.table.clone(), trigger.name.clone()),
            on,
        ));
    }
    for row in master.iter().filter(|r| r.kind == "view") {
        for referenced in mentioned_objects(&row.sql, &row.name, names) {
            deps.insert((ObjectId::View(QualName::new(SCHEMA, &row.name)), referenced));
        }
    }
}

/// Tables and views a view's text mentions: every word or quoted name that matches one.
/// Best effort: a column that shares a table's name adds a harmless extra edge.
fn mentioned_objects(sql: &str, own_name: &str, names: &NameResolver) -> BTreeSet<ObjectId> {
    tokenize(sql)
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) | Tok::Ident(w) => Some(w.to_lowercase()),
            _ => None,
        })
        .filter(|w| *w != own_name.to_lowercase())
        .filter_map(|w| {
            if let Some(t) = names.tables.get(&w) {
                Some(ObjectId::Table(QualName::new(SCHEMA, t)))
            } else {
                names
                    .views
                    .get(&w)
                    .map(|v| ObjectId::View(QualName::new(SCHEMA, v)))
            }
        })
        .collect()
}
