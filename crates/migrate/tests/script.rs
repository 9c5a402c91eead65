//! `upgrade --sql`: the script does what `upgrade` would, history rows included.
mod common;

use common::{Project, has_table, targets};
use strata_migrate::{Settings, Target, UpgradeOptions, current, upgrade, upgrade_sql};

#[test]
fn the_script_applies_like_upgrade_and_touches_nothing_when_rendered() {
    for t in targets() {
        let p = Project::new();
        p.revision(
            "001_a",
            "aaa111",
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'it''s');",
            Some("DROP TABLE a;"),
        );
        p.table_revision("002_b", "bbb222", &["aaa111"], "b");
        let dir = p.dir();
        let s = Settings::default();
        let mut db = t.open();
        upgrade(
            db.as_mut(),
            &dir,
            &s,
            &UpgradeOptions {
                target: "aaa111".parse().unwrap(),
                ..UpgradeOptions::default()
            },
        )
        .unwrap();

        let offline_dialect = strata::dialect(strata::Engine::Postgres);
        let script =
            upgrade_sql(Some(db.as_mut()), &dir, &s, &Target::Head, offline_dialect).unwrap();
        assert!(script.contains("-- from aaa111"), "{script}");
        assert!(
            !script.contains("CREATE TABLE a "),
            "only pending revisions: {script}"
        );
        assert!(
            script.contains(
                "BEGIN;\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO \"strata_history\""
            ),
            "{script}"
        );
        assert!(!has_table(db.as_mut(), "b"), "rendering runs nothing");

        db.execute(&script)
            .unwrap_or_else(|e| panic!("{}: {e}\n{script}", t.kind));
        assert!(has_table(db.as_mut(), "b"));
        assert_eq!(
            current(db.as_mut(), &dir, &s).unwrap().revisions,
            ["bbb222"],
            "{}",
            t.kind
        );
        // The recorded checksums match: a real upgrade finds nothing to do.
        assert!(
            upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default())
                .unwrap()
                .steps
                .is_empty()
        );

        // Without a database: from base.
        let offline = upgrade_sql(None, &dir, &s, &Target::Head, offline_dialect).unwrap();
        assert!(
            offline.contains("-- from base") && offline.contains("CREATE TABLE a "),
            "{offline}"
        );
    }
}
