//! `revision` (autogenerate, blank) and `merge` against real databases.
mod common;

use common::{Project, has_table, targets};
use strata::Source;
use strata_migrate::{
    Error, MigrationDir, RevisionOptions, RevisionOutcome, Settings, Target, UpgradeOptions,
    downgrade, merge, revision, upgrade,
};

fn autogen(message: &str, schema: &std::path::Path) -> RevisionOptions {
    RevisionOptions {
        message: message.into(),
        empty: false,
        schema: Some(Source::Files(schema.to_path_buf())),
        renames: Vec::new(),
        ..RevisionOptions::default()
    }
}

#[test]
fn autogenerates_up_and_down_from_the_schema_files() {
    for t in targets() {
        let p = Project::new();
        let schema = p.root().join("schema.sql");
        std::fs::write(
            &schema,
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n",
        )
        .unwrap();
        let s = Settings::default();
        let mut host = t.open();
        let mut dir = MigrationDir::load(&p.migrations()).unwrap();

        let RevisionOutcome::Written {
            revision: first,
            steps,
        } = revision(
            &mut dir,
            Some(host.as_mut()),
            &s,
            &autogen("add invoices table", &schema),
        )
        .unwrap()
        else {
            panic!("{}: expected a revision", t.kind)
        };
        assert!(first.parents.is_empty());
        assert_eq!(first.message, "add invoices table");
        assert!(
            first
                .path
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .ends_with("_add_invoices_table.sql")
        );
        assert!(
            first.up.to_lowercase().contains("create table"),
            "{}",
            first.up
        );
        assert!(
            first
                .down
                .as_deref()
                .unwrap()
                .to_lowercase()
                .contains("drop table"),
            "{:?}",
            first.down
        );
        assert_eq!(steps.len(), 1, "{steps:?}");

        // Nothing changed: nothing written.
        let again = revision(&mut dir, Some(host.as_mut()), &s, &autogen("noop", &schema)).unwrap();
        assert_eq!(again, RevisionOutcome::NoChanges, "{}", t.kind);
        assert_eq!(dir.revisions().len(), 1);

        // A second change hangs off the first.
        std::fs::write(
            &schema,
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER NOT NULL, note TEXT);\n\
             CREATE TABLE customers (id INTEGER PRIMARY KEY);\n",
        )
        .unwrap();
        let RevisionOutcome::Written {
            revision: second, ..
        } = revision(
            &mut dir,
            Some(host.as_mut()),
            &s,
            &autogen("customers and notes", &schema),
        )
        .unwrap()
        else {
            panic!("expected a revision")
        };
        assert_eq!(second.parents, std::slice::from_ref(&first.id));
        assert_eq!(dir.heads().len(), 1);

        // The written revisions apply, and downgrade back to nothing.
        let target = if t.kind == "sqlite" {
            common::Target::sqlite()
        } else {
            common::Target::postgres()
        };
        let mut db = target.open();
        let r = upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(r.steps.len(), 2);
        assert!(has_table(db.as_mut(), "customers"));
        downgrade(db.as_mut(), &dir, &s, &"base".parse::<Target>().unwrap()).unwrap();
        assert!(!has_table(db.as_mut(), "invoices"), "{}", t.kind);
        // After replaying everything the schema files match again.
        let again = revision(&mut dir, Some(host.as_mut()), &s, &autogen("noop", &schema)).unwrap();
        assert_eq!(again, RevisionOutcome::NoChanges, "{}", t.kind);
    }
}

#[test]
fn blank_revisions_and_merges() {
    let p = Project::new();
    let s = Settings::default();
    let mut dir = MigrationDir::load(&p.migrations()).unwrap();
    let blank = |m: &str| RevisionOptions {
        message: m.into(),
        empty: true,
        schema: None,
        renames: Vec::new(),
        ..RevisionOptions::default()
    };
    let RevisionOutcome::Written { revision: a, .. } =
        revision(&mut dir, None, &s, &blank("first")).unwrap()
    else {
        panic!()
    };
    assert_eq!(a.up.trim(), "");
    assert_eq!(a.down.as_deref().map(str::trim), Some(""));
    // Autogenerate without a database is a usage error, not a panic.
    assert!(matches!(
        revision(
            &mut dir,
            None,
            &s,
            &RevisionOptions {
                message: "x".into(),
                ..Default::default()
            }
        ),
        Err(Error::Usage(_))
    ));
    assert!(matches!(merge(&mut dir, "m"), Err(Error::Usage(_))));

    // Two people branch off `a`.
    p.revision("900_b", "bbb222", &[&a.id], "", Some(""));
    p.revision("901_c", "ccc333", &[&a.id], "", Some(""));
    let mut dir = p.dir();
    let err = revision(&mut dir, None, &s, &blank("on top")).unwrap_err();
    assert!(matches!(err, Error::MultipleHeads(_)), "{err}");
    let m = merge(&mut dir, "").unwrap();
    assert_eq!(m.parents, ["bbb222", "ccc333"]);
    assert_eq!(m.message, "merge bbb222 and ccc333");
    assert_eq!(dir.heads().len(), 1);
    let RevisionOutcome::Written { revision: next, .. } =
        revision(&mut dir, None, &s, &blank("after")).unwrap()
    else {
        panic!()
    };
    assert_eq!(next.parents, [m.id]);
}

/// A renamed table and column become renames in the revision, up and down, and the rows
/// survive both ways.
#[test]
fn autogenerated_revisions_rename_and_rename_back() {
    for t in targets() {
        let p = Project::new();
        let schema = p.root().join("schema.sql");
        std::fs::write(
            &schema,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n",
        )
        .unwrap();
        let s = Settings::default();
        let mut host = t.open();
        let mut dir = MigrationDir::load(&p.migrations()).unwrap();
        revision(
            &mut dir,
            Some(host.as_mut()),
            &s,
            &autogen("users", &schema),
        )
        .unwrap();
        std::fs::write(
            &schema,
            "CREATE TABLE accounts ( -- strata:renamed-from users\n\
             id INTEGER PRIMARY KEY,\n\
             mail TEXT NOT NULL -- strata:renamed-from email\n\
             );\n",
        )
        .unwrap();
        let RevisionOutcome::Written {
            revision: rename, ..
        } = revision(
            &mut dir,
            Some(host.as_mut()),
            &s,
            &autogen("rename", &schema),
        )
        .unwrap()
        else {
            panic!("{}: expected a revision", t.kind)
        };
        let up = rename.up.to_lowercase();
        let down = rename.down.as_deref().unwrap().to_lowercase();
        for sql in [&up, &down] {
            assert!(!sql.contains("drop table"), "{}: {sql}", t.kind);
        }
        assert!(up.contains("rename to \"accounts\""), "{}: {up}", t.kind);
        assert!(
            up.contains("rename column \"email\" to \"mail\""),
            "{}: {up}",
            t.kind
        );
        assert!(down.contains("rename to \"users\""), "{}: {down}", t.kind);
        assert!(
            down.contains("rename column \"mail\" to \"email\""),
            "{}: {down}",
            t.kind
        );

        let target = if t.kind == "sqlite" {
            common::Target::sqlite()
        } else {
            common::Target::postgres()
        };
        let mut db = target.open();
        let first: Target = dir.revisions()[0].id.parse().unwrap();
        upgrade(
            db.as_mut(),
            &dir,
            &s,
            &UpgradeOptions {
                target: first.clone(),
                ..Default::default()
            },
        )
        .unwrap();
        db.execute("INSERT INTO users (id, email) VALUES (1, 'a@x')")
            .unwrap();
        upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        assert_eq!(
            common::scalar(db.as_mut(), "SELECT mail FROM accounts WHERE id = 1").as_deref(),
            Some("a@x"),
            "{}",
            t.kind
        );
        downgrade(db.as_mut(), &dir, &s, &first).unwrap();
        assert_eq!(
            common::scalar(db.as_mut(), "SELECT email FROM users WHERE id = 1").as_deref(),
            Some("a@x"),
            "{}",
            t.kind
        );
        // The hints stay in the files: the next revision has nothing to do.
        upgrade(db.as_mut(), &dir, &s, &UpgradeOptions::default()).unwrap();
        let again = revision(&mut dir, Some(host.as_mut()), &s, &autogen("noop", &schema)).unwrap();
        assert_eq!(again, RevisionOutcome::NoChanges, "{}", t.kind);
    }
}
