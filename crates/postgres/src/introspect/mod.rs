//! Reads a database's schema into a [`Catalog`] with a fixed number of catalog queries:
//! one per object kind, never one per table.
//!
//! Rules every query follows, so two databases holding the same schema read back equal:
//! - The session runs with `search_path = ''`, so `format_type`, `pg_get_expr`,
//!   `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_viewdef`, ... schema-qualify every
//!   user object (`public.mood`) while built-in types stay bare (`integer`).
//! - System schemas are left out: every schema whose name starts with `pg_` (the server
//!   reserves that prefix, which covers `pg_catalog`, `pg_toast`, `pg_temp_N`,
//!   `pg_toast_temp_N`) and `information_schema`.
//! - Objects that belong to an extension (`pg_depend.deptype = 'e'`) are left out; the
//!   extension itself is listed instead.
//! - Tables strata owns (marked with a `strata:owned ...` comment) are set aside.
//! - Every query returns the objects' OIDs, so the dependency query (`pg_depend`) can be
//!   resolved to [`ObjectId`]s in Rust without further round trips.
mod collations;
mod constraints;
mod dependencies;
mod event_triggers;
mod extensions;
mod functions;
mod grants;
mod indexes;
mod policies;
mod schemas;
mod sequences;
mod tables;
mod triggers;
mod types;
mod unmanaged;
mod views;

use crate::error::statement_error;
use postgres::types::FromSql;
use postgres::{Client, Row};
use std::collections::HashMap;
use strata_catalog::{Catalog, ObjectId, QualName, is_owned_marker};
use strata_execute::DbError;

/// Runs introspection queries and counts them.
pub(crate) struct Reader<'a> {
    client: &'a mut Client,
    /// Round trips made so far: the test for "a fixed number of queries" reads this.
    pub(crate) queries: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(client: &'a mut Client) -> Self {
        Reader { client, queries: 0 }
    }

    /// Runs one catalog query.
    pub(crate) fn rows(&mut self, sql: &str) -> Result<Vec<Row>, DbError> {
        self.queries += 1;
        self.client
            .query(sql, &[])
            .map_err(|e| statement_error(sql, &e))
    }

    /// Runs a statement that returns nothing (`BEGIN`, `SET`).
    pub(crate) fn run(&mut self, sql: &str) -> Result<(), DbError> {
        self.queries += 1;
        self.client
            .batch_execute(sql)
            .map_err(|e| statement_error(sql, &e))
    }
}

/// Reads a column by name, turning a type mismatch into an error instead of a panic.
pub(crate) fn get<'r, T: FromSql<'r>>(row: &'r Row, column: &str) -> Result<T, DbError> {
    row.try_get(column).map_err(|e| {
        let cause = std::error::Error::source(&e).map_or(String::new(), |s| format!(": {s}"));
        DbError::Other(format!("reading catalog column {column}: {e}{cause}"))
    })
}

/// `schema.name` from the `nspname`/`<name>` columns of a row.
pub(crate) fn qual(row: &Row, schema: &str, name: &str) -> Result<QualName, DbError> {
    Ok(QualName::new(
        get::<String>(row, schema)?,
        get::<String>(row, name)?,
    ))
}

/// SQL condition: the namespace aliased `alias` is a user schema.
pub(crate) fn user_schema(alias: &str) -> String {
    format!("{alias}.nspname !~ '^pg_' AND {alias}.nspname <> 'information_schema'")
}

/// SQL condition: the object `oid_expr` of catalog `catalog` does not belong to an
/// extension.
pub(crate) fn not_extension_member(catalog: &str, oid_expr: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext \
         WHERE ext.classid = 'pg_catalog.{catalog}'::pg_catalog.regclass \
         AND ext.objid = {oid_expr} AND ext.deptype = 'e')"
    )
}

/// OIDs of what was read, for resolving dependency rows.
#[derive(Default)]
pub(crate) struct OidMap {
    /// Tables, views, sequences and indexes.
    pub(crate) relations: HashMap<u32, ObjectId>,
    /// `(table oid, attnum)` to column name.
    pub(crate) columns: HashMap<(u32, i16), String>,
    /// User types.
    pub(crate) types: HashMap<u32, ObjectId>,
    /// Functions and procedures.
    pub(crate) functions: HashMap<u32, ObjectId>,
    /// Triggers.
    pub(crate) triggers: HashMap<u32, ObjectId>,
    /// Event triggers.
    pub(crate) event_triggers: HashMap<u32, ObjectId>,
    /// Table constraints.
    pub(crate) constraints: HashMap<u32, ObjectId>,
    /// Extension members: `(kind, oid)` to extension, kind as in the dependency query.
    pub(crate) extension_members: HashMap<(char, u32), ObjectId>,
}

/// Reads everything. The caller has set up the session (transaction, `search_path`).
pub(crate) fn read_catalog(reader: &mut Reader) -> Result<Catalog, DbError> {
    let mut catalog = Catalog::default();
    let mut oids = OidMap::default();
    catalog.schemas = schemas::read(reader)?;
    catalog.extensions = extensions::read(reader, &mut oids)?;
    catalog.collations = collations::read(reader)?;
    catalog.types = types::read(reader, &mut oids)?;
    catalog.sequences = sequences::read(reader, &mut oids)?;
    catalog.tables = tables::read(reader, &mut oids)?;
    constraints::read(reader, &mut oids, &mut catalog.tables)?;
    catalog.indexes = indexes::read(reader, &mut oids)?;
    catalog.views = views::read(reader, &mut oids)?;
    catalog.functions = functions::read(reader, &mut oids)?;
    catalog.triggers = triggers::read(reader, &mut oids)?;
    catalog.event_triggers = event_triggers::read(reader, &mut oids)?;
    policies::read(reader, &oids, &mut catalog.tables)?;
    catalog.grants = grants::read(reader)?;
    catalog.dependencies = dependencies::read(reader, &oids, &catalog)?;
    catalog.unmanaged = unmanaged::read(reader)?;
    let owned = catalog
        .tables
        .iter()
        .filter_map(|(name, t)| {
            let comment = t.comment.as_deref()?;
            is_owned_marker(comment).then(|| (name.clone(), comment.to_string()))
        })
        .collect();
    catalog.set_aside_owned(owned);
    Ok(catalog)
}

/// A collation by its qualified name; the built-in ones are in `pg_catalog`.
pub(crate) fn collation_name(schema: Option<String>, name: Option<String>) -> Option<QualName> {
    let name = name?;
    Some(QualName::new(
        schema.unwrap_or_else(|| BUILTIN_COLLATIONS.into()),
        name,
    ))
}

/// The schema of the built-in collations.
pub(crate) const BUILTIN_COLLATIONS: &str = "pg_catalog";

/// SQL joins naming the collation `coll_expr` as `coll_schema`/`coll_name` columns (NULL
/// when `cond` is false).
pub(crate) fn collation_join(coll_expr: &str, cond: &str) -> String {
    format!(
        "LEFT JOIN pg_catalog.pg_collation co ON co.oid = {coll_expr} AND ({cond})
         LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace"
    )
}
