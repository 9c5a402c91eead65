//! Indexes that do not back a constraint, on tables and materialized views.
//!
//! Left out: indexes behind PRIMARY KEY/UNIQUE/EXCLUDE constraints (the constraint owns
//! them). Indexes on partitions are read with the partitioned index they are attached
//! to (`pg_inherits`), so the diff can tell a partition's own index from its share of
//! the parent's.
//!
//! Normalisation: `pg_get_indexdef` renders every index on a partitioned table as
//! `CREATE INDEX .. ON ONLY parent ..`. `ONLY` is kept only while the index is invalid,
//! that is while some partition has no index attached to it: the statement without
//! `ONLY` covers every partition, and that is what a valid index is.
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{Index, ObjectId, QualName};
use strata_execute::DbError;

/// Appended to the definition of an INVALID index on a table (a failed `CREATE INDEX
/// CONCURRENTLY`); a comment, so the definition still runs.
const INVALID_MARK: &str = " /* INVALID: a failed concurrent build left it */";

fn sql() -> String {
    format!(
        "SELECT ci.oid, n.nspname::text AS schema, ci.relname::text AS name,
                tn.nspname::text AS table_schema, tc.relname::text AS table_name,
                pg_catalog.pg_get_indexdef(ci.oid) AS definition,
                i.indisunique AS is_unique, i.indisvalid AS is_valid,
                tc.relkind::text AS table_kind,
                pg_catalog.obj_description(ci.oid, 'pg_class') AS comment,
                pn.nspname::text AS parent_schema, pc.relname::text AS parent_name
         FROM pg_catalog.pg_index i
         JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
         JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
         JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
         LEFT JOIN pg_catalog.pg_inherits ih ON ih.inhrelid = ci.oid
         LEFT JOIN pg_catalog.pg_class pc ON pc.oid = ih.inhparent
         LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE tc.relkind IN ('r', 'p', 'm')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                           WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                             AND k.contype IN ('p', 'u', 'x'))
           AND {user} AND {not_ext_table} AND {not_ext_index}",
        user = user_schema("n"),
        not_ext_table = not_extension_member("pg_class", "tc.oid"),
        not_ext_index = not_extension_member("pg_class", "ci.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<QualName, Index>, DbError> {
    let mut indexes = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        oids.relations
            .insert(get(&row, "oid")?, ObjectId::Index(name.clone()));
        let table_kind: String = get(&row, "table_kind")?;
        let mut definition: String = get(&row, "definition")?;
        let valid: bool = get(&row, "is_valid")?;
        if table_kind == "p" && valid {
            definition = definition.replacen(" ON ONLY ", " ON ", 1);
        }
        if table_kind != "p" && !valid {
            // A concurrent build that failed left it: it differs from every wanted
            // index, so the next plan drops it (and builds it again when wanted).
            definition.push_str(INVALID_MARK);
        }
        let parent = match get::<Option<String>>(&row, "parent_name")? {
            Some(_) => Some(qual(&row, "parent_schema", "parent_name")?),
            None => None,
        };
        let index = Index {
            name: name.clone(),
            table: qual(&row, "table_schema", "table_name")?,
            definition,
            unique: get(&row, "is_unique")?,
            comment: get(&row, "comment")?,
            parent,
        };
        indexes.insert(name, index);
    }
    Ok(indexes)
}
