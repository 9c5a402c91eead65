//! Test support: a project folder with revision files, and real databases of both kinds.
#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use strata::Database;
use strata_migrate::{MigrationDir, Revision};
use strata_testkit::TestDb;

/// A temporary project: `migrations/` plus room for SQLite files and schema files.
pub struct Project {
    pub tmp: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("migrations")).unwrap();
        Project { tmp }
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn migrations(&self) -> PathBuf {
        self.root().join("migrations")
    }

    /// Writes `migrations/<name>.sql` for revision `id` with the given parents, up and
    /// down SQL (no down marker when `down` is `None`).
    pub fn revision(&self, name: &str, id: &str, parents: &[&str], up: &str, down: Option<&str>) {
        let mut r = Revision::new(id, parents.iter().map(|p| p.to_string()).collect(), name);
        r.up = up.to_string();
        r.down = down.map(str::to_string);
        self.write(name, &r.render());
    }

    /// Writes a revision (as [`Project::revision`]) whose up is
    /// `CREATE TABLE <table> (id INTEGER PRIMARY KEY);` and whose down is `DROP TABLE <table>;`.
    pub fn table_revision(&self, name: &str, id: &str, parents: &[&str], table: &str) {
        let up = format!("CREATE TABLE {table} (id INTEGER PRIMARY KEY);");
        let down = format!("DROP TABLE {table};");
        self.revision(name, id, parents, &up, Some(&down));
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.migrations().join(format!("{name}.sql")), text).unwrap();
    }

    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.migrations().join(format!("{name}.sql"))).unwrap();
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.migrations().join(format!("{name}.sql"))
    }

    pub fn dir(&self) -> MigrationDir {
        MigrationDir::load(&self.migrations()).unwrap()
    }
}

/// One database under test, kept alive as long as this value.
pub struct Target {
    pub url: String,
    pub kind: &'static str,
    _pg: Option<TestDb>,
    _tmp: Option<tempfile::TempDir>,
}

impl Target {
    pub fn sqlite() -> Target {
        let tmp = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", tmp.path().join("app.db").display());
        Target {
            url,
            kind: "sqlite",
            _pg: None,
            _tmp: Some(tmp),
        }
    }

    /// A fresh PostgreSQL database; panics with a fix-it message when the server is down.
    pub fn postgres() -> Target {
        let db = TestDb::new();
        Target {
            url: db.url().to_string(),
            kind: "postgres",
            _pg: Some(db),
            _tmp: None,
        }
    }

    pub fn open(&self) -> Box<dyn Database> {
        open(&self.url)
    }
}

/// Both engines, SQLite first.
pub fn targets() -> Vec<Target> {
    vec![Target::sqlite(), Target::postgres()]
}

pub fn open(url: &str) -> Box<dyn Database> {
    strata::connect(url, None).unwrap_or_else(|e| panic!("cannot open {url}: {e}"))
}

/// True when `table` can be queried.
pub fn has_table(db: &mut dyn Database, table: &str) -> bool {
    db.query(&format!("SELECT COUNT(*) FROM {table}")).is_ok()
}

/// The first column of the first row of `sql`.
pub fn scalar(db: &mut dyn Database, sql: &str) -> Option<String> {
    db.query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next().flatten())
}
