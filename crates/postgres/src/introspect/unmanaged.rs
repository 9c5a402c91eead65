//! Objects of kinds strata does not model, read in one query so that every command can
//! report them instead of leaving them out silently. Extension members and the server's
//! own objects (below `FirstNormalObjectId`, or in system schemas) are not listed.
use super::{Reader, get, not_extension_member, user_schema};
use strata_catalog::Unmanaged;
use strata_execute::DbError;

/// The first OID initdb does not use: objects below it came with the server.
const FIRST_USER_OID: u32 = 16384;

/// One branch of the query: `kind`, the catalog and its alias, the schema column (or
/// NULL), the name expression and extra conditions.
struct Branch {
    kind: &'static str,
    catalog: &'static str,
    alias: &'static str,
    schema_oid: Option<&'static str>,
    name: &'static str,
    /// Whether `name` needs the schema put in front (the `reg*` casts qualify already).
    qualify: bool,
    filter: &'static str,
}

const BRANCHES: &[Branch] = &[
    Branch {
        kind: "aggregate",
        catalog: "pg_proc",
        alias: "p",
        schema_oid: Some("p.pronamespace"),
        name: "p.oid::pg_catalog.regprocedure::text",
        qualify: false,
        filter: "p.prokind = 'a'",
    },
    Branch {
        kind: "window function",
        catalog: "pg_proc",
        alias: "p",
        schema_oid: Some("p.pronamespace"),
        name: "p.oid::pg_catalog.regprocedure::text",
        qualify: false,
        filter: "p.prokind = 'w'",
    },
    Branch {
        kind: "range type",
        catalog: "pg_type",
        alias: "t",
        schema_oid: Some("t.typnamespace"),
        name: "t.typname::text",
        qualify: true,
        filter: "t.typtype = 'r'",
    },
    Branch {
        kind: "base type",
        catalog: "pg_type",
        alias: "t",
        schema_oid: Some("t.typnamespace"),
        name: "t.typname::text",
        qualify: true,
        filter: "t.typtype = 'b' AND t.typcategory <> 'A'",
    },
    Branch {
        kind: "operator",
        catalog: "pg_operator",
        alias: "o",
        schema_oid: Some("o.oprnamespace"),
        name: "o.oid::pg_catalog.regoperator::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "operator class",
        catalog: "pg_opclass",
        alias: "oc",
        schema_oid: Some("oc.opcnamespace"),
        name: "oc.opcname || ' USING ' || (SELECT amname FROM pg_catalog.pg_am WHERE oid = oc.opcmethod)",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "operator family",
        catalog: "pg_opfamily",
        alias: "of",
        schema_oid: Some("of.opfnamespace"),
        name: "of.opfname || ' USING ' || (SELECT amname FROM pg_catalog.pg_am WHERE oid = of.opfmethod)",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "conversion",
        catalog: "pg_conversion",
        alias: "cv",
        schema_oid: Some("cv.connamespace"),
        name: "cv.conname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "text search configuration",
        catalog: "pg_ts_config",
        alias: "tc",
        schema_oid: Some("tc.cfgnamespace"),
        name: "tc.cfgname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "text search dictionary",
        catalog: "pg_ts_dict",
        alias: "td",
        schema_oid: Some("td.dictnamespace"),
        name: "td.dictname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "text search parser",
        catalog: "pg_ts_parser",
        alias: "tp",
        schema_oid: Some("tp.prsnamespace"),
        name: "tp.prsname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "text search template",
        catalog: "pg_ts_template",
        alias: "tt",
        schema_oid: Some("tt.tmplnamespace"),
        name: "tt.tmplname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "statistics",
        catalog: "pg_statistic_ext",
        alias: "st",
        schema_oid: Some("st.stxnamespace"),
        name: "st.stxname::text",
        qualify: true,
        filter: "true",
    },
    Branch {
        kind: "foreign table",
        catalog: "pg_class",
        alias: "c",
        schema_oid: Some("c.relnamespace"),
        name: "c.relname::text",
        qualify: true,
        filter: "c.relkind = 'f'",
    },
    Branch {
        kind: "rule",
        catalog: "pg_rewrite",
        alias: "r",
        schema_oid: Some("(SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = r.ev_class)"),
        name: "r.rulename || ' ON ' || r.ev_class::pg_catalog.regclass::text",
        qualify: false,
        filter: "r.rulename <> '_RETURN'",
    },
    Branch {
        kind: "cast",
        catalog: "pg_cast",
        alias: "ca",
        schema_oid: None,
        name: "'(' || ca.castsource::pg_catalog.regtype::text || ' AS ' || ca.casttarget::pg_catalog.regtype::text || ')'",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "language",
        catalog: "pg_language",
        alias: "l",
        schema_oid: None,
        name: "l.lanname::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "transform",
        catalog: "pg_transform",
        alias: "tr",
        schema_oid: None,
        name: "'FOR ' || tr.trftype::pg_catalog.regtype::text || ' LANGUAGE ' || (SELECT lanname FROM pg_catalog.pg_language WHERE oid = tr.trflang)",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "access method",
        catalog: "pg_am",
        alias: "am",
        schema_oid: None,
        name: "am.amname::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "foreign-data wrapper",
        catalog: "pg_foreign_data_wrapper",
        alias: "fdw",
        schema_oid: None,
        name: "fdw.fdwname::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "server",
        catalog: "pg_foreign_server",
        alias: "fs",
        schema_oid: None,
        name: "fs.srvname::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "publication",
        catalog: "pg_publication",
        alias: "pb",
        schema_oid: None,
        name: "pb.pubname::text",
        qualify: false,
        filter: "true",
    },
    Branch {
        kind: "subscription",
        catalog: "pg_subscription",
        alias: "sb",
        schema_oid: None,
        name: "sb.subname::text",
        qualify: false,
        filter: "sb.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())",
    },
    Branch {
        kind: "default privileges",
        catalog: "pg_default_acl",
        alias: "da",
        schema_oid: Some("NULLIF(da.defaclnamespace, 0)"),
        name: "'FOR ROLE ' || pg_catalog.pg_get_userbyid(da.defaclrole) || COALESCE(' IN SCHEMA ' || n.nspname, '') || ' ON ' || CASE da.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' ELSE da.defaclobjtype::text END",
        qualify: false,
        filter: "true",
    },
];

/// User mappings live in a view (the catalog needs superuser) with no extension tie.
const USER_MAPPINGS: &str = "SELECT 'user mapping'::text AS kind, NULL::text AS schema, \
     'FOR ' || um.usename || ' SERVER ' || um.srvname AS name \
     FROM pg_catalog.pg_user_mappings um";

fn branch_sql(b: &Branch) -> String {
    let not_ext = not_extension_member(b.catalog, &format!("{}.oid", b.alias));
    let (schema, join, user) = match b.schema_oid {
        // Default privileges for every schema have no namespace: a LEFT JOIN keeps them.
        Some(oid) => (
            "n.nspname::text".to_string(),
            format!("LEFT JOIN pg_catalog.pg_namespace n ON n.oid = {oid}"),
            format!("(n.oid IS NULL OR {})", user_schema("n")),
        ),
        None => ("NULL::text".to_string(), String::new(), "true".to_string()),
    };
    let name = match b.qualify {
        true => format!("n.nspname || '.' || {}", b.name),
        false => b.name.to_string(),
    };
    format!(
        "SELECT '{kind}'::text AS kind, {schema} AS schema, ({name})::text AS name \
         FROM pg_catalog.{catalog} {alias} {join} \
         WHERE {alias}.oid >= {FIRST_USER_OID} AND {user} AND {not_ext} AND ({filter})",
        kind = b.kind,
        catalog = b.catalog,
        alias = b.alias,
        filter = b.filter,
    )
}

/// The query: one branch per kind, `UNION ALL`.
fn query() -> String {
    let mut parts: Vec<String> = BRANCHES.iter().map(branch_sql).collect();
    parts.push(USER_MAPPINGS.to_string());
    format!("{} ORDER BY 1, 2, 3", parts.join(" UNION ALL "))
}

pub(super) fn read(reader: &mut Reader) -> Result<Vec<Unmanaged>, DbError> {
    reader
        .rows(&query())?
        .iter()
        .map(|row| {
            Ok(Unmanaged {
                kind: get(row, "kind")?,
                schema: get(row, "schema")?,
                name: get(row, "name")?,
            })
        })
        .collect()
}
