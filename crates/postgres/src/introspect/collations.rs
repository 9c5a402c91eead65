//! Collations made with `CREATE COLLATION` in user schemas.
//!
//! The definition is rebuilt from the catalog in one fixed form, whatever form created it
//! (`FROM "POSIX"`, `locale = ..`, `lc_collate = ..`): libc collations name both locale
//! categories, ICU ones their locale. The locale column moved between releases
//! (`collcollate` before 15, `colliculocale` in 15 and 16, `colllocale` from 17), so it is
//! read through `to_jsonb` by whichever name the server has.
use super::{Reader, get, not_extension_member, qual, user_schema};
use crate::render::literal;
use std::collections::BTreeMap;
use strata_catalog::{Collation, QualName};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT n.nspname::text AS schema, c.collname::text AS name,
                c.collprovider::text AS provider, c.collisdeterministic AS deterministic,
                c.collcollate::text AS lc_collate, c.collctype::text AS lc_ctype,
                COALESCE(pg_catalog.to_jsonb(c) ->> 'colllocale',
                         pg_catalog.to_jsonb(c) ->> 'colliculocale',
                         c.collcollate::text) AS icu_locale,
                pg_catalog.obj_description(c.oid, 'pg_collation') AS comment
         FROM pg_catalog.pg_collation c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
         WHERE {user} AND {not_ext}",
        user = user_schema("n"),
        not_ext = not_extension_member("pg_collation", "c.oid"),
    )
}

pub(super) fn read(reader: &mut Reader) -> Result<BTreeMap<QualName, Collation>, DbError> {
    let mut collations = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        let provider: String = get(&row, "provider")?;
        let text = |column: &str| -> Result<String, DbError> {
            Ok(literal(
                &get::<Option<String>>(&row, column)?.unwrap_or_default(),
            ))
        };
        let mut definition = if provider == "i" {
            format!("provider = icu, locale = {}", text("icu_locale")?)
        } else {
            format!(
                "provider = libc, lc_collate = {}, lc_ctype = {}",
                text("lc_collate")?,
                text("lc_ctype")?
            )
        };
        if !get::<bool>(&row, "deterministic")? {
            definition.push_str(", deterministic = false");
        }
        let collation = Collation {
            name: name.clone(),
            definition,
            comment: get(&row, "comment")?,
        };
        collations.insert(name, collation);
    }
    Ok(collations)
}
