//! Table constraints: primary key, unique, check, foreign key, exclusion.
//!
//! Left out, because the server creates them itself: constraints a partition inherits
//! from its parent (`conparentid <> 0`) and check constraints inherited from a parent
//! table (`NOT conislocal`). NOT NULL is a column property (PostgreSQL 15 keeps no
//! constraint row for it).
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{Constraint, ConstraintKind, ObjectId, QualName, Table};
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
                pg_catalog.obj_description(k.oid, 'pg_constraint') AS comment
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_catalog.pg_class fc ON k.contype = 'f' AND fc.oid = k.confrelid
         LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
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
            Some(_) => Some(qual(&row, "ref_schema", "ref_table")?),
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
        };
        table.constraints.insert(name, constraint);
    }
    Ok(())
}
