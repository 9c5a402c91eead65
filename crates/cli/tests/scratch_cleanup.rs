//! The real `strata` binary and its scratch databases: signals during a schema load
//! (SIGTERM, SIGINT, SIGHUP: cleaned up, `interrupted`, 130), kill -9 (the next run drops
//! the leftover), and `strata cleanup`.
//!
//! Tests here take [`serial`]: each run drops leftovers of dead processes on the whole
//! server, which would drop another test's leftover before that test looks at it. They
//! only look at databases whose names carry their own child's pid or their own host label.
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use strata_testkit::{TestDb, connect, database_exists, pg_url};

/// Long enough to start the load: the binary must reach CREATE DATABASE within it.
const APPEAR_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an interrupted run may take to drop its database and exit.
const EXIT_TIMEOUT: Duration = Duration::from_secs(30);

fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A project directory whose schema takes a while to load: 3,000 tables, each with a few
/// columns and an index.
fn big_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::new();
    for i in 0..3000 {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, \
             created timestamptz DEFAULT now(), n integer CHECK (n > 0));\n\
             CREATE INDEX t{i}_name ON t{i} (name);\n"
        ));
    }
    write(dir.path(), "schema/schema.sql", &sql);
    dir
}

fn small_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schema/schema.sql",
        "CREATE TABLE t (id int);\n",
    );
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The binary in `dir`, with a clean environment (as in `cli.rs`).
fn strata(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    strata(dir, args).output().expect("run strata")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `strata plan` of the big schema against `db`, started in the background.
fn start_load(dir: &Path, db: &TestDb) -> Child {
    strata(dir, &["plan", "--url", db.url(), "--format", "sql"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start strata")
}

/// The scratch databases on the server named with process `pid`.
fn scratch_databases_of(pid: u32) -> Vec<String> {
    let rows = connect(&pg_url())
        .query(
            r"SELECT datname::text FROM pg_database WHERE datname LIKE 'strata\_scratch\_%'",
            &[],
        )
        .unwrap();
    rows.iter()
        .map(|row| row.get::<_, String>(0))
        .filter(|name| name.rsplit('_').nth(2) == Some(&pid.to_string()))
        .collect()
}

fn connected(name: &str) -> bool {
    connect(&pg_url())
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = $1)",
            &[&name],
        )
        .unwrap()
        .get(0)
}

/// Waits until `child` has a scratch database and is connected to it (loading), and
/// returns its name.
fn wait_for_load(child: &mut Child) -> String {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("strata ended before its scratch database appeared: {status}");
        }
        if let [name] = scratch_databases_of(child.id()).as_slice()
            && connected(name)
        {
            // Well into the load: statements are running.
            std::thread::sleep(Duration::from_millis(500));
            return name.clone();
        }
        assert!(
            start.elapsed() < APPEAR_TIMEOUT,
            "no scratch database of pid {} after {APPEAR_TIMEOUT:?}",
            child.id()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn kill(signal: &str, child: &Child) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// Waits for `child` to exit, killing it (and failing) when it takes too long.
fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > EXIT_TIMEOUT {
            let _ = child.kill();
            panic!("strata did not exit within {EXIT_TIMEOUT:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn interrupted_load_cleans_up(signal: &str) {
    let _serial = serial();
    let db = TestDb::new();
    let project = big_project();
    let mut child = start_load(project.path(), &db);
    let scratch = wait_for_load(&mut child);

    kill(signal, &child);
    let output = finish(child);

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "SIG{signal}: {stderr}");
    assert_eq!(stderr, "error: interrupted\n", "SIG{signal}");
    assert!(!stderr.contains("connection closed"), "{stderr}");
    assert!(
        !database_exists(&scratch),
        "SIG{signal} left {scratch} behind"
    );
}

#[test]
fn sigterm_during_a_load_drops_the_scratch_database() {
    interrupted_load_cleans_up("TERM");
}

#[test]
fn sigint_during_a_load_drops_the_scratch_database() {
    interrupted_load_cleans_up("INT");
}

#[test]
fn sighup_during_a_load_drops_the_scratch_database() {
    interrupted_load_cleans_up("HUP");
}

#[test]
fn after_kill_9_the_next_run_drops_the_leftover() {
    let _serial = serial();
    let db = TestDb::new();
    let project = big_project();
    let mut child = start_load(project.path(), &db);
    let scratch = wait_for_load(&mut child);

    kill("KILL", &child);
    let output = finish(child);
    assert_eq!(output.status.code(), None, "killed by a signal");
    assert!(
        database_exists(&scratch),
        "kill -9 cannot clean up: {scratch} is left"
    );

    let next = small_project();
    let output = run(next.path(), &["plan", "-v", "--url", db.url()]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!database_exists(&scratch), "the next run drops {scratch}");
    assert!(
        stderr.contains(&format!(
            "note: dropped leftover scratch database {scratch} (pid "
        )),
        "{stderr}"
    );
}

/// A database created for a test and dropped when the test ends, passed or failed.
struct DropOnExit(String);

impl DropOnExit {
    fn create(name: &str) -> DropOnExit {
        connect(&pg_url())
            .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"))
            .unwrap();
        DropOnExit(name.to_string())
    }
}

impl Drop for DropOnExit {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.0);
        let _ = connect(&pg_url()).batch_execute(&sql);
    }
}

#[test]
fn cleanup_lists_with_dry_run_and_drops_without() {
    let _serial = serial();
    let db = TestDb::new();
    // Another host's, ten minutes old, nobody connected: the automatic cleanup of other
    // runs leaves it (under an hour), `strata cleanup` drops it (unused).
    let created = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 600;
    let host = format!("elsewhere_{}", std::process::id());
    let leftover = format!("strata_scratch_{host}_4242_{created}_0abc0def");
    let _guard = DropOnExit::create(&leftover);
    let dir = tempfile::tempdir().unwrap();
    // The row's columns but the age, which may tick over while the test runs.
    let row_of = |stdout: &str| {
        stdout
            .lines()
            .find(|line| line.starts_with(&leftover))
            .map(|line| {
                let mut cells: Vec<&str> = line.split_whitespace().collect();
                cells.remove(3);
                cells.join(" ")
            })
    };

    let output = run(dir.path(), &["cleanup", "--dry-run", "--url", db.url()]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(stdout.starts_with("NAME "), "{stdout}");
    assert_eq!(
        row_of(&stdout).as_deref(),
        Some(format!("{leftover} {host} 4242 no unknown would drop").as_str()),
        "{stdout}"
    );
    assert!(database_exists(&leftover), "--dry-run keeps it");

    let output = run(dir.path(), &["cleanup", "--url", db.url()]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        row_of(&stdout).as_deref(),
        Some(format!("{leftover} {host} 4242 no unknown dropped").as_str()),
        "{stdout}"
    );
    assert!(!database_exists(&leftover), "cleanup drops it");
}

#[test]
fn cleanup_of_sqlite_has_nothing_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["cleanup", "--url", "sqlite:app.db"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stderr),
        "Nothing to clean: SQLite scratch databases live in memory.\n"
    );
    assert!(output.stdout.is_empty());
}
