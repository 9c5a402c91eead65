//! Event triggers (`pg_event_trigger`): database-wide, so no schema filter applies; the
//! ones an extension made are left out with it.
use super::{OidMap, Reader, get, not_extension_member, qual};
use std::collections::BTreeMap;
use strata_catalog::{EventTrigger, EventTriggerEvent, ObjectId, TriggerState};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT e.oid, e.evtname::text AS name, e.evtevent::text AS event,
                COALESCE(e.evttags, '{{}}'::text[]) AS tags,
                n.nspname::text AS function_schema, p.proname::text AS function_name,
                e.evtenabled::text AS enabled,
                pg_catalog.obj_description(e.oid, 'pg_event_trigger') AS comment
         FROM pg_catalog.pg_event_trigger e
         JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
         JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE {not_ext}",
        not_ext = not_extension_member("pg_event_trigger", "e.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<String, EventTrigger>, DbError> {
    let unknown = |e: strata_catalog::UnknownCode| DbError::Other(e.to_string());
    let mut triggers = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name: String = get(&row, "name")?;
        oids.event_triggers
            .insert(get(&row, "oid")?, ObjectId::EventTrigger(name.clone()));
        // The server keeps the tags in the order written; the order means nothing.
        let mut tags: Vec<String> = get(&row, "tags")?;
        tags.sort();
        tags.dedup();
        let trigger = EventTrigger {
            name: name.clone(),
            event: EventTriggerEvent::from_code(&get::<String>(&row, "event")?).map_err(unknown)?,
            tags,
            function: qual(&row, "function_schema", "function_name")?,
            enabled: TriggerState::from_code(&get::<String>(&row, "enabled")?).map_err(unknown)?,
            comment: get(&row, "comment")?,
        };
        triggers.insert(name, trigger);
    }
    Ok(triggers)
}
