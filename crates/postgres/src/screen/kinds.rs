//! The allow-list by statement kind: what a schema file may do. Anything not listed here
//! is refused, so a statement kind added to PostgreSQL's grammar is refused until someone
//! decides otherwise.
use super::{code, settings};
use pg_query::NodeEnum as N;
use pg_query::protobuf::{AlterEventTrigStmt, ObjectType, RoleStmtType, TransactionStmtKind};
use strata_catalog::TriggerState;
use strata_execute::{Deferred, LoadRules};

/// What happens to a statement that may be in a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Load,
    Setting,
    Skip(String),
    Defer(Deferred),
}

/// Why a statement may not be in a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub message: String,
    pub hint: Option<String>,
}

impl Refused {
    pub(super) fn new(message: impl Into<String>, hint: impl Into<String>) -> Refused {
        Refused {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// `<KIND> is not allowed in a schema file`, with the revision hint.
    pub(super) fn kind(kind: &str) -> Refused {
        Refused::kind_because(kind, "")
    }

    /// Like [`Refused::kind`], saying first why this kind in particular is refused.
    pub(super) fn kind_because(kind: &str, why: &str) -> Refused {
        Refused::new(
            format!("{kind} is not allowed in a schema file"),
            format!("{why}{REVISION_HINT}"),
        )
    }
}

const REVISION_HINT: &str = "schema files may only define schema objects (CREATE, ALTER, \
    COMMENT, GRANT, ...); data changes and server administration belong in a versioned \
    revision (`strata revision --empty -m \"...\"`), which runs as code on the target";

/// Decides what happens to one parsed statement.
pub(super) fn judge(node: &N, rules: &LoadRules) -> Result<Verdict, Refused> {
    match node {
        N::CreateStmt(_)
        | N::IndexStmt(_)
        | N::ViewStmt(_)
        | N::CreateTrigStmt(_)
        | N::CreatePolicyStmt(_)
        | N::AlterPolicyStmt(_)
        | N::CompositeTypeStmt(_)
        | N::CreateEnumStmt(_)
        | N::AlterEnumStmt(_)
        | N::CreateRangeStmt(_)
        | N::CreateDomainStmt(_)
        | N::AlterDomainStmt(_)
        | N::CreateSeqStmt(_)
        | N::AlterSeqStmt(_)
        | N::DefineStmt(_)
        | N::CreateOpClassStmt(_)
        | N::CreateOpFamilyStmt(_)
        | N::AlterOpFamilyStmt(_)
        | N::CreateCastStmt(_)
        | N::CreateConversionStmt(_)
        | N::CreateTransformStmt(_)
        | N::CreateStatsStmt(_)
        | N::AlterStatsStmt(_)
        | N::RuleStmt(_)
        | N::AlterDefaultPrivilegesStmt(_)
        | N::AlterTableStmt(_)
        | N::AlterObjectSchemaStmt(_)
        | N::AlterFunctionStmt(_)
        | N::AlterTypeStmt(_)
        | N::AlterCollationStmt(_)
        | N::AlterTsdictionaryStmt(_)
        | N::AlterTsconfigurationStmt(_)
        | N::AlterOperatorStmt(_)
        | N::AlterObjectDependsStmt(_)
        | N::DropStmt(_)
        | N::CreateForeignServerStmt(_)
        | N::AlterForeignServerStmt(_)
        | N::CreateUserMappingStmt(_)
        | N::AlterUserMappingStmt(_)
        | N::DropUserMappingStmt(_)
        | N::CreateForeignTableStmt(_)
        | N::CreatePublicationStmt(_)
        | N::AlterPublicationStmt(_) => Ok(Verdict::Load),
        // Safe to load because the screen sends it followed by a DISABLE (see
        // `super::event_trigger_disabled`): it never fires while the files load.
        N::CreateEventTrigStmt(c) => Ok(Verdict::Defer(Deferred::EventTriggerState {
            name: c.trigname.clone(),
            state: TriggerState::Origin,
        })),
        N::AlterEventTrigStmt(a) => event_trigger_state(a),
        N::CreateSchemaStmt(s) => schema(&s.schema_elts, rules),
        N::CreateTableAsStmt(c) => create_table_as(c),
        N::CreateFunctionStmt(f) => code::function(f, rules).map(|()| Verdict::Load),
        N::CreatePlangStmt(l) => code::language(l, rules).map(|()| Verdict::Load),
        N::CreateExtensionStmt(e) => code::create_extension(e, rules).map(|()| Verdict::Load),
        N::AlterExtensionStmt(e) => code::extension(&e.extname, rules).map(|()| Verdict::Load),
        N::AlterExtensionContentsStmt(e) => {
            code::extension(&e.extname, rules).map(|()| Verdict::Load)
        }
        N::CreateFdwStmt(f) => code::wrapper(&f.fdwname, &f.func_options).map(|()| Verdict::Load),
        N::AlterFdwStmt(f) => code::wrapper(&f.fdwname, &f.func_options).map(|()| Verdict::Load),
        N::GrantStmt(g) => grant(g.objtype()),
        N::CommentStmt(c) => shared_object(c.objtype(), "COMMENT ON"),
        N::SecLabelStmt(s) => shared_object(s.objtype(), "SECURITY LABEL ON"),
        N::RenameStmt(r) => alter_shared(r.rename_type()),
        N::AlterOwnerStmt(o) => alter_shared(o.object_type()),
        N::VariableSetStmt(s) => settings::set(s),
        N::SelectStmt(s) => settings::select(s),
        N::VariableShowStmt(_) => Ok(Verdict::Skip("SHOW only displays a setting".into())),
        N::TransactionStmt(t) => transaction(t.kind()),
        other => role(other).map(Verdict::Skip).ok_or_else(|| refused(other)),
    }
}

/// `CREATE SCHEMA ... CREATE TABLE ...`: each element is judged like a statement.
fn schema(elements: &[pg_query::Node], rules: &LoadRules) -> Result<Verdict, Refused> {
    for element in elements.iter().filter_map(|n| n.node.as_ref()) {
        if judge(element, rules)? != Verdict::Load {
            return Err(refused(element));
        }
    }
    Ok(Verdict::Load)
}

/// `ALTER EVENT TRIGGER .. ENABLE|DISABLE` is sent as a DISABLE: enabled, the trigger
/// would fire on the statements loaded after it. The state is set on what is read back.
fn event_trigger_state(a: &AlterEventTrigStmt) -> Result<Verdict, Refused> {
    let state = TriggerState::from_code(&a.tgenabled).map_err(|e| Refused {
        message: e.to_string(),
        hint: None,
    })?;
    Ok(Verdict::Defer(Deferred::EventTriggerState {
        name: a.trigname.clone(),
        state,
    }))
}

fn create_table_as(c: &pg_query::protobuf::CreateTableAsStmt) -> Result<Verdict, Refused> {
    match c.query.as_ref().and_then(|q| q.node.as_ref()) {
        Some(N::ExecuteStmt(_)) => Err(Refused::kind("CREATE TABLE AS EXECUTE")),
        _ if c.is_select_into => Err(Refused::kind("SELECT ... INTO")),
        _ => Ok(Verdict::Load),
    }
}

fn transaction(kind: TransactionStmtKind) -> Result<Verdict, Refused> {
    use TransactionStmtKind as K;
    let name = match kind {
        K::TransStmtBegin | K::TransStmtStart | K::TransStmtCommit => {
            return Ok(Verdict::Skip(
                "transaction control: strata loads statements one by one".into(),
            ));
        }
        K::TransStmtRollback => "ROLLBACK",
        K::TransStmtSavepoint => "SAVEPOINT",
        K::TransStmtRelease => "RELEASE SAVEPOINT",
        K::TransStmtRollbackTo => "ROLLBACK TO SAVEPOINT",
        K::TransStmtPrepare => "PREPARE TRANSACTION",
        K::TransStmtCommitPrepared => "COMMIT PREPARED",
        K::TransStmtRollbackPrepared => "ROLLBACK PREPARED",
        K::Undefined => "transaction control",
    };
    Err(Refused::new(
        format!("{name} is not allowed in a schema file"),
        "strata loads statements one by one; BEGIN and COMMIT are skipped, other \
         transaction control would undo or split what was loaded",
    ))
}

/// Privileges on databases, tablespaces and parameters live in catalogs the whole server
/// shares.
fn grant(object: ObjectType) -> Result<Verdict, Refused> {
    let on = match object {
        ObjectType::ObjectDatabase => "DATABASE",
        ObjectType::ObjectTablespace => "TABLESPACE",
        ObjectType::ObjectParameterAcl => "PARAMETER",
        _ => return Ok(Verdict::Load),
    };
    Err(Refused::kind_because(
        &format!("GRANT ON {on}"),
        "these privileges belong to the whole server, not to the schema; ",
    ))
}

/// Comments and labels on databases, tablespaces and roles are stored for the whole
/// server; they are not part of a schema.
fn shared_object(object: ObjectType, what: &str) -> Result<Verdict, Refused> {
    match shared_name(object) {
        Some(on) => Ok(Verdict::Skip(format!(
            "{what} {on}: belongs to the whole server, not to the schema"
        ))),
        None => Ok(Verdict::Load),
    }
}

/// Renaming or re-owning a database, tablespace or subscription acts outside this
/// database; a role is skipped like every role statement.
fn alter_shared(object: ObjectType) -> Result<Verdict, Refused> {
    match object {
        ObjectType::ObjectRole => Ok(Verdict::Skip(format!("ALTER ROLE: {ROLE_REASON}"))),
        ObjectType::ObjectSubscription => Err(subscription("ALTER SUBSCRIPTION")),
        ObjectType::ObjectEventTrigger => Err(Refused::new(
            "ALTER EVENT TRIGGER .. RENAME TO / OWNER TO is not allowed in a schema file",
            "write the CREATE EVENT TRIGGER with its final name; its owner is the role \
             that loads it (event triggers belong to a superuser)",
        )),
        other => match shared_name(other) {
            Some(on) => Err(Refused::kind(&format!("ALTER {on}"))),
            None => Ok(Verdict::Load),
        },
    }
}

fn shared_name(object: ObjectType) -> Option<&'static str> {
    match object {
        ObjectType::ObjectDatabase => Some("DATABASE"),
        ObjectType::ObjectTablespace => Some("TABLESPACE"),
        ObjectType::ObjectRole => Some("ROLE"),
        _ => None,
    }
}

const ROLE_REASON: &str = "roles belong to the whole server; strata never creates or \
    changes them (create the role before loading)";

/// Why a role statement is skipped; `None` for other statements.
fn role(node: &N) -> Option<String> {
    let what = match node {
        N::CreateRoleStmt(r) => {
            let kind = match r.stmt_type() {
                RoleStmtType::RolestmtUser => "CREATE USER",
                RoleStmtType::RolestmtGroup => "CREATE GROUP",
                _ => "CREATE ROLE",
            };
            format!("{kind} {}", r.role)
        }
        N::AlterRoleStmt(r) => format!("ALTER ROLE {}", role_name(r.role.as_ref())),
        N::AlterRoleSetStmt(r) => format!("ALTER ROLE {}", role_name(r.role.as_ref())),
        N::DropRoleStmt(_) => "DROP ROLE".into(),
        N::GrantRoleStmt(g) if g.is_grant => "GRANT role".into(),
        N::GrantRoleStmt(_) => "REVOKE role".into(),
        _ => return None,
    };
    Some(format!("{what}: {ROLE_REASON}"))
}

fn role_name(role: Option<&pg_query::protobuf::RoleSpec>) -> &str {
    role.map_or("ALL", |r| {
        if r.rolename.is_empty() {
            "CURRENT_USER"
        } else {
            &r.rolename
        }
    })
}

/// The refusal for a statement kind not on the allow-list.
pub(super) fn refused(node: &N) -> Refused {
    match node {
        N::CreateSubscriptionStmt(_)
        | N::AlterSubscriptionStmt(_)
        | N::DropSubscriptionStmt(_)
        | N::ImportForeignSchemaStmt(_) => subscription(&kind_name(node)),
        _ => Refused::kind(&kind_name(node)),
    }
}

fn subscription(kind: &str) -> Refused {
    Refused::kind_because(kind, "it connects to another server; ")
}

/// The statement kind as SQL words: `COPY ... FROM PROGRAM`, `DROP DATABASE`.
pub(super) fn kind_name(node: &N) -> String {
    let name = match node {
        N::CopyStmt(c) if c.is_program && c.is_from => "COPY ... FROM PROGRAM",
        N::CopyStmt(c) if c.is_program => "COPY ... TO PROGRAM",
        N::VacuumStmt(v) if !v.is_vacuumcmd => "ANALYZE",
        N::FetchStmt(f) if f.ismove => "MOVE",
        N::SelectStmt(s) if s.into_clause.is_some() => "SELECT ... INTO",
        N::SelectStmt(s) if !s.values_lists.is_empty() => "VALUES",
        N::CreatedbStmt(_) => "CREATE DATABASE",
        N::DropdbStmt(_) => "DROP DATABASE",
        N::AlterDatabaseStmt(_)
        | N::AlterDatabaseSetStmt(_)
        | N::AlterDatabaseRefreshCollStmt(_) => "ALTER DATABASE",
        N::CreateTableSpaceStmt(_) => "CREATE TABLESPACE",
        N::DropTableSpaceStmt(_) => "DROP TABLESPACE",
        N::AlterTableSpaceOptionsStmt(_) => "ALTER TABLESPACE",
        N::AlterTableMoveAllStmt(_) => "ALTER ... ALL IN TABLESPACE",
        N::CheckPointStmt(_) => "CHECKPOINT",
        N::RefreshMatViewStmt(_) => "REFRESH MATERIALIZED VIEW",
        N::CreateEventTrigStmt(_) => "CREATE EVENT TRIGGER",
        N::AlterEventTrigStmt(_) => "ALTER EVENT TRIGGER",
        N::CreateAmStmt(_) => "CREATE ACCESS METHOD",
        N::DeclareCursorStmt(_) => "DECLARE",
        N::ClosePortalStmt(_) => "CLOSE",
        N::ConstraintsSetStmt(_) => "SET CONSTRAINTS",
        N::PlassignStmt(_) => "assignment",
        _ => return words_of(node),
    };
    name.to_string()
}

/// `AlterSystemStmt` → `ALTER SYSTEM`: the parser's node name, in words.
fn words_of(node: &N) -> String {
    let debug = format!("{node:?}");
    let variant = debug.split('(').next().unwrap_or("");
    let variant = variant.strip_suffix("Stmt").unwrap_or(variant);
    let mut out = String::new();
    for c in variant.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(sql: &str) -> N {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let stmt = parsed.protobuf.stmts[0].stmt.clone().unwrap();
        stmt.node.unwrap()
    }

    fn refusal(sql: &str) -> String {
        judge(&node(sql), &LoadRules::default())
            .unwrap_err()
            .message
    }

    #[test]
    fn kinds_read_like_sql() {
        for (sql, kind) in [
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("UPDATE t SET a = 1", "UPDATE"),
            ("DELETE FROM t", "DELETE"),
            (
                "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE",
                "MERGE",
            ),
            (
                "COPY t FROM PROGRAM 'touch /tmp/x'",
                "COPY ... FROM PROGRAM",
            ),
            ("COPY t TO '/tmp/x'", "COPY"),
            ("SELECT 1", "SELECT"),
            ("SELECT 1 INTO t2", "SELECT ... INTO"),
            ("DO $$ BEGIN END $$", "DO"),
            ("CALL p()", "CALL"),
            ("EXECUTE q", "EXECUTE"),
            ("PREPARE q AS SELECT 1", "PREPARE"),
            ("TRUNCATE t", "TRUNCATE"),
            ("LOCK t", "LOCK"),
            ("VACUUM t", "VACUUM"),
            ("ANALYZE t", "ANALYZE"),
            ("CLUSTER t", "CLUSTER"),
            ("REINDEX TABLE t", "REINDEX"),
            ("CHECKPOINT", "CHECKPOINT"),
            ("LOAD 'x'", "LOAD"),
            ("LISTEN c", "LISTEN"),
            ("NOTIFY c", "NOTIFY"),
            ("DISCARD ALL", "DISCARD"),
            ("REFRESH MATERIALIZED VIEW m", "REFRESH MATERIALIZED VIEW"),
            ("EXPLAIN SELECT 1", "EXPLAIN"),
            ("CREATE DATABASE d", "CREATE DATABASE"),
            ("DROP DATABASE d", "DROP DATABASE"),
            ("ALTER DATABASE d SET work_mem = '1GB'", "ALTER DATABASE"),
            ("ALTER DATABASE d OWNER TO x", "ALTER DATABASE"),
            ("ALTER DATABASE d RENAME TO e", "ALTER DATABASE"),
            ("ALTER SYSTEM SET work_mem = '1GB'", "ALTER SYSTEM"),
            ("CREATE TABLESPACE s LOCATION '/tmp'", "CREATE TABLESPACE"),
            ("DROP TABLESPACE s", "DROP TABLESPACE"),
            (
                "ALTER TABLESPACE s SET (seq_page_cost = 1)",
                "ALTER TABLESPACE",
            ),
            (
                "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p",
                "CREATE SUBSCRIPTION",
            ),
            ("ALTER SUBSCRIPTION s DISABLE", "ALTER SUBSCRIPTION"),
            ("DROP SUBSCRIPTION s", "DROP SUBSCRIPTION"),
            (
                "IMPORT FOREIGN SCHEMA r FROM SERVER s INTO l",
                "IMPORT FOREIGN SCHEMA",
            ),
            ("DROP OWNED BY x", "DROP OWNED"),
            ("REASSIGN OWNED BY x TO y", "REASSIGN OWNED"),
            ("SET CONSTRAINTS ALL DEFERRED", "SET CONSTRAINTS"),
            ("GRANT CONNECT ON DATABASE d TO x", "GRANT ON DATABASE"),
            ("CREATE TABLE t2 AS EXECUTE q", "CREATE TABLE AS EXECUTE"),
            ("ROLLBACK", "ROLLBACK"),
            ("SAVEPOINT s", "SAVEPOINT"),
            ("RELEASE SAVEPOINT s", "RELEASE SAVEPOINT"),
            ("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"),
            ("COMMIT PREPARED 'x'", "COMMIT PREPARED"),
            ("ROLLBACK PREPARED 'x'", "ROLLBACK PREPARED"),
        ] {
            assert_eq!(
                refusal(sql),
                format!("{kind} is not allowed in a schema file"),
                "{sql}"
            );
        }
    }

    #[test]
    fn refusals_say_why() {
        let hint = |sql| judge(&node(sql), &LoadRules::default()).unwrap_err().hint;
        assert!(
            hint("INSERT INTO t VALUES (1)")
                .unwrap()
                .contains("strata revision --empty")
        );
        assert!(
            hint("CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p")
                .unwrap()
                .contains("connects to another server")
        );
    }

    #[test]
    fn schema_statements_load() {
        for sql in [
            "CREATE TABLE t (a int)",
            "CREATE INDEX i ON t (a)",
            "CREATE VIEW v AS SELECT 1",
            "CREATE TYPE e AS ENUM ('a')",
            "CREATE SEQUENCE s",
            "COMMENT ON TABLE t IS 'x'",
            "GRANT SELECT ON t TO PUBLIC",
            "ALTER TABLE t OWNER TO x",
            "DROP TABLE t",
            "CREATE SCHEMA s CREATE TABLE t (a int) CREATE VIEW v AS SELECT 1",
            "CREATE MATERIALIZED VIEW m AS SELECT 1",
            "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int)",
            "CREATE PUBLICATION p FOR ALL TABLES",
            "COMMENT ON EVENT TRIGGER e IS 'x'",
            "DROP EVENT TRIGGER e",
        ] {
            assert_eq!(
                judge(&node(sql), &LoadRules::default()),
                Ok(Verdict::Load),
                "{sql}"
            );
        }
    }

    #[test]
    fn roles_and_transaction_control_are_skipped() {
        let skip = |sql| match judge(&node(sql), &LoadRules::default()) {
            Ok(Verdict::Skip(reason)) => reason,
            other => panic!("{sql}: {other:?}"),
        };
        assert_eq!(
            skip("CREATE ROLE app_user"),
            "CREATE ROLE app_user: roles belong to the whole server; strata never creates \
             or changes them (create the role before loading)"
        );
        assert!(skip("ALTER ROLE app SET work_mem = '1GB'").starts_with("ALTER ROLE app:"));
        assert!(skip("DROP ROLE app").starts_with("DROP ROLE:"));
        assert!(skip("GRANT app TO bob").starts_with("GRANT role:"));
        assert!(skip("ALTER ROLE app RENAME TO b").starts_with("ALTER ROLE:"));
        assert!(skip("BEGIN").starts_with("transaction control"));
        assert!(skip("START TRANSACTION").starts_with("transaction control"));
        assert!(skip("COMMIT").starts_with("transaction control"));
        assert!(skip("END").starts_with("transaction control"));
        assert!(skip("COMMENT ON DATABASE d IS 'x'").contains("whole server"));
        assert_eq!(skip("SHOW search_path"), "SHOW only displays a setting");
    }

    #[test]
    fn event_trigger_states_are_deferred_and_renames_refused() {
        let rules = LoadRules::default();
        for (sql, state) in [
            (
                "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()",
                TriggerState::Origin,
            ),
            ("ALTER EVENT TRIGGER e ENABLE", TriggerState::Origin),
            (
                "ALTER EVENT TRIGGER e ENABLE REPLICA",
                TriggerState::Replica,
            ),
            ("ALTER EVENT TRIGGER e ENABLE ALWAYS", TriggerState::Always),
            ("ALTER EVENT TRIGGER e DISABLE", TriggerState::Disabled),
        ] {
            assert_eq!(
                judge(&node(sql), &rules),
                Ok(Verdict::Defer(Deferred::EventTriggerState {
                    name: "e".into(),
                    state
                })),
                "{sql}"
            );
        }
        for sql in [
            "ALTER EVENT TRIGGER e RENAME TO f",
            "ALTER EVENT TRIGGER e OWNER TO app",
        ] {
            let r = judge(&node(sql), &rules).unwrap_err();
            assert!(r.message.starts_with("ALTER EVENT TRIGGER"), "{sql}: {r:?}");
            assert!(r.hint.unwrap().contains("final name"), "{sql}");
        }
    }

    #[test]
    fn schema_elements_are_judged_too() {
        let rules = LoadRules::default();
        assert!(judge(&node("CREATE SCHEMA s GRANT SELECT ON t TO PUBLIC"), &rules).is_ok());
        assert!(judge(&node("CREATE SCHEMA s CREATE TABLE t (a int)"), &rules).is_ok());
    }
}
