//! User triggers on tables and views. Internal triggers (foreign keys, ...) and the clones
//! a partition gets from its parent's trigger (`tgparentid <> 0`) are left out.
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{ObjectId, QualName, Trigger, TriggerState};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT t.oid, n.nspname::text AS schema, c.relname::text AS table_name,
                t.tgname::text AS name,
                pg_catalog.pg_get_triggerdef(t.oid) AS definition,
                t.tgenabled::text AS enabled,
                pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
         FROM pg_catalog.pg_trigger t
         JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<(QualName, String), Trigger>, DbError> {
    let mut triggers = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let table = qual(&row, "schema", "table_name")?;
        let name: String = get(&row, "name")?;
        oids.triggers.insert(
            get(&row, "oid")?,
            ObjectId::Trigger(table.clone(), name.clone()),
        );
        let trigger = Trigger {
            table: table.clone(),
            name: name.clone(),
            definition: get(&row, "definition")?,
            enabled: TriggerState::from_code(&get::<String>(&row, "enabled")?)
                .map_err(|e| DbError::Other(e.to_string()))?,
            comment: get(&row, "comment")?,
        };
        triggers.insert((table, name), trigger);
    }
    Ok(triggers)
}
