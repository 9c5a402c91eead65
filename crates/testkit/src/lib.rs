//! Test support shared by strata's crates: where the test PostgreSQL server is, and
//! throwaway databases on it.
//!
//! Tests never skip when the server is missing: they panic with a message that says how to
//! fix it, so a green run always means the database tests really ran.
//!
//! This crate depends only on the `postgres` driver, so every strata crate can use it.
#![deny(missing_docs)]

use postgres::{Client, Config, NoTls};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The environment variable that points the tests at a server.
pub const PG_URL_ENV: &str = "STRATA_TEST_PG_URL";

/// The URL used when [`PG_URL_ENV`] is unset.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The admin URL of the test server: `STRATA_TEST_PG_URL`, or the local default.
pub fn pg_url() -> String {
    std::env::var(PG_URL_ENV).unwrap_or_else(|_| DEFAULT_PG_URL.to_string())
}

/// [`pg_url`], after checking the server answers: tests that talk to the server without
/// a [`TestDb`] call this first, so a missing server fails them with the fix-it message.
pub fn require_server() -> String {
    let url = pg_url();
    drop(connect(&url));
    url
}

/// Connects to `url`, panicking with a fix-it message when the server cannot be reached.
pub fn connect(url: &str) -> Client {
    let config = Config::from_str(url)
        .unwrap_or_else(|e| panic!("invalid test database URL {}: {e}", redact(url)));
    let mut config = config;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.connect(NoTls).unwrap_or_else(|e| {
        let cause = std::error::Error::source(&e).map_or(String::new(), |s| format!(": {s}"));
        panic!(
            "PostgreSQL is not reachable at {}: {e}{cause}. Start it (see README) or set {PG_URL_ENV}.",
            redact(url)
        )
    })
}

/// Whether a database of this name exists on the server at [`pg_url`].
pub fn database_exists(name: &str) -> bool {
    let n: i64 = connect(&pg_url())
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap_or_else(|e| panic!("cannot list databases: {}", describe(&e)))
        .get(0);
    n == 1
}

/// A fresh, empty database created from `template0`, dropped (`WITH (FORCE)`) when the
/// value goes out of scope.
pub struct TestDb {
    name: String,
    url: String,
    admin_url: String,
}

impl TestDb {
    /// Creates `strata_test_<pid>_<n>_<nanos>` on the server at [`pg_url`].
    pub fn new() -> TestDb {
        Self::on(&pg_url())
    }

    /// Creates the database on the server behind `admin_url`.
    pub fn on(admin_url: &str) -> TestDb {
        let name = unique_name("strata_test");
        let mut admin = connect(admin_url);
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {} TEMPLATE template0",
                quote(&name)
            ))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        TestDb {
            url: with_dbname(admin_url, &name),
            name,
            admin_url: admin_url.to_string(),
        }
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A URL that connects to this database with the admin credentials.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new driver connection to this database.
    pub fn client(&self) -> Client {
        connect(&self.url)
    }

    /// Runs SQL text (one or more statements) in this database, panicking on error.
    pub fn batch(&self, sql: &str) {
        self.client()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("test setup SQL failed: {}\n{sql}", describe(&e)));
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Best effort: a failed drop must not hide the test's own panic.
        if let Ok(config) = Config::from_str(&self.admin_url)
            && let Ok(mut admin) = config.connect(NoTls)
        {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote(&self.name)
            ));
        }
    }
}

/// A role that exists for one test (`strata_role_<pid>_<n>_<nanos>`), dropped on Drop.
/// Roles are shared by the whole server, so tests must never reuse a fixed name.
pub struct TestRole {
    name: String,
}

impl TestRole {
    /// Creates the role with `options` as in `CREATE ROLE .. WITH <options>`, for
    /// example `LOGIN NOCREATEDB` or `LOGIN PASSWORD 'x'`.
    pub fn new(options: &str) -> TestRole {
        let name = unique_name("strata_role");
        connect(&pg_url())
            .batch_execute(&format!("CREATE ROLE {} WITH {options}", quote(&name)))
            .unwrap_or_else(|e| panic!("cannot create test role {name}: {}", describe(&e)));
        TestRole { name }
    }

    /// The role name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// [`pg_url`] with this role as the user (no password).
    pub fn url(&self) -> String {
        with_user(&pg_url(), &self.name)
    }
}

impl Drop for TestRole {
    fn drop(&mut self) {
        if let Ok(config) = Config::from_str(&pg_url())
            && let Ok(mut admin) = config.connect(NoTls)
        {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", quote(&self.name)));
        }
    }
}

/// Replaces the user (and drops any password) in a `postgres://` URL.
pub fn with_user(url: &str, user: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority = scheme_end + 3;
    let query_start = url.find('?').unwrap_or(url.len());
    let host_start = url[authority..query_start]
        .rfind('@')
        .map_or(authority, |i| authority + i + 1);
    format!("{}{user}@{}", &url[..authority], &url[host_start..])
}

/// `prefix_<pid>_<n>_<nanos>`: unique across processes and across calls in one process.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// The server's message with its DETAIL and HINT, for test failure output.
pub fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {}", db.code().code(), db.message());
            if let Some(d) = db.detail() {
                s.push_str(&format!(" (DETAIL: {d})"));
            }
            if let Some(h) = db.hint() {
                s.push_str(&format!(" (HINT: {h})"));
            }
            s
        }
        None => e.to_string(),
    }
}

/// Replaces the database in a `postgres://` URL, keeping everything else.
pub fn with_dbname(url: &str, dbname: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let after_user = base[authority_start..]
        .rfind('@')
        .map_or(authority_start, |i| authority_start + i + 1);
    let host_end = base[after_user..]
        .find('/')
        .map_or(base.len(), |i| after_user + i);
    format!("{}/{dbname}{query}", &base[..host_end])
}

/// Removes a password from a `postgres://` URL (`user:secret@` and `password=`), so it can
/// be printed.
pub fn redact(url: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let mut out = match (base.find("://"), base.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &base[s + 3..at];
            let user = user.split(':').next().unwrap_or("");
            format!("{}{user}{}", &base[..s + 3], &base[at..])
        }
        _ => base.to_string(),
    };
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_rewritten_and_redacted() {
        assert_eq!(
            with_dbname("postgres://u:p@h:5432/postgres?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_dbname("postgres://h", "x"), "postgres://h/x");
        assert_eq!(
            with_user("postgres://u:p@h/db?x=1", "r"),
            "postgres://r@h/db?x=1"
        );
        assert_eq!(with_user("postgres://h/db", "r"), "postgres://r@h/db");
        assert_eq!(
            redact("postgres://u:s3cret@h/db?password=s3cret&sslmode=disable"),
            "postgres://u@h/db?sslmode=disable"
        );
    }

    #[test]
    fn test_database_exists_until_dropped() {
        let db = TestDb::new();
        let name = db.name().to_string();
        let mut client = db.client();
        let row = client.query_one("SELECT current_database()", &[]).unwrap();
        assert_eq!(row.get::<_, String>(0), name);
        drop(client);
        drop(db);
        let mut admin = connect(&pg_url());
        let count: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_database WHERE datname = $1",
                &[&name],
            )
            .unwrap()
            .get(0);
        assert_eq!(count, 0, "the test database should be gone");
    }
}
