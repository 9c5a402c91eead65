//! Views and materialized views, with their output columns.
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{ObjectId, QualName, View};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT c.oid, n.nspname::text AS schema, c.relname::text AS name,
                c.relkind::text AS kind,
                pg_catalog.pg_get_viewdef(c.oid) AS definition,
                COALESCE(c.reloptions, '{{}}')::text[] AS options,
                pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                      ORDER BY a.attnum) AS column_names,
                ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
                      FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                      ORDER BY a.attnum) AS column_types
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('v', 'm') AND {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<QualName, View>, DbError> {
    let mut views = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        oids.relations
            .insert(get(&row, "oid")?, ObjectId::View(name.clone()));
        let kind: String = get(&row, "kind")?;
        let names: Vec<String> = get(&row, "column_names")?;
        let types: Vec<String> = get(&row, "column_types")?;
        let view = View {
            name: name.clone(),
            definition: get(&row, "definition")?,
            materialized: kind == "m",
            columns: names.into_iter().zip(types).collect(),
            options: get(&row, "options")?,
            comment: get(&row, "comment")?,
        };
        views.insert(name, view);
    }
    Ok(views)
}
