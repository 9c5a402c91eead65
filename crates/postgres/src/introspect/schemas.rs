//! Schemas: every non-system namespace, `public` included; the diff treats them alike.
use super::{Reader, get, not_extension_member, user_schema};
use std::collections::BTreeMap;
use strata_catalog::Schema;
use strata_execute::DbError;

pub(super) fn read(reader: &mut Reader) -> Result<BTreeMap<String, Schema>, DbError> {
    let sql = format!(
        "SELECT n.nspname::text AS name,
                pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
         FROM pg_catalog.pg_namespace n
         WHERE {} AND {}",
        user_schema("n"),
        not_extension_member("pg_namespace", "n.oid"),
    );
    let mut schemas = BTreeMap::new();
    for row in reader.rows(&sql)? {
        let name: String = get(&row, "name")?;
        let comment = get(&row, "comment")?;
        schemas.insert(name.clone(), Schema { name, comment });
    }
    Ok(schemas)
}
