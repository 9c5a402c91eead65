//! upgrade, downgrade, stamp, resolve and repair against real SQLite files and PostgreSQL.
mod common;

use common::{Project, has_table, scalar, targets};
use strata_migrate::{
    Direction, Error, HistoryTable, Resolution, Settings, Target, UpgradeOptions, current,
    downgrade, repair, resolve, stamp, upgrade,
};

fn target(s: &str) -> Target {
    s.parse().unwrap()
}

fn up_to(s: &str) -> UpgradeOptions {
    UpgradeOptions {
        target: target(s),
        ..UpgradeOptions::default()
    }
}

/// a → b → c, each creating one table.
fn chain(p: &Project) {
    p.table_revision("001_a", "aaa111", &[], "a");
    p.table_revision("002_b", "bbb222", &["aaa111"], "b");
    p.table_revision("003_c", "ccc333", &["bbb222"], "c");
}

fn ids(steps: &[strata_migrate::StepReport]) -> Vec<&str> {
    steps.iter().map(|s| s.revision.as_str()).collect()
}

#[test]
fn upgrade_applies_pending_revisions_once_and_records_them() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let dir = p.dir();
        let settings = Settings::default();
        let mut db = t.open();
        let report = upgrade(db.as_mut(), &dir, &settings, &UpgradeOptions::default()).unwrap();
        assert_eq!(
            ids(&report.steps),
            ["aaa111", "bbb222", "ccc333"],
            "{}",
            t.kind
        );
        assert!(report.before.is_empty());
        assert_eq!(report.after, ["ccc333"]);
        assert!(
            report
                .steps
                .iter()
                .all(|s| s.transactional && s.statements == 1)
        );
        for table in ["a", "b", "c"] {
            assert!(has_table(db.as_mut(), table), "{}: {table}", t.kind);
        }

        // Running again does nothing.
        let again = upgrade(db.as_mut(), &dir, &settings, &UpgradeOptions::default()).unwrap();
        assert!(again.steps.is_empty());
        assert_eq!(again.before, ["ccc333"]);

        // The history row has everything the spec asks for.
        let rows = HistoryTable::new("strata_history")
            .read(db.as_mut())
            .unwrap();
        assert_eq!(rows.len(), 3);
        let row = &rows[1];
        assert_eq!(row.revision, "bbb222");
        assert_eq!(row.parents, ["aaa111"]);
        assert_eq!(row.direction, Direction::Up);
        assert_eq!(row.success, Some(true));
        assert_eq!(
            row.checksum.as_deref(),
            Some(dir.get("bbb222").unwrap().checksum.as_str())
        );
        assert!(
            row.finished_at.is_some() && row.duration_ms.is_some(),
            "{row:?}"
        );
        assert!(row.applied_by.contains('@'));
        assert!(row.tool_version.starts_with("strata "));
        assert_eq!(
            row.down_sql.as_deref().map(str::trim),
            Some("DROP TABLE b;")
        );

        let cur = current(db.as_mut(), &dir, &settings).unwrap();
        assert_eq!(cur.revisions, ["ccc333"]);
    }
}

#[test]
fn relative_and_named_targets() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let dir = p.dir();
        let s = Settings::default();
        let mut db = t.open();
        let r = upgrade(db.as_mut(), &dir, &s, &up_to("+1")).unwrap();
        assert_eq!(ids(&r.steps), ["aaa111"]);
        let r = upgrade(db.as_mut(), &dir, &s, &up_to("bbb")).unwrap();
        assert_eq!(ids(&r.steps), ["bbb222"]);
        let r = downgrade(db.as_mut(), &dir, &s, &target("-1")).unwrap();
        assert_eq!(ids(&r.steps), ["bbb222"]);
        assert_eq!(r.steps[0].direction, Direction::Down);
        assert!(!has_table(db.as_mut(), "b"));
        upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        let r = downgrade(db.as_mut(), &dir, &s, &target("aaa111")).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333", "bbb222"]);
        assert_eq!(r.after, ["aaa111"]);
        let r = downgrade(db.as_mut(), &dir, &s, &target("base")).unwrap();
        assert_eq!(ids(&r.steps), ["aaa111"]);
        assert!(r.after.is_empty());
        assert!(!has_table(db.as_mut(), "a"), "{}", t.kind);
    }
}

#[test]
fn a_failure_in_the_middle_keeps_earlier_revisions_and_records_the_failure() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.revision(
            "002_b",
            "bbb222",
            &["aaa111"],
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);",
            Some("DROP TABLE b;"),
        );
        p.table_revision("003_c", "ccc333", &["bbb222"], "c");
        let dir = p.dir();
        let s = Settings::default();
        let mut db = t.open();
        let err = upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap_err();
        let Error::StepFailed(f) = &err else {
            panic!("{}: expected a step failure, got {err}", t.kind)
        };
        assert_eq!(f.revision, "bbb222");
        assert_eq!(f.path, p.path("002_b"));
        assert_eq!(f.line, 6, "{}: {err}", t.kind);
        assert_eq!(f.statement, "INSERT INTO nowhere VALUES (1)");
        assert!(f.transactional);
        assert_eq!(f.completed, ["aaa111"]);
        let text = err.to_string();
        assert!(
            text.contains("upgrade of revision bbb222 failed at ") && text.contains("002_b.sql:6"),
            "{text}"
        );

        // a stays, b was rolled back with its history row, c never ran.
        assert!(has_table(db.as_mut(), "a"));
        assert!(!has_table(db.as_mut(), "b"), "{}", t.kind);
        assert!(!has_table(db.as_mut(), "c"));
        let rows = HistoryTable::new("strata_history")
            .read(db.as_mut())
            .unwrap();
        let last = rows.last().unwrap();
        assert_eq!(
            (last.revision.as_str(), last.success),
            ("bbb222", Some(false))
        );
        assert!(
            last.error.as_deref().unwrap_or("").contains("nowhere"),
            "{last:?}"
        );
        assert_eq!(
            current(db.as_mut(), &dir, &s).unwrap().revisions,
            ["aaa111"]
        );

        // Fixing the (never applied) file lets the upgrade finish.
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        let r = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["bbb222", "ccc333"]);
    }
}

#[test]
fn edited_applied_files_are_refused_until_repaired() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let s = Settings::default();
        let mut db = t.open();
        upgrade(db.as_mut(), &p.dir(), &s, &up_to("bbb222")).unwrap();

        // Line endings and trailing blanks are not edits.
        let text = std::fs::read_to_string(p.path("001_a")).unwrap();
        std::fs::write(
            p.path("001_a"),
            format!("{}\n\n", text.replace('\n', "  \r\n")),
        )
        .unwrap();
        upgrade(db.as_mut(), &p.dir(), &s, &up_to("bbb222")).unwrap();

        p.revision(
            "002_b",
            "bbb222",
            &["aaa111"],
            "CREATE TABLE b (id BIGINT PRIMARY KEY);",
            Some("DROP TABLE b;"),
        );
        let err = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
        let Error::ChecksumMismatch(m) = &err else {
            panic!("{err}")
        };
        assert_eq!(m[0].revision, "bbb222");
        assert!(err.to_string().contains("strata repair"), "{err}");
        assert!(!has_table(db.as_mut(), "c"));

        let r = repair(db.as_mut(), &p.dir(), &s, "bbb222").unwrap();
        assert!(r.changed);
        assert_eq!(r.new, p.dir().get("bbb222").unwrap().checksum.as_str());
        assert!(!repair(db.as_mut(), &p.dir(), &s, "bbb222").unwrap().changed);
        assert!(matches!(
            repair(db.as_mut(), &p.dir(), &s, "ccc333"),
            Err(Error::NotApplied(_))
        ));
        let r = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333"], "{}", t.kind);
    }
}

#[test]
fn stamp_records_without_running() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let dir = p.dir();
        let s = Settings::default();
        let mut db = t.open();
        let r = stamp(db.as_mut(), &dir, &s, &target("bbb222")).unwrap();
        assert_eq!(ids(&r.steps), ["aaa111", "bbb222"]);
        assert!(!has_table(db.as_mut(), "a"), "stamp runs nothing");
        assert_eq!(
            current(db.as_mut(), &dir, &s).unwrap().revisions,
            ["bbb222"]
        );
        let r = upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333"]);
        let r = stamp(db.as_mut(), &dir, &s, &target("aaa111")).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333", "bbb222"]);
        assert!(r.steps.iter().all(|s| s.direction == Direction::Down));
        assert!(has_table(db.as_mut(), "c"), "stamp runs nothing");
        stamp(db.as_mut(), &dir, &s, &target("base")).unwrap();
        assert!(current(db.as_mut(), &dir, &s).unwrap().revisions.is_empty());
    }
}

#[test]
fn irreversible_revisions_refuse_to_downgrade_before_anything_runs() {
    for t in targets() {
        let p = Project::new();
        p.revision(
            "001_a",
            "aaa111",
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            None,
        );
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        let dir = p.dir();
        let s = Settings::default();
        let mut db = t.open();
        upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        let err = downgrade(db.as_mut(), &dir, &s, &target("base")).unwrap_err();
        assert!(
            matches!(&err, Error::Irreversible { revision, .. } if revision == "aaa111"),
            "{err}"
        );
        assert!(has_table(db.as_mut(), "b"), "nothing ran");
    }
}

#[test]
fn several_heads_refuse_upgrade_head_and_say_how_to_merge() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        p.table_revision("003_c", "ccc333", &["aaa111"], "c");
        let s = Settings::default();
        let mut db = t.open();
        let err = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
        assert!(matches!(&err, Error::MultipleHeads(h) if h == &["bbb222", "ccc333"]));
        assert!(err.to_string().contains("strata merge"), "{err}");
        assert!(!has_table(db.as_mut(), "a"));
        // A merge revision joins them.
        p.revision("004_m", "mmm444", &["bbb222", "ccc333"], "", Some(""));
        let r = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(
            ids(&r.steps),
            ["aaa111", "bbb222", "ccc333", "mmm444"],
            "{}",
            t.kind
        );
        assert_eq!(r.after, ["mmm444"]);
    }
}

#[test]
fn a_failed_no_transaction_revision_makes_the_database_dirty_until_resolved() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.write(
            "002_b",
            "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:no-transaction\n-- strata:up\n\
             CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n-- strata:down\nDROP TABLE b;\n",
        );
        p.table_revision("003_c", "ccc333", &["bbb222"], "c");
        let s = Settings::default();
        let mut db = t.open();
        let err = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
        let Error::StepFailed(f) = &err else {
            panic!("{err}")
        };
        assert!(!f.transactional);
        assert!(err.to_string().contains("marked dirty"), "{err}");
        // Half of b happened.
        assert!(has_table(db.as_mut(), "b"), "{}", t.kind);

        let err = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
        assert!(
            matches!(&err, Error::Dirty { revision, .. } if revision == "bbb222"),
            "{err}"
        );
        assert!(err.to_string().contains("strata resolve bbb222"), "{err}");
        let cur = current(db.as_mut(), &p.dir(), &s).unwrap();
        assert_eq!(cur.dirty.map(|d| d.revision), Some("bbb222".to_string()));
        assert!(matches!(
            resolve(db.as_mut(), &p.dir(), &s, "aaa111", Resolution::Applied),
            Err(Error::NotDirty(_))
        ));

        // By hand: undo the half, fix the file, say it was rolled back.
        db.execute("DROP TABLE b").unwrap();
        p.write(
            "002_b",
            "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:no-transaction\n-- strata:up\n\
             CREATE TABLE b (id INTEGER PRIMARY KEY);\n-- strata:down\nDROP TABLE b;\n",
        );
        resolve(db.as_mut(), &p.dir(), &s, "bbb", Resolution::RolledBack).unwrap();
        let r = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["bbb222", "ccc333"], "{}", t.kind);
        assert!(!r.steps[0].transactional);
    }
}

#[test]
fn resolve_applied_counts_the_revision_as_done() {
    for t in targets() {
        let p = Project::new();
        p.write(
            "001_a",
            "-- strata:revision aaa111\n-- strata:no-transaction\n-- strata:up\n\
             CREATE TABLE a (id INTEGER PRIMARY KEY);\nSELECT broken FROM nowhere;\n-- strata:down\nDROP TABLE a;\n",
        );
        let s = Settings::default();
        let mut db = t.open();
        upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
        resolve(db.as_mut(), &p.dir(), &s, "aaa111", Resolution::Applied).unwrap();
        // The file still differs from what will be recorded? No: resolve records the file's checksum.
        let cur = current(db.as_mut(), &p.dir(), &s).unwrap();
        assert_eq!(cur.revisions, ["aaa111"], "{}", t.kind);
        assert!(cur.dirty.is_none());
        let r = downgrade(db.as_mut(), &p.dir(), &s, &target("base")).unwrap();
        assert_eq!(ids(&r.steps), ["aaa111"]);
        assert!(!has_table(db.as_mut(), "a"));
    }
}

#[test]
fn unknown_applied_revisions_are_reported_and_can_be_reverted() {
    for t in targets() {
        let p = Project::new();
        p.table_revision("001_a", "aaa111", &[], "a");
        p.table_revision("002_x", "xxx999", &["aaa111"], "x");
        let s = Settings::default();
        let mut db = t.open();
        upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();

        // Another branch: x is gone, b is new.
        p.remove("002_x");
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        let dir = p.dir();
        assert_eq!(current(db.as_mut(), &dir, &s).unwrap().unknown, ["xxx999"]);
        // Refused by default, naming the unknown revision, and nothing ran.
        let err = upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap_err();
        assert!(
            matches!(&err, strata_migrate::Error::UnknownApplied(ids) if ids == &["xxx999"]),
            "{err}"
        );
        assert!(!has_table(db.as_mut(), "b"), "{}", t.kind);
        let ignore = UpgradeOptions {
            ignore_unknown: true,
            ..UpgradeOptions::default()
        };
        let r = upgrade(db.as_mut(), &dir, &s, &ignore).unwrap();
        assert_eq!(r.unknown, ["xxx999"]);
        assert_eq!(ids(&r.steps), ["bbb222"]);
        assert!(has_table(db.as_mut(), "x"));

        let options = UpgradeOptions {
            revert_unknown: true,
            ..UpgradeOptions::default()
        };
        let r = upgrade(db.as_mut(), &dir, &s, &options).unwrap();
        assert_eq!(ids(&r.reverted), ["xxx999"], "{}", t.kind);
        assert!(r.reverted[0].path.is_none());
        assert!(r.unknown.is_empty());
        assert!(!has_table(db.as_mut(), "x"), "{}", t.kind);
        assert!(current(db.as_mut(), &dir, &s).unwrap().unknown.is_empty());
    }
}

#[test]
fn a_baseline_counts_as_applied_where_the_replaced_revisions_ran() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let s = Settings::default();
        let mut old = t.open();
        upgrade(old.as_mut(), &p.dir(), &s, &up_to("bbb222")).unwrap();

        // Squash a and b into a baseline; c keeps naming b as its parent.
        p.remove("001_a");
        p.remove("002_b");
        p.write(
            "000_baseline",
            "-- strata:revision base00\n-- strata:replaces aaa111 bbb222\n-- strata:up\n\
             CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n\
             -- strata:down\nDROP TABLE b;\nDROP TABLE a;\n",
        );
        let dir = p.dir();
        let cur = current(old.as_mut(), &dir, &s).unwrap();
        assert_eq!(cur.revisions, ["base00"]);
        assert!(cur.unknown.is_empty());
        let r = upgrade(old.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333"], "{}", t.kind);

        // A new database runs the baseline itself.
        let fresh_target = if t.kind == "sqlite" {
            common::Target::sqlite()
        } else {
            common::Target::postgres()
        };
        let mut fresh = fresh_target.open();
        let r = upgrade(fresh.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(ids(&r.steps), ["base00", "ccc333"]);

        // The old database can go all the way down through the baseline.
        let r = downgrade(old.as_mut(), &dir, &s, &target("base")).unwrap();
        assert_eq!(ids(&r.steps), ["ccc333", "base00"]);
        assert!(!has_table(old.as_mut(), "a"));
        assert!(
            current(old.as_mut(), &dir, &s)
                .unwrap()
                .revisions
                .is_empty()
        );
    }
}

#[test]
fn a_database_between_squashed_revisions_is_an_error() {
    let t = common::Target::sqlite();
    let p = Project::new();
    chain(&p);
    let s = Settings::default();
    let mut db = t.open();
    upgrade(db.as_mut(), &p.dir(), &s, &up_to("aaa111")).unwrap();
    p.remove("001_a");
    p.remove("002_b");
    p.write(
        "000_baseline",
        "-- strata:revision base00\n-- strata:replaces aaa111 bbb222\n-- strata:up\nSELECT 1;\n-- strata:down\n",
    );
    let err = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap_err();
    assert!(matches!(err, Error::PartlySquashed { .. }), "{err}");
}

#[test]
fn history_table_name_is_configurable() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let s = Settings {
            table: "schema_log".into(),
            ..Settings::default()
        };
        let mut db = t.open();
        upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(
            scalar(db.as_mut(), "SELECT COUNT(*) FROM schema_log").as_deref(),
            Some("3")
        );
        assert!(!has_table(db.as_mut(), "strata_history"));
    }
}

#[test]
fn from_schema_loads_the_schema_files_and_stamps_head() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let schema = p.root().join("schema");
        std::fs::create_dir(&schema).unwrap();
        std::fs::write(
            schema.join("all.sql"),
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n",
        )
        .unwrap();
        let s = Settings::default();
        let mut db = t.open();
        let options = UpgradeOptions {
            from_schema: Some(strata::Source::Files(schema.clone())),
            ..UpgradeOptions::default()
        };
        let r = upgrade(db.as_mut(), &p.dir(), &s, &options).unwrap();
        assert_eq!(ids(&r.steps), ["aaa111", "bbb222", "ccc333"]);
        assert_eq!(r.after, ["ccc333"]);
        assert!(has_table(db.as_mut(), "c"));
        // Only for empty databases.
        let err = upgrade(db.as_mut(), &p.dir(), &s, &options).unwrap_err();
        assert!(matches!(err, Error::NotEmpty(_)), "{}: {err}", t.kind);
    }
}

#[test]
fn from_schema_enables_event_triggers_after_everything_else_on_postgres() {
    let t = common::Target::postgres();
    let p = Project::new();
    chain(&p);
    let schema = p.root().join("schema");
    std::fs::create_dir(&schema).unwrap();
    // `frozen` refuses every DDL command once enabled: the tables after it, and the
    // history table, must all be made before it is.
    std::fs::write(
        schema.join("all.sql"),
        "CREATE FUNCTION refuse() RETURNS event_trigger LANGUAGE plpgsql \
             AS $$ BEGIN RAISE EXCEPTION 'fired on %', tg_tag; END $$;\n\
         CREATE EVENT TRIGGER frozen ON ddl_command_start EXECUTE FUNCTION refuse();\n\
         CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    let mut db = t.open();
    let options = UpgradeOptions {
        from_schema: Some(strata::Source::Files(schema)),
        ..UpgradeOptions::default()
    };
    let r = upgrade(db.as_mut(), &p.dir(), &Settings::default(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.after, ["ccc333"]);
    assert_eq!(
        scalar(
            db.as_mut(),
            "SELECT evtenabled::text FROM pg_event_trigger WHERE evtname = 'frozen'"
        )
        .as_deref(),
        Some("O")
    );
}

#[test]
fn no_transaction_revisions_can_create_indexes_concurrently_on_postgres() {
    let t = common::Target::postgres();
    let p = Project::new();
    p.revision(
        "001_a",
        "aaa111",
        &[],
        "CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER);",
        Some("DROP TABLE a;"),
    );
    p.write(
        "002_i",
        "-- strata:revision iii222\n-- strata:parents aaa111\n-- strata:message index x\n-- strata:no-transaction\n\
         -- strata:up\nCREATE INDEX CONCURRENTLY a_x ON a (x);\n-- strata:down\nDROP INDEX CONCURRENTLY a_x;\n",
    );
    let s = Settings::default();
    let mut db = t.open();
    let r = upgrade(db.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();
    assert_eq!(ids(&r.steps), ["aaa111", "iii222"]);
    assert_eq!(
        scalar(
            db.as_mut(),
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'a_x'"
        )
        .as_deref(),
        Some("1")
    );
    let rows = HistoryTable::new("strata_history")
        .read(db.as_mut())
        .unwrap();
    assert!(
        !rows[1].transactional && rows[1].success == Some(true),
        "{:?}",
        rows[1]
    );
    downgrade(db.as_mut(), &p.dir(), &s, &target("-1")).unwrap();
    assert_eq!(
        scalar(
            db.as_mut(),
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'a_x'"
        )
        .as_deref(),
        Some("0")
    );
}

/// a creates `a` and `gone`, b drops `gone`: b's up and a's down need approval.
fn dropping_chain(p: &Project, b_header: &str) {
    p.revision(
        "001_a",
        "aaa111",
        &[],
        "CREATE TABLE a (id integer PRIMARY KEY);\nCREATE TABLE gone (id integer PRIMARY KEY);",
        Some("DROP TABLE gone;\nDROP TABLE a;"),
    );
    p.write(
        "002_b.sql",
        &format!(
            "-- strata:revision bbb222\n-- strata:parents aaa111\n{b_header}-- strata:up\n\
             DROP TABLE gone;\n-- strata:down\nCREATE TABLE gone (id integer PRIMARY KEY);\n"
        ),
    );
}

fn judged(approvals: strata::Approvals) -> UpgradeOptions {
    UpgradeOptions {
        approvals: Some(approvals),
        ..UpgradeOptions::default()
    }
}

#[test]
fn upgrade_judges_pending_revisions_and_runs_nothing_unapproved() {
    for t in targets() {
        let p = Project::new();
        dropping_chain(&p, "");
        let dir = p.dir();
        let settings = Settings::default();
        let mut db = t.open();
        let none = strata::Approvals::default();
        let err = upgrade(db.as_mut(), &dir, &settings, &judged(none.clone())).unwrap_err();
        let Error::Unapproved(revisions) = err else {
            panic!("{}: {err}", t.kind)
        };
        assert_eq!(revisions.len(), 1, "{}", t.kind);
        assert_eq!(revisions[0].revision, "bbb222");
        assert_eq!(revisions[0].pending[0].hazard.code, "S001");
        assert!(!has_table(db.as_mut(), "a"), "{}: nothing ran", t.kind);

        // Approving by flag runs both; the downs are judged the same way.
        // Tables and columns no revision marked deprecated: S049 on top of data loss.
        let allow = "S001:public.gone,S001:main.gone,S049:public.gone,S049:main.gone";
        let flag = none.with(strata::approval::parse_allow(allow).unwrap());
        upgrade(db.as_mut(), &dir, &settings, &judged(flag)).unwrap();
        assert!(has_table(db.as_mut(), "a") && !has_table(db.as_mut(), "gone"));
        let err = strata_migrate::downgrade_approved(
            db.as_mut(),
            &dir,
            &settings,
            &target("base"),
            &none,
            &mut |_| true,
            &mut |_| {},
        )
        .unwrap_err();
        let Error::Unapproved(revisions) = err else {
            panic!("{}: {err}", t.kind)
        };
        assert_eq!(revisions[0].revision, "aaa111", "{}", t.kind);
        assert_eq!(revisions[0].direction, Direction::Down);
        assert!(has_table(db.as_mut(), "a"), "{}: nothing undone", t.kind);
    }
}

#[test]
fn the_revision_header_approves_its_own_findings() {
    for t in targets() {
        let p = Project::new();
        dropping_chain(
            &p,
            "-- strata:allow drop-table gone was never read\n\
             -- strata:allow drop-without-deprecation gone was never read\n",
        );
        let dir = p.dir();
        let mut db = t.open();
        let options = judged(strata::Approvals::default());
        upgrade(db.as_mut(), &dir, &Settings::default(), &options).unwrap();
        assert!(!has_table(db.as_mut(), "gone"), "{}", t.kind);
    }
}
