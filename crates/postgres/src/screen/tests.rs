//! The screen as the loader sees it: whole files in, statements or a refusal out.
use super::screen;
use strata_execute::{Action, LoadRules, Refusal, Screened};

fn ok(text: &str) -> Vec<Screened> {
    screen(text, &LoadRules::default()).unwrap_or_else(|r| panic!("refused: {r:?}"))
}

fn refused(text: &str) -> Refusal {
    match screen(text, &LoadRules::default()) {
        Ok(s) => panic!("screened, expected a refusal: {s:?}"),
        Err(r) => r,
    }
}

fn actions(text: &str) -> Vec<(usize, Action)> {
    ok(text).into_iter().map(|s| (s.line, s.action)).collect()
}

#[test]
fn statements_keep_their_text_and_first_line() {
    let text = "-- tables\nCREATE TABLE a (\n  id int\n);\n\n/* two\n lines */ CREATE INDEX ON a (id);\nCOMMENT ON TABLE a IS 'x;y'";
    let screened = ok(text);
    assert_eq!(
        screened,
        [
            Screened {
                line: 2,
                text: "CREATE TABLE a (\n  id int\n)".into(),
                action: Action::Load,
                note: None,
            },
            Screened {
                line: 7,
                text: "CREATE INDEX ON a (id)".into(),
                action: Action::Load,
                note: None,
            },
            Screened {
                line: 8,
                text: "COMMENT ON TABLE a IS 'x;y'".into(),
                action: Action::Load,
                note: None,
            },
        ]
    );
}

#[test]
fn refused_statement_reports_its_own_line() {
    let mut text = String::new();
    for i in 0..11 {
        text.push_str(&format!("CREATE TABLE t{i} (a int);\n"));
    }
    text.push_str("INSERT INTO t0 VALUES (1);\n");
    let r = refused(&text);
    assert_eq!(r.line, 12);
    assert_eq!(r.message, "INSERT is not allowed in a schema file");
    assert!(r.hint.unwrap().contains("strata revision --empty -m"));
}

#[test]
fn each_refused_class_has_its_message() {
    for (text, line, message) in [
        (
            "CREATE TABLE t ();\nCOPY t FROM PROGRAM 'touch /tmp/x';",
            2,
            "COPY ... FROM PROGRAM is not allowed in a schema file",
        ),
        (
            "\n\nDROP DATABASE other;",
            3,
            "DROP DATABASE is not allowed in a schema file",
        ),
        (
            "ALTER SYSTEM SET work_mem = '1GB';",
            1,
            "ALTER SYSTEM is not allowed in a schema file",
        ),
        (
            "SELECT 1;\nSET ROLE postgres;",
            1,
            "SELECT is not allowed in a schema file",
        ),
        (
            "SET ROLE postgres;",
            1,
            "SET ROLE is not allowed in a schema file",
        ),
        (
            "CREATE TABLE t ();\n\\connect other\n",
            2,
            "psql meta-command \\connect is not allowed in a schema file",
        ),
        (
            "DO $$ BEGIN PERFORM 1; END $$;",
            1,
            "DO is not allowed in a schema file",
        ),
        (
            "CREATE EXTENSION dblink;",
            1,
            "extension dblink is not allowed in a schema file",
        ),
        ("ROLLBACK;", 1, "ROLLBACK is not allowed in a schema file"),
        (
            "CREATE SCHEMA s\n  CREATE TABLE t (a int)\n  CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION f();\nCOPY t TO '/tmp/x';",
            4,
            "COPY is not allowed in a schema file",
        ),
    ] {
        let r = refused(text);
        assert_eq!((r.line, r.message.as_str()), (line, message), "{text}");
    }
}

#[test]
fn roles_meta_commands_and_transactions_are_skipped() {
    let text = "\\restrict abc\nBEGIN;\nCREATE ROLE app_user LOGIN;\nCREATE TABLE t ();\nGRANT app_user TO bob;\nCOMMIT;\n\\unrestrict abc\n";
    let screened = ok(text);
    let skipped: Vec<(usize, &str)> = screened
        .iter()
        .filter_map(|s| match &s.action {
            Action::Skip(reason) => Some((s.line, reason.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(skipped.len(), 6, "{skipped:?}");
    assert_eq!(skipped[0].0, 1);
    assert!(skipped[0].1.contains("\\restrict"));
    assert_eq!(
        skipped[2],
        (
            3,
            "CREATE ROLE app_user: roles belong to the whole server; strata never creates or \
             changes them (create the role before loading)"
        )
    );
    assert_eq!(skipped[5].0, 7);
    let loaded: Vec<&str> = screened
        .iter()
        .filter(|s| s.action == Action::Load)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(loaded, ["CREATE TABLE t ()"]);
}

#[test]
fn pg_dump_preamble_is_settings_and_skips() {
    let text = "--\n-- PostgreSQL database dump\n--\n\n\\restrict abc\n\n\
        SET statement_timeout = 0;\nSET lock_timeout = 0;\n\
        SET idle_in_transaction_session_timeout = 0;\nSET transaction_timeout = 0;\n\
        SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\
        SELECT pg_catalog.set_config('search_path', '', false);\n\
        SET check_function_bodies = false;\nSET xmloption = content;\n\
        SET client_min_messages = warning;\nSET row_security = off;\n\n\
        SET default_tablespace = '';\nSET default_table_access_method = heap;\n\n\
        CREATE TABLE public.t (id integer NOT NULL);\n\
        SELECT pg_catalog.setval('public.t_id_seq', 1, false);\n\n\\unrestrict abc\n";
    let got = actions(text);
    let settings = got.iter().filter(|(_, a)| *a == Action::Setting).count();
    assert_eq!(settings, 13);
    assert!(matches!(got.first(), Some((5, Action::Skip(_)))));
    assert!(matches!(got.last(), Some((25, Action::Skip(_)))));
    assert_eq!(
        got.iter().filter(|(_, a)| *a == Action::Load).count(),
        2,
        "the table and setval load"
    );
}

#[test]
fn standard_conforming_strings_off_is_refused() {
    let r = refused("CREATE TABLE t ();\nSET standard_conforming_strings = off;\n");
    assert_eq!(r.line, 2);
    assert!(r.message.contains("standard_conforming_strings"));
}

#[test]
fn reset_all_turns_standard_conforming_strings_back_on() {
    let screened = ok("RESET ALL;");
    let texts: Vec<&str> = screened.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["RESET ALL", "SET standard_conforming_strings = on"]);
    assert!(screened.iter().all(|s| s.action == Action::Setting));
}

#[test]
fn materialized_view_is_loaded_with_no_data() {
    let screened = ok("CREATE MATERIALIZED VIEW m AS SELECT 1/0 AS x;");
    assert_eq!(screened[0].action, Action::Load);
    assert!(
        screened[0].text.ends_with("WITH NO DATA"),
        "{}",
        screened[0].text
    );
}

#[test]
fn add_column_default_is_split() {
    let screened = ok("ALTER TABLE t\n  ADD COLUMN c int DEFAULT f();");
    assert_eq!(screened[0].line, 1);
    assert_eq!(
        screened[0].text,
        "ALTER TABLE t ADD COLUMN c int, ALTER COLUMN c SET DEFAULT f()"
    );
}

#[test]
fn extensions_follow_the_allow_list_and_the_rules() {
    assert_eq!(actions("CREATE EXTENSION pg_trgm;")[0].1, Action::Load);
    let r = refused("CREATE EXTENSION dblink;");
    assert!(
        r.hint
            .unwrap()
            .contains("`extensions = [\"dblink\"]` under `[load]`")
    );
    let rules = LoadRules {
        extensions: vec!["dblink".into()],
        ..LoadRules::default()
    };
    let screened = screen("CREATE EXTENSION dblink;", &rules).unwrap();
    assert_eq!(screened[0].action, Action::Load);
}

#[test]
fn syntax_error_on_line_five_of_a_statement() {
    let text = "CREATE TABLE ok (a int);\n\nCREATE TABLE t (\n  a int,\n  b int,\n  c int,\n  d int int\n);\n";
    let r = refused(text);
    assert_eq!(r.line, 7, "line 5 of the statement starting on line 3");
    assert_eq!(r.message, "syntax error at or near \"int\"");
}

#[test]
fn unterminated_string_points_at_its_start() {
    let r = refused("CREATE TABLE t ();\nCOMMENT ON TABLE t IS 'never\nends;\n");
    assert_eq!(r.line, 2);
    assert!(
        r.message.contains("unterminated quoted string"),
        "{}",
        r.message
    );
}

#[test]
fn meta_command_inside_a_statement_is_a_syntax_error() {
    let r = refused("CREATE TABLE t ()\n\\gexec\n");
    assert_eq!(r.line, 2);
}

#[test]
fn messages_never_carry_control_characters() {
    let r = refused("CREATE TABLE t ();\n\\x\u{1b}[2J\n");
    assert!(!r.message.chars().any(char::is_control), "{:?}", r.message);
    let r = refused("SET \"work\u{7}mem\" = 1;");
    assert!(!r.message.chars().any(char::is_control), "{:?}", r.message);
    let skipped = ok("CREATE ROLE \"a\u{1b}b\";");
    let Action::Skip(reason) = &skipped[0].action else {
        panic!("not skipped");
    };
    assert!(!reason.chars().any(char::is_control), "{reason:?}");
}

#[test]
fn nul_bytes_are_refused() {
    assert_eq!(refused("CREATE TABLE t ();\nSELECT '\0';").line, 2);
}

#[test]
fn create_schema_elements_are_rewritten_too() {
    let screened = ok("CREATE SCHEMA s CREATE TABLE p1 PARTITION OF p FOR VALUES IN (f());");
    assert!(
        screened[0].text.contains("pg_catalog.f()"),
        "{}",
        screened[0].text
    );
}

#[test]
fn dollar_quoted_bodies_are_not_split() {
    let text = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN 1;\nEND\n$body$;\nCREATE TABLE t ();";
    let screened = ok(text);
    assert_eq!(screened.len(), 2);
    assert_eq!(screened[1].line, 6);
}

#[test]
fn copy_from_stdin_is_refused_before_its_rows() {
    let text = "CREATE TABLE t (id int, name text);\n\nCOPY public.t (id, name) FROM stdin;\n1\tone\n2\ttwo\n\\.\n\nCREATE INDEX ON t (id);\n";
    let r = refused(text);
    assert_eq!(r.line, 3);
    assert_eq!(r.message, "COPY is not allowed in a schema file");
}

#[test]
fn event_triggers_are_sent_disabled_and_their_states_deferred() {
    use strata_catalog::TriggerState;
    use strata_execute::Deferred;
    let text = "CREATE EVENT TRIGGER \"No DDL\" ON ddl_command_start\n  EXECUTE FUNCTION f() -- guard\n;\nALTER EVENT TRIGGER \"No DDL\" ENABLE ALWAYS;\nCREATE TABLE t (a int);";
    let screened = ok(text);
    let sent: Vec<&str> = screened.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        sent,
        [
            "CREATE EVENT TRIGGER \"No DDL\" ON ddl_command_start\n  EXECUTE FUNCTION f() -- guard\n;\nALTER EVENT TRIGGER \"No DDL\" DISABLE",
            "ALTER EVENT TRIGGER \"No DDL\" DISABLE",
            "CREATE TABLE t (a int)",
        ]
    );
    assert!(screened[0].note.as_deref().unwrap().contains("DISABLE"));
    let deferred = |state| {
        Action::Defer(Deferred::EventTriggerState {
            name: "No DDL".into(),
            state,
        })
    };
    assert_eq!(
        actions(text),
        [
            (1, deferred(TriggerState::Origin)),
            (4, deferred(TriggerState::Always)),
            (5, Action::Load),
        ]
    );
}
