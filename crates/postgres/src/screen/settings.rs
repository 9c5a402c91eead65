//! Session settings a schema file may change, and the two `SELECT`s pg_dump writes:
//! `set_config(...)` (a setting) and `setval(...)` (a sequence position).
use super::kinds::{Refused, Verdict, kind_name};
use pg_query::NodeEnum as N;
use pg_query::protobuf::{AConst, FuncCall, SelectStmt, VariableSetKind, VariableSetStmt, a_const};

/// Settings that only shape how the file's statements are read or run.
const SETTINGS: &[&str] = &[
    "search_path",
    "statement_timeout",
    "lock_timeout",
    "idle_in_transaction_session_timeout",
    "transaction_timeout",
    "client_encoding",
    "standard_conforming_strings",
    "check_function_bodies",
    "xmloption",
    "client_min_messages",
    "row_security",
    "default_tablespace",
    "default_table_access_method",
    "default_with_oids",
    "escape_string_warning",
    "timezone",
    "datestyle",
    "intervalstyle",
    "extra_float_digits",
    "synchronous_commit",
];

/// `SET`, `SET LOCAL`, `RESET`.
pub(super) fn set(s: &VariableSetStmt) -> Result<Verdict, Refused> {
    let name = s.name.to_lowercase();
    match s.kind() {
        VariableSetKind::VarResetAll => Ok(Verdict::Setting),
        VariableSetKind::VarSetMulti => Err(not_allowed(&s.name)),
        VariableSetKind::VarSetValue => {
            let value = s.args.first().and_then(constant).unwrap_or_default();
            setting(&name, Some(&value))
        }
        _ => setting(&name, None),
    }
}

/// `SELECT [pg_catalog.]set_config('name', 'value', is_local)` is a setting;
/// `SELECT [pg_catalog.]setval('seq', n[, is_called])` loads; any other `SELECT` is refused.
pub(super) fn select(s: &SelectStmt) -> Result<Verdict, Refused> {
    let refused = || Refused::kind(&kind_name(&N::SelectStmt(Box::new(s.clone()))));
    let call = only_call(s).ok_or_else(refused)?;
    let args: Option<Vec<&AConst>> = call.args.iter().map(a_const).collect();
    let args = args.ok_or_else(refused)?;
    match (function_name(call), args.as_slice()) {
        (Some("set_config"), [name, value, local]) if is_bool(local) => {
            match (string(name), constant_text(value)) {
                (Some(name), Some(value)) => setting(&name.to_lowercase(), Some(&value)),
                _ => Err(refused()),
            }
        }
        (Some("setval"), [seq, n]) if string(seq).is_some() && is_integer(n) => Ok(Verdict::Load),
        (Some("setval"), [seq, n, called])
            if string(seq).is_some() && is_integer(n) && is_bool(called) =>
        {
            Ok(Verdict::Load)
        }
        _ => Err(refused()),
    }
}

/// The single function call a bare `SELECT f(...)` makes, with nothing else around it.
fn only_call(s: &SelectStmt) -> Option<&FuncCall> {
    let plain = s.distinct_clause.is_empty()
        && s.into_clause.is_none()
        && s.from_clause.is_empty()
        && s.where_clause.is_none()
        && s.group_clause.is_empty()
        && s.having_clause.is_none()
        && s.window_clause.is_empty()
        && s.values_lists.is_empty()
        && s.sort_clause.is_empty()
        && s.limit_offset.is_none()
        && s.limit_count.is_none()
        && s.locking_clause.is_empty()
        && s.with_clause.is_none()
        && s.larg.is_none()
        && s.rarg.is_none()
        && s.target_list.len() == 1;
    if !plain {
        return None;
    }
    let Some(N::ResTarget(target)) = &s.target_list[0].node else {
        return None;
    };
    match target.val.as_ref().and_then(|v| v.node.as_ref()) {
        Some(N::FuncCall(f))
            if target.indirection.is_empty()
                && f.agg_order.is_empty()
                && f.agg_filter.is_none()
                && f.over.is_none()
                && !f.agg_star
                && !f.agg_distinct
                && !f.func_variadic =>
        {
            Some(f)
        }
        _ => None,
    }
}

/// `set_config` or `setval`, bare or in `pg_catalog`.
fn function_name(call: &FuncCall) -> Option<&str> {
    let names: Vec<&str> = call
        .funcname
        .iter()
        .filter_map(|n| match &n.node {
            Some(N::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect();
    match names.as_slice() {
        [name] | ["pg_catalog", name] => Some(name),
        _ => None,
    }
}

/// Whether `name` may be set (to `value`, when one is given: `None` is `DEFAULT`/`RESET`).
fn setting(name: &str, value: Option<&str>) -> Result<Verdict, Refused> {
    if !SETTINGS.contains(&name) {
        return Err(not_allowed(name));
    }
    let value = value.map(str::to_lowercase);
    match (name, value.as_deref()) {
        ("standard_conforming_strings", Some(v)) if is_on(v) => Ok(Verdict::Setting),
        ("standard_conforming_strings", _) => Err(Refused::new(
            format!(
                "standard_conforming_strings = {} is not allowed in a schema file",
                value.as_deref().unwrap_or("DEFAULT")
            ),
            "strata reads the file with standard_conforming_strings on, and the server \
             must read string literals the same way",
        )),
        ("client_encoding", Some(v)) if !is_utf8(v) => Err(Refused::new(
            format!("client_encoding = {v} is not allowed in a schema file"),
            "schema files are read as UTF-8, and the server must read them the same way",
        )),
        ("default_with_oids", Some(v)) if !is_off(v) => Err(Refused::new(
            format!("default_with_oids = {v} is not allowed in a schema file"),
            "tables WITH OIDS no longer exist",
        )),
        _ => Ok(Verdict::Setting),
    }
}

fn not_allowed(name: &str) -> Refused {
    let what = match name.to_lowercase().as_str() {
        "role" => "SET ROLE".to_string(),
        "session_authorization" => "SET SESSION AUTHORIZATION".to_string(),
        _ if name.chars().all(|c| c.is_ascii_uppercase() || c == ' ') => format!("SET {name}"),
        _ => format!("setting {name}"),
    };
    Refused::new(
        format!("{what} is not allowed in a schema file"),
        format!(
            "schema files may only change these settings: {}",
            SETTINGS.join(", ")
        ),
    )
}

fn a_const(node: &pg_query::Node) -> Option<&AConst> {
    match &node.node {
        Some(N::AConst(c)) => Some(c),
        _ => None,
    }
}

fn constant(node: &pg_query::Node) -> Option<String> {
    a_const(node).and_then(constant_text)
}

fn constant_text(c: &AConst) -> Option<String> {
    match c.val.as_ref()? {
        a_const::Val::Sval(s) => Some(s.sval.clone()),
        a_const::Val::Ival(i) => Some(i.ival.to_string()),
        a_const::Val::Fval(f) => Some(f.fval.clone()),
        a_const::Val::Boolval(b) => Some(b.boolval.to_string()),
        a_const::Val::Bsval(_) => None,
    }
}

fn string(c: &AConst) -> Option<&str> {
    match c.val.as_ref()? {
        a_const::Val::Sval(s) => Some(&s.sval),
        _ => None,
    }
}

fn is_integer(c: &AConst) -> bool {
    match &c.val {
        Some(a_const::Val::Ival(_)) => true,
        Some(a_const::Val::Fval(f)) => f
            .fval
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn is_bool(c: &AConst) -> bool {
    matches!(c.val, Some(a_const::Val::Boolval(_)))
}

fn is_on(v: &str) -> bool {
    matches!(v, "on" | "true" | "yes" | "1" | "t" | "y")
}

fn is_off(v: &str) -> bool {
    matches!(v, "off" | "false" | "no" | "0" | "f" | "n")
}

/// PostgreSQL ignores case and punctuation in encoding names (`UTF-8`, `utf8`, `Unicode`).
fn is_utf8(v: &str) -> bool {
    let name: String = v.chars().filter(char::is_ascii_alphanumeric).collect();
    matches!(name.as_str(), "utf8" | "unicode")
}

#[cfg(test)]
mod tests {
    use super::super::kinds::judge;
    use super::*;
    use strata_execute::LoadRules;

    fn verdict(sql: &str) -> Result<Verdict, Refused> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let node = parsed.protobuf.stmts[0].stmt.clone().unwrap().node.unwrap();
        judge(&node, &LoadRules::default())
    }

    fn message(sql: &str) -> String {
        verdict(sql).unwrap_err().message
    }

    #[test]
    fn allowed_settings_are_settings() {
        for sql in [
            "SET statement_timeout = 0",
            "SET LOCAL search_path = a, b",
            "SET search_path TO DEFAULT",
            "RESET search_path",
            "RESET ALL",
            "SET client_encoding = 'UTF8'",
            "SET NAMES 'utf-8'",
            "SET standard_conforming_strings = on",
            "SET TIME ZONE 'UTC'",
            "SET default_with_oids = false",
            "SET xmloption = content",
            "SELECT pg_catalog.set_config('search_path', '', false)",
            "SELECT set_config('search_path', 'public', true)",
        ] {
            assert_eq!(verdict(sql), Ok(Verdict::Setting), "{sql}");
        }
    }

    #[test]
    fn other_settings_are_refused_by_name() {
        assert_eq!(
            message("SET ROLE admin"),
            "SET ROLE is not allowed in a schema file"
        );
        assert_eq!(
            message("SET SESSION AUTHORIZATION admin"),
            "SET SESSION AUTHORIZATION is not allowed in a schema file"
        );
        assert_eq!(
            message("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
            "SET TRANSACTION is not allowed in a schema file"
        );
        assert_eq!(
            message("SET work_mem = '1GB'"),
            "setting work_mem is not allowed in a schema file"
        );
        assert_eq!(
            message("SELECT set_config('role', 'admin', false)"),
            "SET ROLE is not allowed in a schema file"
        );
        assert_eq!(
            message("SET standard_conforming_strings = off"),
            "standard_conforming_strings = off is not allowed in a schema file"
        );
        assert!(verdict("RESET standard_conforming_strings").is_err());
        assert!(verdict("SELECT set_config('standard_conforming_strings', 'off', false)").is_err());
        assert!(verdict("SET client_encoding = 'SJIS'").is_err());
        assert!(verdict("SET default_with_oids = true").is_err());
    }

    #[test]
    fn setval_loads_but_other_selects_do_not() {
        assert_eq!(
            verdict("SELECT pg_catalog.setval('public.s', 42, true)"),
            Ok(Verdict::Load)
        );
        assert_eq!(
            verdict("SELECT setval('s', 9223372036854775807)"),
            Ok(Verdict::Load)
        );
        for sql in [
            "SELECT setval('s', f())",
            "SELECT setval('s', 1) FROM t",
            "SELECT setval('s', 1), 2",
            "SELECT public.setval('s', 1)",
            "SELECT set_config('search_path', f(), false)",
            "SELECT set_config('search_path', '', false) WHERE true",
            "SELECT f()",
        ] {
            assert_eq!(
                message(sql),
                "SELECT is not allowed in a schema file",
                "{sql}"
            );
        }
    }
}
