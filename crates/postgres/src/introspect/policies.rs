//! Row-level security policies, attached to their tables.
use super::{OidMap, Reader, get, not_extension_member, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{ObjectId, Policy, PolicyCommand, QualName, Table};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT p.polrelid AS table_oid, p.polname::text AS name,
                p.polpermissive AS permissive, p.polcmd::text AS command,
                ARRAY(SELECT CASE WHEN r = 0 THEN 'public'
                                  ELSE pg_catalog.pg_get_userbyid(r)::text END
                      FROM pg_catalog.unnest(p.polroles) r) AS roles,
                pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
                pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
                pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
         FROM pg_catalog.pg_policy p
         JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_class", "c.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &OidMap,
    tables: &mut BTreeMap<QualName, Table>,
) -> Result<(), DbError> {
    for row in reader.rows(&sql())? {
        let table_oid: u32 = get(&row, "table_oid")?;
        let Some(ObjectId::Table(table_name)) = oids.relations.get(&table_oid) else {
            continue;
        };
        let Some(table) = tables.get_mut(table_name) else {
            continue;
        };
        let command: String = get(&row, "command")?;
        let mut roles: Vec<String> = get(&row, "roles")?;
        roles.sort();
        let policy = Policy {
            name: get(&row, "name")?,
            permissive: get(&row, "permissive")?,
            command: PolicyCommand::from_code(&command)
                .map_err(|e| DbError::Other(e.to_string()))?,
            roles,
            using: get(&row, "using_expr")?,
            with_check: get(&row, "check_expr")?,
            comment: get(&row, "comment")?,
        };
        table.policies.insert(policy.name.clone(), policy);
    }
    Ok(())
}
