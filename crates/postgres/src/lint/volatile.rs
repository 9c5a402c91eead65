//! Whether a default expression is volatile: evaluated once per row, so adding a column
//! with it rewrites the table even on PostgreSQL 11 and later (where a non-volatile
//! default is stored once in the catalog).
use crate::screen::text::{dotted, escape};
use pg_query::{NodeEnum, NodeRef};

/// Built-in volatile functions a default is likely to call.
const VOLATILE: &[&str] = &[
    "random",
    "random_normal",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "setval",
    "txid_current",
    "pg_current_xact_id",
];

/// The first call in `expr` that is volatile, or may be: a built-in volatile function,
/// or a function qualified with a schema other than `pg_catalog` (the script's own, of
/// unknown volatility). Unqualified other names are taken for built-ins, which are
/// mostly immutable or stable (`now()`).
pub(super) fn volatile_call(expr: &pg_query::Node) -> Option<String> {
    let node = expr.node.as_ref()?;
    let calls = node.nodes().into_iter().filter_map(|(n, ..)| match n {
        NodeRef::FuncCall(f) => Some(f),
        _ => None,
    });
    let own = match node {
        NodeEnum::FuncCall(f) => Some(f.as_ref()),
        _ => None,
    };
    own.into_iter().chain(calls).find_map(|f| {
        let name = dotted(&f.funcname);
        let (schema, bare) = name.rsplit_once('.').unwrap_or(("", &name));
        let unknown = !schema.is_empty() && schema != "pg_catalog";
        (unknown || VOLATILE.contains(&bare.to_ascii_lowercase().as_str())).then(|| escape(&name))
    })
}
