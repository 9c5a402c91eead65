//! Sequences, with the column that owns them (`serial`). Identity columns' internal
//! sequences (`pg_depend.deptype = 'i'`) belong to their column and are left out.
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use postgres::Row;
use std::collections::BTreeMap;
use strata_catalog::{ObjectId, QualName, Sequence, SequenceOptions};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT c.oid, n.nspname::text AS schema, c.relname::text AS name,
                pg_catalog.format_type(s.seqtypid, NULL) AS seq_type,
                s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                own_n.nspname::text AS owner_schema, own_c.relname::text AS owner_table,
                own_a.attname::text AS owner_column
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
         LEFT JOIN pg_catalog.pg_depend d
           ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND d.deptype = 'a' AND d.refobjsubid > 0
         LEFT JOIN pg_catalog.pg_class own_c ON own_c.oid = d.refobjid
         LEFT JOIN pg_catalog.pg_namespace own_n ON own_n.oid = own_c.relnamespace
         LEFT JOIN pg_catalog.pg_attribute own_a
           ON own_a.attrelid = d.refobjid AND own_a.attnum = d.refobjsubid
         WHERE c.relkind = 'S' AND {user} AND {not_ext}
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i
                           WHERE i.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                             AND i.objid = c.oid AND i.deptype = 'i')",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

/// Sequence options from the `seq_type`, `seqstart`, ... columns of a row.
pub(super) fn options(row: &Row) -> Result<SequenceOptions, DbError> {
    Ok(SequenceOptions {
        data_type: get(row, "seq_type")?,
        start: get(row, "seqstart")?,
        increment: get(row, "seqincrement")?,
        min_value: get(row, "seqmin")?,
        max_value: get(row, "seqmax")?,
        cache: get(row, "seqcache")?,
        cycle: get(row, "seqcycle")?,
    })
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<QualName, Sequence>, DbError> {
    let mut sequences = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        let owned_by = match get::<Option<String>>(&row, "owner_column")? {
            Some(column) => Some((qual(&row, "owner_schema", "owner_table")?, column)),
            None => None,
        };
        oids.relations
            .insert(get(&row, "oid")?, ObjectId::Sequence(name.clone()));
        let sequence = Sequence {
            name: name.clone(),
            options: options(&row)?,
            owned_by,
            comment: get(&row, "comment")?,
        };
        sequences.insert(name, sequence);
    }
    Ok(sequences)
}
