//! Dependency edges `(dependent, referenced)` from `pg_depend`, plus the ones the other
//! queries already told us (foreign keys, index tables, sequence owners, partitions,
//! trigger and policy tables).
//!
//! One query returns raw edges as OIDs; they are resolved with the OIDs every other
//! query recorded. Edges to objects that were not read (built-ins) are dropped, and
//! references to an extension's objects become edges to the extension. Array types
//! (`mood[]`) are followed to their element type.
//!
//! Edges read from `pg_depend` (normal dependencies only):
//! - column → type (enum, domain, composite), and the same edge from the table;
//! - column default or generated expression → sequence (`nextval`) or function;
//! - view/materialized view → the tables, views, functions and types its query uses
//!   (through its `pg_rewrite` rule), and → each table column it reads;
//! - trigger → function; event trigger → function; constraint → function/referenced table and its columns;
//!   index → function;
//! - function → argument/result types; domain → base type; composite → attribute types.
use super::{OidMap, Reader, get};
use std::collections::BTreeSet;
use strata_catalog::{Catalog, ObjectId};
use strata_execute::DbError;

/// Only user objects can be referenced: OIDs below 16384 (`FirstNormalObjectId`) are the
/// server's own. A column's reference to its own table (a generated column reading
/// another column) is not an ordering constraint and is left out.
const SQL: &str = "
    WITH edges AS (
      SELECT
        CASE d.classid
          WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN 't'
          WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'f'
          WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN 'g'
          WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN 'k'
          WHEN 'pg_catalog.pg_event_trigger'::pg_catalog.regclass THEN 'e'
          ELSE 'c' END AS dep_kind,
        CASE d.classid
          WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN ad.adrelid
          WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN rw.ev_class
          ELSE d.objid END AS dep_oid,
        CASE d.classid
          WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN ad.adnum
          WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN 0
          ELSE d.objsubid END::int4 AS dep_sub,
        CASE d.refclassid
          WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'c'
          WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN 't'
          ELSE 'f' END AS ref_kind,
        CASE WHEN rt.typcategory = 'A' AND rt.typelem <> 0 THEN rt.typelem
             ELSE d.refobjid END AS ref_oid,
        d.refobjsubid::int4 AS ref_sub
      FROM pg_catalog.pg_depend d
      LEFT JOIN pg_catalog.pg_attrdef ad
        ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid
      LEFT JOIN pg_catalog.pg_rewrite rw
        ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND rw.oid = d.objid
      LEFT JOIN pg_catalog.pg_type rt
        ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = d.refobjid
      WHERE d.deptype = 'n' AND d.refobjid >= 16384
        AND d.classid IN ('pg_catalog.pg_class'::pg_catalog.regclass,
                          'pg_catalog.pg_type'::pg_catalog.regclass,
                          'pg_catalog.pg_proc'::pg_catalog.regclass,
                          'pg_catalog.pg_attrdef'::pg_catalog.regclass,
                          'pg_catalog.pg_rewrite'::pg_catalog.regclass,
                          'pg_catalog.pg_trigger'::pg_catalog.regclass,
                          'pg_catalog.pg_constraint'::pg_catalog.regclass,
                          'pg_catalog.pg_event_trigger'::pg_catalog.regclass)
        AND d.refclassid IN ('pg_catalog.pg_class'::pg_catalog.regclass,
                             'pg_catalog.pg_type'::pg_catalog.regclass,
                             'pg_catalog.pg_proc'::pg_catalog.regclass)
    )
    SELECT DISTINCT dep_kind, dep_oid, dep_sub, ref_kind, ref_oid, ref_sub FROM edges
    WHERE NOT (dep_kind = 'c' AND ref_kind = 'c' AND dep_oid = ref_oid)";

pub(super) fn read(
    reader: &mut Reader,
    oids: &OidMap,
    catalog: &Catalog,
) -> Result<BTreeSet<(ObjectId, ObjectId)>, DbError> {
    let mut edges = BTreeSet::new();
    for row in reader.rows(SQL)? {
        let dep_kind = first_char(get(&row, "dep_kind")?);
        let ref_kind = first_char(get(&row, "ref_kind")?);
        let dep_oid: u32 = get(&row, "dep_oid")?;
        let dep_sub: i32 = get(&row, "dep_sub")?;
        let dep_sub = i16::try_from(dep_sub).unwrap_or(0);
        let ref_oid: u32 = get(&row, "ref_oid")?;
        let ref_sub: i32 = get(&row, "ref_sub")?;
        let Some(referenced) = resolve_referenced(oids, ref_kind, ref_oid) else {
            continue;
        };
        let referenced_column = referenced_column(oids, &referenced, ref_oid, ref_sub);
        for dependent in resolve_dependent(oids, dep_kind, dep_oid, dep_sub, &referenced) {
            if let Some(column) = &referenced_column {
                edges.insert((dependent.clone(), column.clone()));
            }
            if dependent != referenced {
                edges.insert((dependent, referenced.clone()));
            }
        }
    }
    edges.extend(model_edges(catalog));
    Ok(edges)
}

fn first_char(s: String) -> char {
    s.chars().next().unwrap_or('?')
}

fn resolve_referenced(oids: &OidMap, kind: char, oid: u32) -> Option<ObjectId> {
    let own = match kind {
        'c' => oids.relations.get(&oid),
        't' => oids.types.get(&oid),
        _ => oids.functions.get(&oid),
    };
    own.or_else(|| oids.extension_members.get(&(kind, oid)))
        .cloned()
}

/// The column a reference points at, when it names one of a table's columns (a view
/// reading `t.name`, a foreign key's target column): the planner uses these edges to find
/// what a column type change breaks.
fn referenced_column(oids: &OidMap, referenced: &ObjectId, oid: u32, sub: i32) -> Option<ObjectId> {
    let ObjectId::Table(table) = referenced else {
        return None;
    };
    let sub = i16::try_from(sub).ok().filter(|s| *s > 0)?;
    let column = oids.columns.get(&(oid, sub))?;
    Some(ObjectId::Column(table.clone(), column.clone()))
}

/// The dependent side. A table column yields the column; when it references a type, the
/// table itself too, since the whole table cannot be created before its column types.
fn resolve_dependent(
    oids: &OidMap,
    kind: char,
    oid: u32,
    sub: i16,
    referenced: &ObjectId,
) -> Vec<ObjectId> {
    let found = match kind {
        't' => oids.types.get(&oid),
        'f' => oids.functions.get(&oid),
        'g' => oids.triggers.get(&oid),
        'k' => oids.constraints.get(&oid),
        'e' => oids.event_triggers.get(&oid),
        _ => oids.relations.get(&oid),
    };
    let Some(found) = found.cloned() else {
        return Vec::new();
    };
    match (&found, oids.columns.get(&(oid, sub))) {
        (ObjectId::Table(table), Some(column)) if kind == 'c' && sub > 0 => {
            let column_id = ObjectId::Column(table.clone(), column.clone());
            if matches!(referenced, ObjectId::Type(_) | ObjectId::Extension(_)) {
                vec![column_id, found]
            } else {
                vec![column_id]
            }
        }
        _ => vec![found],
    }
}

/// Edges that follow from the model itself.
fn model_edges(catalog: &Catalog) -> Vec<(ObjectId, ObjectId)> {
    let mut edges = Vec::new();
    let relation = |name: &strata_catalog::QualName| {
        if catalog.views.contains_key(name) {
            ObjectId::View(name.clone())
        } else {
            ObjectId::Table(name.clone())
        }
    };
    for table in catalog.tables.values() {
        let id = ObjectId::Table(table.name.clone());
        for constraint in table.constraints.values() {
            let constraint_id = ObjectId::Constraint(table.name.clone(), constraint.name.clone());
            edges.push((constraint_id.clone(), id.clone()));
            if let Some(target) = constraint.references.as_ref().map(|r| &r.table)
                && target != &table.name
            {
                edges.push((constraint_id, ObjectId::Table(target.clone())));
            }
        }
        for policy in table.policies.keys() {
            edges.push((
                ObjectId::Policy(table.name.clone(), policy.clone()),
                id.clone(),
            ));
        }
        if let Some((parent, _)) = &table.pg_options().partition_of {
            edges.push((id.clone(), ObjectId::Table(parent.clone())));
        }
    }
    for index in catalog.indexes.values() {
        edges.push((ObjectId::Index(index.name.clone()), relation(&index.table)));
    }
    for sequence in catalog.sequences.values() {
        if let Some((table, _)) = &sequence.owned_by {
            edges.push((
                ObjectId::Sequence(sequence.name.clone()),
                ObjectId::Table(table.clone()),
            ));
        }
    }
    for trigger in catalog.triggers.values() {
        edges.push((
            ObjectId::Trigger(trigger.table.clone(), trigger.name.clone()),
            relation(&trigger.table),
        ));
    }
    edges
}
