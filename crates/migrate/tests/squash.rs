//! `squash --to REV`: one baseline replaces the old revisions, and databases already
//! past REV keep working.
mod common;

use common::{Project, has_table, targets};
use strata_migrate::{
    Error, Settings, SquashOptions, Target, UpgradeOptions, current, downgrade, squash, upgrade,
};

fn chain(p: &Project) {
    p.table_revision("001_a", "aaa111", &[], "a");
    p.table_revision("002_b", "bbb222", &["aaa111"], "b");
    p.table_revision("003_c", "ccc333", &["bbb222"], "c");
}

#[test]
fn squash_writes_a_baseline_that_old_and_new_databases_accept() {
    for t in targets() {
        let p = Project::new();
        chain(&p);
        let s = Settings::default();
        let mut old = t.open();
        upgrade(old.as_mut(), &p.dir(), &s, &UpgradeOptions::default()).unwrap();

        let mut dir = p.dir();
        let report = squash(
            &mut dir,
            old.as_mut(),
            &s,
            &SquashOptions {
                to: "bbb".into(),
                message: String::new(),
            },
        )
        .unwrap();
        assert_eq!(report.replaced, ["aaa111", "bbb222"]);
        assert_eq!(report.removed, [p.path("001_a"), p.path("002_b")]);
        assert!(!p.path("001_a").exists());
        assert!(
            report
                .path
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("001_squashed_baseline")
        );
        let ids: Vec<&str> = dir.revisions().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [report.baseline.as_str(), "ccc333"]);
        let text = std::fs::read_to_string(&report.path).unwrap();
        assert!(
            text.contains("-- strata:replaces   aaa111 bbb222"),
            "{text}"
        );

        // The old database: at c, nothing to do, nothing unknown.
        let cur = current(old.as_mut(), &dir, &s).unwrap();
        assert_eq!(
            (cur.revisions, cur.unknown.len()),
            (vec!["ccc333".to_string()], 0)
        );
        assert!(
            upgrade(old.as_mut(), &dir, &s, &UpgradeOptions::default())
                .unwrap()
                .steps
                .is_empty()
        );

        // A new database: the baseline, then c.
        let fresh_target = if t.kind == "sqlite" {
            common::Target::sqlite()
        } else {
            common::Target::postgres()
        };
        let mut fresh = fresh_target.open();
        let r = upgrade(fresh.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(r.steps.len(), 2);
        assert!(
            has_table(fresh.as_mut(), "a") && has_table(fresh.as_mut(), "c"),
            "{}",
            t.kind
        );
        downgrade(fresh.as_mut(), &dir, &s, &"base".parse::<Target>().unwrap()).unwrap();
        assert!(
            !has_table(fresh.as_mut(), "a"),
            "{}: the baseline's down drops everything",
            t.kind
        );

        // Squashing again folds the first baseline's ids in.
        let report2 = squash(
            &mut dir,
            old.as_mut(),
            &s,
            &SquashOptions {
                to: "ccc333".into(),
                message: "second".into(),
            },
        )
        .unwrap();
        assert_eq!(
            report2.replaced,
            ["aaa111", "bbb222", report.baseline.as_str(), "ccc333"]
        );
        assert_eq!(
            current(old.as_mut(), &dir, &s).unwrap().revisions,
            std::slice::from_ref(&report2.baseline)
        );
    }
}

#[test]
fn squash_refuses_to_cut_a_branch_off() {
    let t = common::Target::sqlite();
    let p = Project::new();
    chain(&p);
    p.revision("004_x", "xxx444", &["aaa111"], "", Some(""));
    let mut dir = p.dir();
    let mut db = t.open();
    let err = squash(
        &mut dir,
        db.as_mut(),
        &Settings::default(),
        &SquashOptions {
            to: "bbb222".into(),
            message: String::new(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
    assert!(err.to_string().contains("xxx444"), "{err}");
    assert!(p.path("001_a").exists(), "nothing was touched");
}
