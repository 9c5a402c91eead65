//! Screening schema files before they are loaded: schema files are data, so only
//! statements that define schema objects are run.
//!
//! Each statement is classified by its leading keywords: `CREATE`/`ALTER`/`DROP` of
//! tables, indexes, views and triggers are loaded; the pragmas a schema may depend on
//! are settings; the transaction and bookkeeping statements of sqlite3's `.dump` are
//! skipped (`BEGIN`/`COMMIT`, and the `DELETE FROM sqlite_sequence` it writes for
//! AUTOINCREMENT tables); everything else (attaching files, vacuuming into them,
//! changing data, queries) is refused. The authorizer installed while loading (see
//! `database.rs`) is a second guard behind this one.
use crate::lex::{Tok, tokenize};
use strata_execute::{Action, LoadRules, Refusal, Screened};

/// Pragmas a schema file may run: they change how the statements after them load.
pub(crate) const SETTING_PRAGMAS: &[&str] = &[
    "foreign_keys",
    "defer_foreign_keys",
    "recursive_triggers",
    "encoding",
];

/// Pragmas that are skipped: they store numbers for the application, not schema.
const SKIPPED_PRAGMAS: &[&str] = &["user_version", "application_id"];

/// Words that start a SQLite statement (sqlite.org/lang.html).
const STATEMENT_KEYWORDS: &[&str] = &[
    "ALTER",
    "ANALYZE",
    "ATTACH",
    "BEGIN",
    "COMMIT",
    "CREATE",
    "DELETE",
    "DETACH",
    "DROP",
    "END",
    "EXPLAIN",
    "INSERT",
    "PRAGMA",
    "REINDEX",
    "RELEASE",
    "REPLACE",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "UPDATE",
    "VACUUM",
    "VALUES",
    "WITH",
];

const HINT: &str = "schema files may only define schema objects (CREATE/ALTER/DROP of \
                    tables, indexes, views and triggers); data changes belong in a \
                    versioned revision (`strata revision --empty -m \"...\"`)";

/// Splits `text` into statements and decides what happens to each.
pub(crate) fn screen(text: &str, _rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
    strata_sqltext::split(text)
        .into_iter()
        .map(|s| {
            let action = classify(&tokenize(&s.text)).map_err(|refused| refused.at(s.line))?;
            Ok(Screened {
                line: s.line,
                text: s.text,
                action,
                note: None,
            })
        })
        .collect()
}

/// Why a statement was refused, before its line is known.
#[derive(Debug, PartialEq, Eq)]
struct Refused {
    message: String,
    hint: Option<String>,
}

impl Refused {
    /// `<kind> is not allowed in a schema file`, with the general hint.
    fn kind(kind: &str) -> Refused {
        Refused {
            message: format!("{kind} is not allowed in a schema file"),
            hint: Some(HINT.to_string()),
        }
    }

    /// Text that is not a SQLite statement at all, worded as SQLite words it.
    fn syntax(near: Option<&Tok>) -> Refused {
        let message = match near {
            Some(tok) => format!("near \"{}\": syntax error", tok_text(tok)),
            None => "incomplete input".to_string(),
        };
        Refused {
            message,
            hint: None,
        }
    }

    fn at(self, line: usize) -> Refusal {
        Refusal {
            line,
            message: self.message,
            hint: self.hint,
        }
    }
}

fn classify(tokens: &[Tok]) -> Result<Action, Refused> {
    let word = |i: usize| match tokens.get(i) {
        Some(Tok::Word(w)) => w.to_ascii_uppercase(),
        _ => String::new(),
    };
    match word(0).as_str() {
        "CREATE" => create(tokens),
        "ALTER" if word(1) == "TABLE" => Ok(Action::Load),
        "ALTER" => Err(Refused::syntax(tokens.get(1))),
        "DROP" => match word(1).as_str() {
            "TABLE" | "INDEX" | "VIEW" | "TRIGGER" => Ok(Action::Load),
            _ => Err(Refused::syntax(tokens.get(1))),
        },
        "PRAGMA" => pragma(tokens),
        "BEGIN" | "COMMIT" | "END" => Ok(Action::Skip(
            "transaction control (sqlite3's .dump wraps everything in a transaction; strata \
             loads statement by statement)"
                .into(),
        )),
        "DELETE" if is_sequence_reset(tokens) => Ok(Action::Skip(
            "sqlite3's .dump resets AUTOINCREMENT counters here; they are data, not schema".into(),
        )),
        "VACUUM" if tokens.iter().any(|t| t.is_kw("INTO")) => Err(Refused::kind("VACUUM INTO")),
        lead if STATEMENT_KEYWORDS.contains(&lead) => Err(Refused::kind(lead)),
        _ => Err(Refused::syntax(tokens.first())),
    }
}

/// Exactly `DELETE FROM sqlite_sequence`, as sqlite3's `.dump` writes for a schema with
/// AUTOINCREMENT tables.
fn is_sequence_reset(tokens: &[Tok]) -> bool {
    matches!(tokens, [_, from, Tok::Word(table)]
        if from.is_kw("FROM") && table.eq_ignore_ascii_case("sqlite_sequence"))
}

/// A token as written (quoted identifiers without their quotes), for syntax errors.
fn tok_text(tok: &Tok) -> String {
    match tok {
        Tok::Word(s) | Tok::Ident(s) | Tok::Str(s) | Tok::Num(s) | Tok::Blob(s) | Tok::Var(s) => {
            s.clone()
        }
        Tok::Op(op) => op.to_string(),
    }
}

/// `CREATE [TEMP] TABLE|VIEW|TRIGGER`, `CREATE [UNIQUE] INDEX`, `CREATE VIRTUAL TABLE`.
fn create(tokens: &[Tok]) -> Result<Action, Refused> {
    let mut i = 1;
    if tokens
        .get(i)
        .is_some_and(|t| t.is_kw("TEMP") || t.is_kw("TEMPORARY"))
    {
        i += 1;
    }
    let object = tokens.get(i);
    let is = |kw: &str| object.is_some_and(|t| t.is_kw(kw));
    if is("TABLE") {
        if is_table_as_select(&tokens[i + 1..]) {
            return Err(Refused::kind("CREATE TABLE ... AS SELECT"));
        }
        return Ok(Action::Load);
    }
    if is("VIEW") || is("TRIGGER") {
        return Ok(Action::Load);
    }
    // Neither indexes nor virtual tables can be temporary.
    if i == 1 && is("INDEX") {
        return Ok(Action::Load);
    }
    if i == 1 && (is("UNIQUE") || is("VIRTUAL")) {
        let wanted = if is("UNIQUE") { "INDEX" } else { "TABLE" };
        return match tokens.get(2) {
            Some(t) if t.is_kw(wanted) => Ok(Action::Load),
            other => Err(Refused::syntax(other)),
        };
    }
    Err(Refused::syntax(object))
}

/// After `CREATE TABLE`: `[IF NOT EXISTS] [schema.]name AS ...` rather than `(...)`.
fn is_table_as_select(rest: &[Tok]) -> bool {
    let mut i = 0;
    if rest.first().is_some_and(|t| t.is_kw("IF")) {
        i += 3;
    }
    // The name, possibly qualified by a schema.
    i += 1;
    if rest.get(i).is_some_and(|t| t.is_op(".")) {
        i += 2;
    }
    rest.get(i).is_some_and(|t| t.is_kw("AS"))
}

/// `PRAGMA [schema.]name [= value | (value)]`.
fn pragma(tokens: &[Tok]) -> Result<Action, Refused> {
    let name_at = if tokens.get(2).is_some_and(|t| t.is_op(".")) {
        3
    } else {
        1
    };
    let name = tokens
        .get(name_at)
        .and_then(Tok::name)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if SETTING_PRAGMAS.contains(&name.as_str()) {
        return Ok(Action::Setting);
    }
    if SKIPPED_PRAGMAS.contains(&name.as_str()) {
        return Ok(Action::Skip(format!(
            "PRAGMA {name} is not part of the schema strata manages"
        )));
    }
    Err(Refused {
        message: format!("PRAGMA {name} is not allowed in a schema file"),
        hint: Some(format!(
            "the pragmas a schema file may set are {}",
            SETTING_PRAGMAS.join(", ")
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(sql: &str) -> Result<Action, String> {
        classify(&tokenize(sql)).map_err(|r| r.message)
    }

    fn refused(sql: &str) -> String {
        action(sql).expect_err(sql)
    }

    #[test]
    fn schema_objects_are_loaded() {
        for sql in [
            "CREATE TABLE t (a integer)",
            "create temp table t (a)",
            "CREATE TEMPORARY TABLE IF NOT EXISTS t (a)",
            "CREATE TABLE IF NOT EXISTS main.t (a)",
            "CREATE TABLE \"as\" (a)",
            "CREATE INDEX i ON t (a)",
            "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a)",
            "CREATE VIEW v AS SELECT 1",
            "CREATE TEMP VIEW IF NOT EXISTS v AS SELECT 1",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (1); END",
            "CREATE VIRTUAL TABLE ft USING fts5(body)",
            "ALTER TABLE t ADD COLUMN b text",
            "DROP TABLE IF EXISTS t",
            "DROP INDEX i",
            "DROP VIEW IF EXISTS v",
            "DROP TRIGGER tr",
            "/* leading comment */ -- and another\n CREATE TABLE t (a)",
        ] {
            assert_eq!(action(sql), Ok(Action::Load), "{sql}");
        }
    }

    #[test]
    fn create_table_as_select_is_refused() {
        for sql in [
            "CREATE TABLE t AS SELECT 1",
            "create temp table if not exists main.t as select * from x",
            "CREATE TABLE \"t\" AS VALUES (1)",
        ] {
            assert_eq!(
                refused(sql),
                "CREATE TABLE ... AS SELECT is not allowed in a schema file",
                "{sql}"
            );
        }
    }

    #[test]
    fn allowed_pragmas_are_settings() {
        for sql in [
            "PRAGMA foreign_keys=OFF",
            "PRAGMA main.foreign_keys = on",
            "pragma defer_foreign_keys(1)",
            "PRAGMA recursive_triggers = true",
            "PRAGMA encoding = 'UTF-8'",
            "PRAGMA \"FOREIGN_KEYS\" = 0",
        ] {
            assert_eq!(action(sql), Ok(Action::Setting), "{sql}");
        }
    }

    #[test]
    fn dump_bookkeeping_is_skipped_with_a_reason() {
        for sql in [
            "BEGIN",
            "BEGIN TRANSACTION",
            "begin immediate",
            "COMMIT",
            "END TRANSACTION",
        ] {
            let Ok(Action::Skip(reason)) = action(sql) else {
                panic!("{sql} is not skipped");
            };
            assert!(reason.contains(".dump"), "{reason}");
        }
        assert_eq!(
            action("PRAGMA user_version = 7"),
            Ok(Action::Skip(
                "PRAGMA user_version is not part of the schema strata manages".into()
            ))
        );
        assert!(matches!(
            action("PRAGMA application_id=1"),
            Ok(Action::Skip(_))
        ));
        assert!(matches!(
            action("DELETE FROM sqlite_sequence"),
            Ok(Action::Skip(_))
        ));
    }

    #[test]
    fn everything_else_is_refused_by_kind() {
        for (sql, kind) in [
            ("ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH"),
            ("attach 'x.db' as x", "ATTACH"),
            ("DETACH x", "DETACH"),
            ("VACUUM", "VACUUM"),
            ("VACUUM INTO 'copy.db'", "VACUUM INTO"),
            ("vacuum main into 'copy.db'", "VACUUM INTO"),
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("INSERT OR REPLACE INTO t VALUES (1)", "INSERT"),
            ("REPLACE INTO t VALUES (1)", "REPLACE"),
            ("UPDATE t SET a = 1", "UPDATE"),
            ("DELETE FROM t", "DELETE"),
            ("DELETE FROM sqlite_sequence WHERE name = 't'", "DELETE"),
            ("INSERT INTO sqlite_sequence VALUES ('t', 5)", "INSERT"),
            ("SELECT load_extension('x')", "SELECT"),
            ("VALUES (1)", "VALUES"),
            ("WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c", "WITH"),
            ("ANALYZE", "ANALYZE"),
            ("REINDEX t", "REINDEX"),
            ("EXPLAIN CREATE TABLE t (a)", "EXPLAIN"),
            ("ROLLBACK", "ROLLBACK"),
            ("SAVEPOINT s", "SAVEPOINT"),
            ("RELEASE s", "RELEASE"),
            ("PRAGMA writable_schema = ON", "PRAGMA writable_schema"),
            ("PRAGMA trusted_schema=1", "PRAGMA trusted_schema"),
            ("PRAGMA main.journal_mode = WAL", "PRAGMA journal_mode"),
        ] {
            assert_eq!(
                refused(sql),
                format!("{kind} is not allowed in a schema file"),
                "{sql}"
            );
        }
    }

    #[test]
    fn text_that_is_not_a_statement_is_a_syntax_error() {
        for (sql, message) in [
            ("CRATE TABLE t (a)", r#"near "CRATE": syntax error"#),
            ("CREATE TABL t (a)", r#"near "TABL": syntax error"#),
            (
                "create temp index i on t (a)",
                r#"near "index": syntax error"#,
            ),
            ("CREATE UNIQUE TABLE t (a)", r#"near "TABLE": syntax error"#),
            ("CREATE VIRTUAL VIEW v", r#"near "VIEW": syntax error"#),
            ("CREATE DATABASE x", r#"near "DATABASE": syntax error"#),
            ("DROP DATABASE x", r#"near "DATABASE": syntax error"#),
            ("ALTER DATABASE x", r#"near "DATABASE": syntax error"#),
            ("(SELECT 1)", r#"near "(": syntax error"#),
            ("CREATE", "incomplete input"),
        ] {
            assert_eq!(refused(sql), message, "{sql}");
        }
        let refusal = screen("CREATE TABL t (a);", &LoadRules::default()).unwrap_err();
        assert_eq!(refusal.hint, None, "a typo gets no lecture about revisions");
    }

    #[test]
    fn refusals_name_the_statement_line_and_hint() {
        let text =
            "PRAGMA foreign_keys=OFF;\nCREATE TABLE t (a);\n\n  ATTACH DATABASE 'x.db'\n  AS x;\n";
        let refusal = screen(text, &LoadRules::default()).unwrap_err();
        assert_eq!(refusal.line, 4);
        assert_eq!(refusal.message, "ATTACH is not allowed in a schema file");
        assert!(
            refusal
                .hint
                .unwrap()
                .contains("`strata revision --empty -m \"...\"`")
        );
        let refusal = screen("PRAGMA writable_schema=1;", &LoadRules::default()).unwrap_err();
        assert!(refusal.hint.unwrap().contains("foreign_keys"));
    }

    #[test]
    fn a_dump_screens_to_settings_skips_and_loads() {
        let dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a);\n\
                    CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; END;\nCOMMIT;\n";
        let screened = screen(dump, &LoadRules::default()).unwrap();
        let actions: Vec<(usize, &Action)> = screened.iter().map(|s| (s.line, &s.action)).collect();
        assert!(matches!(
            actions.as_slice(),
            [
                (1, Action::Setting),
                (2, Action::Skip(_)),
                (3, Action::Load),
                (4, Action::Load),
                (5, Action::Skip(_)),
            ]
        ));
    }
}
