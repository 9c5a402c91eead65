//! `check` and `status` (drift) against real databases.
mod common;

use common::{Project, targets};
use strata::Source;
use strata_migrate::{CheckKind, CheckOptions, Settings, UpgradeOptions, check, status, upgrade};

fn all_checks(schema: &std::path::Path) -> CheckOptions {
    CheckOptions {
        schema: Some(Source::Files(schema.to_path_buf())),
        applied: false,
        downs: true,
        lint: None,
    }
}

fn kinds(report: &strata_migrate::CheckReport) -> Vec<CheckKind> {
    report.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn a_consistent_folder_passes_every_check() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.revision(
            "002_b",
            "bbb222",
            &["aaa111"],
            "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));",
            Some("DROP TABLE b;"),
        );
        let schema = p.root().join("schema.sql");
        std::fs::write(&schema, "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));\n").unwrap();
        let mut db = t.open();
        let report = check(
            &p.migrations(),
            Some(db.as_mut()),
            &Settings::default(),
            &all_checks(&schema),
        )
        .unwrap();
        assert!(report.passed(), "{}: {:?}", t.kind, report.findings);
        assert_eq!(report.revisions, 2);
        assert!(report.ran.contains(&CheckKind::Schema) && report.ran.contains(&CheckKind::Down));
    }
}

#[test]
fn check_lists_every_failure() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        // A down that forgets something, and a second head.
        p.revision(
            "002_b",
            "bbb222",
            &["aaa111"],
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE b2 (id INTEGER);",
            Some("DROP TABLE b;"),
        );
        p.revision(
            "003_c",
            "ccc333",
            &["aaa111"],
            "CREATE TABLE c (id INTEGER PRIMARY KEY);",
            None,
        );
        let schema = p.root().join("schema.sql");
        std::fs::write(&schema, "CREATE TABLE a (id INTEGER PRIMARY KEY);\n").unwrap();
        let mut db = t.open();
        let report = check(
            &p.migrations(),
            Some(db.as_mut()),
            &Settings::default(),
            &all_checks(&schema),
        )
        .unwrap();
        assert_eq!(
            kinds(&report),
            [
                CheckKind::Heads,
                CheckKind::Down,
                CheckKind::Down,
                CheckKind::Schema
            ],
            "{}: {:#?}",
            t.kind,
            report.findings
        );
        let text: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
        assert!(text[0].contains("bbb222, ccc333"), "{}", text[0]);
        assert!(
            text[1].contains("bbb222") && text[1].contains("b2"),
            "{}",
            text[1]
        );
        assert!(text[2].contains("no `-- strata:down`"), "{}", text[2]);
        assert!(text[3].contains("strata revision"), "{}", text[3]);
    }
}

#[test]
fn check_reports_parse_errors_and_edited_applied_files() {
    let t = common::Target::sqlite();
    let p = Project::new();
    p.table_revision("001_a", "aaa111", &[], "a");
    let s = Settings::default();
    let mut db = t.open();
    upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
    p.revision(
        "001_a",
        "aaa111",
        &[],
        "CREATE TABLE a (id BIGINT PRIMARY KEY);",
        Some("DROP TABLE a;"),
    );
    let options = CheckOptions {
        applied: true,
        ..CheckOptions::default()
    };
    let report = check(&p.migrations(), Some(db.as_mut()), &s, &options).unwrap();
    // The edited file also no longer produces the live schema.
    assert_eq!(kinds(&report), [CheckKind::Applied, CheckKind::Drift]);
    assert!(
        report.findings[0]
            .message
            .contains("edited after it was applied")
    );

    p.write(
        "002_bad",
        "-- strata:revision bbb222\n-- strata:parents nope\n-- strata:up\n",
    );
    p.write("003_worse", "-- strata:revison ccc\n");
    let report = check(&p.migrations(), None, &s, &CheckOptions::default()).unwrap();
    assert_eq!(
        kinds(&report),
        [CheckKind::Parse; 4],
        "{:#?}",
        report.findings
    );
    let messages: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            f.message
                .replace(&format!("{}/", p.migrations().display()), "")
        })
        .collect();
    assert_eq!(
        messages,
        [
            "003_worse.sql:1: unknown header `-- strata:revison` (expected revision, parents, message, depends-on, replaces, no-transaction, up, down)",
            "003_worse.sql:1: missing the `-- strata:up` line",
            "003_worse.sql:1: missing the `-- strata:revision <id>` line",
            "002_bad.sql:2: unknown parent revision `nope`",
        ]
    );
}

#[test]
fn status_reports_pending_revisions_and_drift() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        let s = Settings::default();
        let mut db = t.open();
        let st = status(db.as_mut(), &p.dir(), &s, true).unwrap();
        assert_eq!(st.pending, ["aaa111", "bbb222"]);
        assert_eq!(st.drift, Some(vec![]));
        upgrade(
            db.as_mut(),
            &p.dir(),
            &s,
            &"aaa111"
                .parse::<strata_migrate::Target>()
                .map(|target| UpgradeOptions {
                    target,
                    ..UpgradeOptions::default()
                })
                .unwrap(),
        )
        .unwrap();
        let st = status(db.as_mut(), &p.dir(), &s, true).unwrap();
        assert_eq!(st.current, ["aaa111"]);
        assert_eq!(st.pending, ["bbb222"]);
        assert_eq!(
            st.drift,
            Some(vec![]),
            "{}: the history table is not drift",
            t.kind
        );
        assert!(!st.is_clean());

        // Someone changes the database by hand.
        db.execute("CREATE TABLE sneaky (id INTEGER)").unwrap();
        let st = status(db.as_mut(), &p.dir(), &s, true).unwrap();
        let drift = st.drift.unwrap();
        assert_eq!(drift.len(), 1, "{}: {drift:?}", t.kind);
        assert!(drift[0].contains("sneaky"), "{drift:?}");
    }
}
