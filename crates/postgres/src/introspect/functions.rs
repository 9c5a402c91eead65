//! Functions and procedures. Aggregates and window functions are not read yet.
use super::{OidMap, Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeMap;
use strata_catalog::{Function, ObjectId, QualName};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT p.oid, n.nspname::text AS schema, p.proname::text AS name,
                pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
                p.prokind::text AS kind,
                COALESCE(pg_catalog.pg_get_function_result(p.oid), '') AS returns,
                pg_catalog.pg_get_functiondef(p.oid) AS definition,
                pg_catalog.obj_description(p.oid, 'pg_proc') AS comment,
                ARRAY(SELECT pg_catalog.format_type(a.t, NULL)
                      FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[])
                           WITH ORDINALITY AS a(t, i)
                      ORDER BY a.i) AS input_types
         FROM pg_catalog.pg_proc p
         JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE p.prokind IN ('f', 'p') AND {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_proc", "p.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<(QualName, String), Function>, DbError> {
    let mut functions = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        let identity_args: String = get(&row, "identity_args")?;
        let kind: String = get(&row, "kind")?;
        let procedure = kind == "p";
        oids.functions.insert(
            get(&row, "oid")?,
            ObjectId::Function(name.clone(), identity_args.clone()),
        );
        let function = Function {
            name: name.clone(),
            identity_args: identity_args.clone(),
            procedure,
            returns: if procedure {
                String::new()
            } else {
                get(&row, "returns")?
            },
            definition: get(&row, "definition")?,
            comment: get(&row, "comment")?,
            input_types: get(&row, "input_types")?,
        };
        functions.insert((name, identity_args), function);
    }
    Ok(functions)
}
