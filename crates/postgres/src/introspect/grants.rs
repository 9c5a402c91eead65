//! Privileges on tables, views, sequences, columns, functions and schemas.
//!
//! Normalisation: a NULL ACL means the built-in defaults, so it is read as
//! `acldefault(..)` (functions then show `EXECUTE` to `PUBLIC` whether or not anyone ever
//! ran a GRANT). The owner's own privileges are implicit and left out.
use super::{Reader, get, not_extension_member, qual, user_schema};
use std::collections::BTreeSet;
use strata_catalog::{Grant, ObjectId, Privilege, QualName};
use strata_execute::DbError;

fn sql() -> String {
    let user = user_schema("n");
    let rel_not_ext = not_extension_member("pg_class", "c.oid");
    let fn_not_ext = not_extension_member("pg_proc", "p.oid");
    let ns_not_ext = not_extension_member("pg_namespace", "n.oid");
    format!(
        "WITH objects AS (
           SELECT 'r'::text AS kind, c.relkind::text AS relkind, n.nspname::text AS schema,
                  c.relname::text AS name, ''::text AS sub, c.relowner AS owner,
                  COALESCE(c.relacl, pg_catalog.acldefault(
                      CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner)) AS acl
           FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND {user} AND {rel_not_ext}
           UNION ALL
           SELECT 'a', c.relkind::text, n.nspname::text, c.relname::text, a.attname::text,
                  c.relowner, a.attacl
           FROM pg_catalog.pg_attribute a
           JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
             AND c.relkind IN ('r', 'p', 'v', 'm') AND {user} AND {rel_not_ext}
           UNION ALL
           SELECT 'f', '', n.nspname::text, p.proname::text,
                  pg_catalog.pg_get_function_identity_arguments(p.oid), p.proowner,
                  COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))
           FROM pg_catalog.pg_proc p
           JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
           WHERE p.prokind IN ('f', 'p') AND {user} AND {fn_not_ext}
           UNION ALL
           SELECT 'n', '', n.nspname::text, '', '', n.nspowner,
                  COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))
           FROM pg_catalog.pg_namespace n
           WHERE {user} AND {ns_not_ext}
         )
         SELECT o.kind, o.relkind, o.schema, o.name, o.sub,
                CASE WHEN x.grantee = 0 THEN 'PUBLIC'
                     ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END AS grantee,
                x.privilege_type AS privilege, x.is_grantable AS grantable
         FROM objects o, LATERAL pg_catalog.aclexplode(o.acl) x
         WHERE x.grantee <> o.owner"
    )
}

pub(super) fn read(reader: &mut Reader) -> Result<BTreeSet<Grant>, DbError> {
    let mut grants = BTreeSet::new();
    for row in reader.rows(&sql())? {
        let kind: String = get(&row, "kind")?;
        let relkind: String = get(&row, "relkind")?;
        let sub: String = get(&row, "sub")?;
        let name = || qual(&row, "schema", "name");
        let object = match kind.as_str() {
            "n" => ObjectId::Schema(get(&row, "schema")?),
            "f" => ObjectId::Function(name()?, sub),
            "a" => ObjectId::Column(name()?, sub),
            _ => relation_id(&relkind, name()?),
        };
        grants.insert(Grant {
            object,
            grantee: get(&row, "grantee")?,
            privilege: Privilege::from_keyword(&get::<String>(&row, "privilege")?)
                .map_err(|e| DbError::Other(e.to_string()))?,
            grantable: get(&row, "grantable")?,
        });
    }
    Ok(grants)
}

fn relation_id(relkind: &str, name: QualName) -> ObjectId {
    match relkind {
        "S" => ObjectId::Sequence(name),
        "v" | "m" => ObjectId::View(name),
        _ => ObjectId::Table(name),
    }
}
