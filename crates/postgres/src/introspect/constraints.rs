//! Table constraints: primary key, unique, check, foreign key, exclusion.
//!
//! Left out, because the server creates them itself: constraints a partition inherits
//! from its parent (`conparentid <> 0`) and check constraints inherited from a parent
//! table (`NOT conislocal`). A key a partition declares itself can still have its index
//! attached to a partitioned index of the parent; that index is read as `attached_to`.
//! NOT NULL is a column property (PostgreSQL 15 keeps no
//! constraint row for it).
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use postgres::Row;
use std::collections::BTreeMap;
use strata_catalog::{
    Constraint, ConstraintKind, ForeignKey, ForeignKeyAction, ObjectId, QualName, Table,
};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT k.oid, k.conrelid AS table_oid, k.conname::text AS name,
                k.contype::text AS kind,
                pg_catalog.pg_get_constraintdef(k.oid) AS definition,
                ARRAY(SELECT a.attname::text
                      FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                      JOIN pg_catalog.pg_attribute a
                        ON a.attrelid = k.conrelid AND a.attnum = u.attnum
                      ORDER BY u.ord) AS columns,
                fn.nspname::text AS ref_schema, fc.relname::text AS ref_table,
                ARRAY(SELECT a.attname::text
                      FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                      JOIN pg_catalog.pg_attribute a
                        ON a.attrelid = k.confrelid AND a.attnum = u.attnum
                      ORDER BY u.ord) AS ref_columns,
                k.confupdtype::text AS on_update, k.confdeltype::text AS on_delete,
                pg_catalog.obj_description(k.oid, 'pg_constraint') AS comment,
                (c.relkind = 'p' AND k.contype IN ('p', 'u', 'x')
                 AND NOT COALESCE((SELECT i.indisvalid FROM pg_catalog.pg_index i
                                   WHERE i.indexrelid = k.conindid), true)) AS only,
                pn.nspname::text AS parent_schema, pc.relname::text AS parent_index
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_catalog.pg_class fc ON k.contype = 'f' AND fc.oid = k.confrelid
         LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
         LEFT JOIN pg_catalog.pg_inherits ih
           ON k.contype IN ('p', 'u', 'x') AND ih.inhrelid = k.conindid
         LEFT JOIN pg_catalog.pg_class pc ON pc.oid = ih.inhparent
         LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', 'p')
           AND k.conislocal AND k.conparentid = 0
           AND {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
    tables: &mut BTreeMap<QualName, Table>,
) -> Result<(), DbError> {
    for row in reader.rows(&sql())? {
        let table_oid: u32 = get(&row, "table_oid")?;
        let Some(ObjectId::Table(table_name)) = oids.relations.get(&table_oid).cloned() else {
            continue;
        };
        let Some(table) = tables.get_mut(&table_name) else {
            continue;
        };
        let kind: String = get(&row, "kind")?;
        let kind = match kind.as_str() {
            "p" => ConstraintKind::PrimaryKey,
            "u" => ConstraintKind::Unique,
            "c" => ConstraintKind::Check,
            "f" => ConstraintKind::ForeignKey,
            _ => ConstraintKind::Exclusion,
        };
        let references = match get::<Option<String>>(&row, "ref_table")? {
            Some(_) => Some(foreign_key(&row)?),
            None => None,
        };
        let attached_to = match get::<Option<String>>(&row, "parent_index")? {
            Some(_) => Some(qual(&row, "parent_schema", "parent_index")?),
            None => None,
        };
        let name: String = get(&row, "name")?;
        oids.constraints.insert(
            get(&row, "oid")?,
            ObjectId::Constraint(table_name.clone(), name.clone()),
        );
        let constraint = Constraint {
            name: name.clone(),
            kind,
            definition: get(&row, "definition")?,
            columns: get(&row, "columns")?,
            references,
            comment: get(&row, "comment")?,
            only: get(&row, "only")?,
            attached_to,
        };
        table.constraints.insert(name, constraint);
    }
    Ok(())
}

fn foreign_key(row: &Row) -> Result<ForeignKey, DbError> {
    let action = |column: &str| -> Result<ForeignKeyAction, DbError> {
        ForeignKeyAction::from_code(&get::<String>(row, column)?)
            .map_err(|e| DbError::Other(e.to_string()))
    };
    Ok(ForeignKey {
        table: qual(row, "ref_schema", "ref_table")?,
        columns: get(row, "ref_columns")?,
        on_update: action("on_update")?,
        on_delete: action("on_delete")?,
    })
}
