//! `statement_timeout` for the statements strata runs: it limits how long a locking
//! statement holds its lock, and leaves out the statements that take as long as the table
//! needs by design without blocking anyone (concurrent index builds, constraint
//! validation, VACUUM).
use pg_query::NodeEnum;
use pg_query::protobuf::AlterTableType;
use std::time::Duration;

/// `SET [LOCAL] statement_timeout = '..ms'` (`0`: no limit).
pub(crate) fn set_statement_timeout(timeout: Option<Duration>, local: bool) -> String {
    set_millis("statement_timeout", timeout, local)
}

/// `SET [LOCAL] lock_timeout = '..ms'` (`0`: waits).
pub(crate) fn set_lock_timeout(timeout: Option<Duration>, local: bool) -> String {
    set_millis("lock_timeout", timeout, local)
}

/// In whole milliseconds, at least 1 (`0` would mean no limit).
fn set_millis(setting: &str, timeout: Option<Duration>, local: bool) -> String {
    let ms = timeout.map_or(0, |t| t.as_millis().max(1));
    let set = if local { "SET LOCAL" } else { "SET" };
    format!("{set} {setting} = '{ms}ms'")
}

/// True for a statement a statement timeout must not cut: CREATE/DROP INDEX and REINDEX
/// CONCURRENTLY, REFRESH MATERIALIZED VIEW CONCURRENTLY, ALTER TABLE .. VALIDATE
/// CONSTRAINT, VACUUM. Text that does not parse is not exempt.
pub(crate) fn runs_long(statement: &str) -> bool {
    let Ok(parsed) = pg_query::parse(statement, 0) else {
        return false;
    };
    parsed
        .protobuf
        .stmts
        .iter()
        .filter_map(|raw| raw.stmt.as_ref().and_then(|s| s.node.as_ref()))
        .any(is_long)
}

fn is_long(node: &NodeEnum) -> bool {
    match node {
        NodeEnum::IndexStmt(s) => s.concurrent,
        NodeEnum::DropStmt(s) => s.concurrent,
        NodeEnum::ReindexStmt(s) => s.params.iter().any(|p| {
            matches!(&p.node, Some(NodeEnum::DefElem(d)) if d.defname.eq_ignore_ascii_case("concurrently"))
        }),
        NodeEnum::RefreshMatViewStmt(s) => s.concurrent,
        NodeEnum::VacuumStmt(_) => true,
        NodeEnum::AlterTableStmt(s) => s.cmds.iter().any(|c| {
            matches!(&c.node, Some(NodeEnum::AlterTableCmd(cmd))
                if cmd.subtype() == AlterTableType::AtValidateConstraint)
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_builds_and_validations_run_long() {
        assert!(runs_long("CREATE INDEX CONCURRENTLY i ON t (a)"));
        assert!(runs_long("DROP INDEX CONCURRENTLY IF EXISTS i"));
        assert!(runs_long("ALTER TABLE t VALIDATE CONSTRAINT c"));
        assert!(runs_long("VACUUM t"));
        assert!(!runs_long("CREATE INDEX i ON t (a)"));
        assert!(!runs_long(
            "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID"
        ));
        assert!(!runs_long("-- CONCURRENTLY\nSELECT pg_sleep(1)"));
    }

    #[test]
    fn timeouts_are_set_in_milliseconds() {
        assert_eq!(
            set_statement_timeout(Some(Duration::from_secs(2)), true),
            "SET LOCAL statement_timeout = '2000ms'"
        );
        assert_eq!(
            set_statement_timeout(None, false),
            "SET statement_timeout = '0ms'"
        );
    }
}
