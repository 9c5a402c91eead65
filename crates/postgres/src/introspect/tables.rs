//! Tables (plain and partitioned, partitions included) and their columns.
//!
//! Normalisation:
//! - Defaults are read only for plain columns: an identity column has no default, and a
//!   generated column's expression goes to `generated`.
//! - A column's collation is kept only when it differs from its type's default.
//! - Partitions list all their columns, inherited ones too, as the server stores them.
//! - Storage parameters of the table's TOAST table join its own with a `toast.` prefix,
//!   the form `WITH (..)` and `ALTER TABLE .. SET (..)` take.
use super::{
    OidMap, Reader, collation_join, collation_name, get, not_extension_member, qual, sequences,
    user_schema,
};
use postgres::Row;
use std::collections::{BTreeMap, HashMap};
use strata_catalog::{Column, Identity, ObjectId, PgTable, QualName, Table, TableExt};
use strata_execute::DbError;

fn tables_sql() -> String {
    format!(
        "SELECT c.oid, n.nspname::text AS schema, c.relname::text AS name,
                c.relpersistence::text AS persistence,
                (COALESCE(c.reloptions, '{{}}')
                 || ARRAY(SELECT 'toast.' || o
                          FROM pg_catalog.unnest(tc.reloptions) o))::text[] AS reloptions,
                CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END
                  AS partition_key,
                pn.nspname::text AS parent_schema, pc.relname::text AS parent_name,
                CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END
                  AS partition_bound,
                c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced,
                pg_catalog.obj_description(c.oid, 'pg_class') AS comment
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
         LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
         LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
         LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE c.relkind IN ('r', 'p') AND {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

fn columns_sql() -> String {
    format!(
        "SELECT a.attrelid AS table_oid, a.attnum, a.attname::text AS name,
                pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
                a.attnotnull AS not_null,
                CASE WHEN a.attidentity = '' AND a.attgenerated = ''
                     THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
                CASE WHEN a.attgenerated = 's'
                     THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
                a.attidentity::text AS identity,
                con.nspname::text AS coll_schema, co.collname::text AS coll_name,
                pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
                pg_catalog.format_type(s.seqtypid, NULL) AS seq_type,
                s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                dseq.seq_schema, dseq.seq_name
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         {collation}
         LEFT JOIN (pg_catalog.pg_depend sd
                    JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid)
           ON a.attidentity <> ''
          AND sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'i'
         -- The sequence a plain default draws from (`nextval('s'::regclass)` records a
         -- dependency of the pg_attrdef entry on it); the first by name if it uses several.
         LEFT JOIN LATERAL (
             SELECT dn.nspname::text AS seq_schema, dc.relname::text AS seq_name
             FROM pg_catalog.pg_depend dd
             JOIN pg_catalog.pg_class dc ON dc.oid = dd.refobjid AND dc.relkind = 'S'
             JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
             WHERE dd.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
               AND dd.objid = ad.oid
               AND dd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
             ORDER BY dn.nspname, dc.relname
             LIMIT 1
         ) dseq ON a.attidentity = '' AND a.attgenerated = ''
         WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
           AND {user} AND {not_ext}
         ORDER BY a.attrelid, a.attnum",
        collation = collation_join("a.attcollation", "a.attcollation <> t.typcollation"),
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

/// Reads tables and their columns (two queries).
pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<QualName, Table>, DbError> {
    let mut by_oid: HashMap<u32, Table> = HashMap::new();
    for row in reader.rows(&tables_sql())? {
        let table = table(&row)?;
        let oid: u32 = get(&row, "oid")?;
        oids.relations
            .insert(oid, ObjectId::Table(table.name.clone()));
        by_oid.insert(oid, table);
    }
    for row in reader.rows(&columns_sql())? {
        let oid: u32 = get(&row, "table_oid")?;
        let Some(table) = by_oid.get_mut(&oid) else {
            continue;
        };
        let column = column(&row)?;
        oids.columns
            .insert((oid, get(&row, "attnum")?), column.name.clone());
        table.columns.push(column);
    }
    Ok(by_oid.into_values().map(|t| (t.name.clone(), t)).collect())
}

fn table(row: &Row) -> Result<Table, DbError> {
    let persistence: String = get(row, "persistence")?;
    let partition_of = match get::<Option<String>>(row, "partition_bound")? {
        Some(bound) => Some((qual(row, "parent_schema", "parent_name")?, bound)),
        None => None,
    };
    Ok(Table {
        name: qual(row, "schema", "name")?,
        columns: Vec::new(),
        constraints: BTreeMap::new(),
        comment: get(row, "comment")?,
        ext: TableExt::Postgres(PgTable {
            unlogged: persistence == "u",
            reloptions: get(row, "reloptions")?,
            partition_key: get(row, "partition_key")?,
            partition_of,
            rls_enabled: get(row, "rls_enabled")?,
            rls_forced: get(row, "rls_forced")?,
        }),
        policies: BTreeMap::new(),
    })
}

fn column(row: &Row) -> Result<Column, DbError> {
    let identity: String = get(row, "identity")?;
    let identity = match identity.as_str() {
        "a" | "d" => Some(Identity {
            always: identity == "a",
            options: sequences::options(row)?,
        }),
        _ => None,
    };
    Ok(Column {
        name: get(row, "name")?,
        data_type: get(row, "data_type")?,
        not_null: get(row, "not_null")?,
        default: get(row, "default_expr")?,
        default_sequence: match get::<Option<String>>(row, "seq_name")? {
            Some(_) => Some(qual(row, "seq_schema", "seq_name")?),
            None => None,
        },
        collation: collation_name(get(row, "coll_schema")?, get(row, "coll_name")?),
        identity,
        generated: get(row, "generated")?,
        comment: get(row, "comment")?,
    })
}
