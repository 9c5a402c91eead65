//! User-defined types: enums, domains and composite types (`CREATE TYPE .. AS (..)`, not
//! the row types every table has).
use super::{
    OidMap, Reader, collation_join, collation_name, get, not_extension_member, qual, user_schema,
};
use std::collections::BTreeMap;
use strata_catalog::{ObjectId, QualName, TypeKind, UserType};
use strata_execute::DbError;

fn sql() -> String {
    format!(
        "SELECT t.oid, t.typrelid, n.nspname::text AS schema, t.typname::text AS name,
                t.typtype::text AS kind,
                pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
                ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                      WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
                pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base,
                t.typnotnull AS not_null,
                pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,
                con.nspname::text AS coll_schema, co.collname::text AS coll_name,
                ARRAY(SELECT k.conname::text FROM pg_catalog.pg_constraint k
                      WHERE k.contypid = t.oid AND k.contype = 'c'
                      ORDER BY k.conname) AS check_names,
                ARRAY(SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k
                      WHERE k.contypid = t.oid AND k.contype = 'c'
                      ORDER BY k.conname) AS check_defs,
                ARRAY(SELECT COALESCE(pg_catalog.obj_description(k.oid, 'pg_constraint'), '')
                      FROM pg_catalog.pg_constraint k
                      WHERE k.contypid = t.oid AND k.contype = 'c'
                      ORDER BY k.conname) AS check_comments,
                ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                      ORDER BY a.attnum) AS attr_names,
                ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
                      FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                      ORDER BY a.attnum) AS attr_types
         FROM pg_catalog.pg_type t
         JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
         {collation}
         WHERE (t.typtype IN ('e', 'd')
                OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r
                                                WHERE r.oid = t.typrelid AND r.relkind = 'c')))
           AND {user} AND {not_ext}",
        collation = collation_join(
            "t.typcollation",
            "t.typtype = 'd' AND t.typcollation <> bt.typcollation"
        ),
        user = user_schema("n"),
        not_ext = not_extension_member("pg_type", "t.oid"),
    )
}

pub(super) fn read(
    reader: &mut Reader,
    oids: &mut OidMap,
) -> Result<BTreeMap<QualName, UserType>, DbError> {
    let mut types = BTreeMap::new();
    for row in reader.rows(&sql())? {
        let name = qual(&row, "schema", "name")?;
        let kind: String = get(&row, "kind")?;
        let kind = match kind.as_str() {
            "e" => TypeKind::Enum {
                labels: get(&row, "labels")?,
            },
            "d" => {
                let names: Vec<String> = get(&row, "check_names")?;
                let defs: Vec<String> = get(&row, "check_defs")?;
                let comments: Vec<String> = get(&row, "check_comments")?;
                // An empty comment is no comment: COMMENT .. IS '' removes it.
                let check_comments = names
                    .iter()
                    .cloned()
                    .zip(comments)
                    .filter(|(_, c)| !c.is_empty())
                    .collect();
                TypeKind::Domain {
                    base: get(&row, "base")?,
                    not_null: get(&row, "not_null")?,
                    default: get(&row, "default_expr")?,
                    collation: collation_name(get(&row, "coll_schema")?, get(&row, "coll_name")?),
                    checks: names.into_iter().zip(defs).collect(),
                    check_comments,
                }
            }
            _ => {
                let names: Vec<String> = get(&row, "attr_names")?;
                let types: Vec<String> = get(&row, "attr_types")?;
                TypeKind::Composite {
                    attributes: names.into_iter().zip(types).collect(),
                }
            }
        };
        let id = ObjectId::Type(name.clone());
        oids.types.insert(get(&row, "oid")?, id.clone());
        let typrelid: u32 = get(&row, "typrelid")?;
        if typrelid != 0 {
            // A composite type's attributes hang off its pg_class row in pg_depend.
            oids.relations.insert(typrelid, id);
        }
        let comment = get(&row, "comment")?;
        types.insert(
            name.clone(),
            UserType {
                name,
                kind,
                comment,
            },
        );
    }
    Ok(types)
}
