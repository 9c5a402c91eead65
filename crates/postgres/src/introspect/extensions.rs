//! Extensions, and the objects that belong to them (so dependencies on, say, a `citext`
//! column type point at the extension).
//!
//! `plpgsql` is left out: every database made from `template0` has it, so listing it
//! would only add noise.
use super::{OidMap, Reader, get};
use std::collections::BTreeMap;
use strata_catalog::{Extension, ObjectId};
use strata_execute::DbError;

const EXTENSIONS: &str = "
    SELECT x.extname::text AS name, n.nspname::text AS schema, x.extversion AS version
    FROM pg_catalog.pg_extension x
    JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
    WHERE x.extname <> 'plpgsql'";

/// Kinds match the dependency query: `c` relation, `t` type, `f` function.
const MEMBERS: &str = "
    SELECT CASE d.classid
             WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'c'
             WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN 't'
             ELSE 'f' END AS kind,
           d.objid AS oid, x.extname::text AS extension
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
    WHERE d.deptype = 'e'
      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND d.classid IN ('pg_catalog.pg_class'::pg_catalog.regclass,
                        'pg_catalog.pg_type'::pg_catalog.regclass,
                        'pg_catalog.pg_proc'::pg_catalog.regclass)
      AND x.extname <> 'plpgsql'";

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<String, Extension>, DbError> {
    let mut extensions = BTreeMap::new();
    for row in reader.rows(EXTENSIONS)? {
        let ext = Extension {
            name: get(&row, "name")?,
            schema: get(&row, "schema")?,
            version: get(&row, "version")?,
        };
        extensions.insert(ext.name.clone(), ext);
    }
    for row in reader.rows(MEMBERS)? {
        let kind: String = get(&row, "kind")?;
        let kind = kind.chars().next().unwrap_or('?');
        let oid: u32 = get(&row, "oid")?;
        let ext = ObjectId::Extension(get(&row, "extension")?);
        oids.extension_members.insert((kind, oid), ext);
    }
    Ok(extensions)
}
