//! Conformance runner: every folder holding `a.sql` and `b.sql` is a case. For each
//! direction (a→b, then b→a) it loads the start schema into a fresh database, plans and
//! applies towards the other, then checks convergence: the re-plan is empty and the schema
//! equals a fresh load of the target (column order aside: PostgreSQL can only append;
//! SQLite must match exactly and pass `PRAGMA integrity_check` and `foreign_key_check`).
//!
//! Suites: the project's own cases under `tests/conformance/{postgres,sqlite}`, and the
//! shared PostgreSQL corpus when `STRATA_SHARED_CONFORMANCE` names it. A single root can
//! be given instead: `cargo test -p strata --test conformance -- <root> [postgres|sqlite]`.
//!
//! `tests/conformance/known-failures.txt` lists cases that do not converge yet, one per
//! line as `<suite>/<case>  # reason`. The run fails when an unlisted case fails or a
//! listed case passes, so the list only shrinks.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use strata::{Catalog, Database, Scope, SqlFile};
use strata_sqltext::quote_ident;

#[path = "conformance/expect.rs"]
mod expect;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Engine {
    Postgres,
    Sqlite,
}

struct Suite {
    name: String,
    root: PathBuf,
    engine: Engine,
    /// Where `expect.toml` files of read-only cases live: `<pins>/<case>.toml`.
    pins: Option<PathBuf>,
    /// How plans treat tables with rows. In online mode the `expect.toml` shapes (made
    /// for simple plans) are not checked; convergence and kept rows are.
    mode: strata::Mode,
    /// Only the cases with `seed.sql` (rows, so the online recipes matter).
    seeded_only: bool,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let suites = suites(&args);
    let known = known_failures();
    let mut unexpected = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    for suite in &suites {
        let mut cases = find_cases(&suite.root);
        if suite.seeded_only {
            cases.retain(|c| suite.root.join(c).join("seed.sql").is_file());
        }
        assert!(
            !cases.is_empty(),
            "no cases found under {}",
            suite.root.display()
        );
        unexpected.extend(stale_pins(suite, &cases));
        let results = run_all(suite, &cases);
        let mut suite_pass = 0;
        for (case, result) in results {
            let key = format!("{}/{}", suite.name, case);
            match (result, known.contains_key(&key)) {
                (Ok(()), false) => suite_pass += 1,
                (Ok(()), true) => {
                    suite_pass += 1;
                    unexpected.push(format!(
                        "{key}: passes now; remove it from known-failures.txt"
                    ))
                }
                (Err(e), true) => {
                    failed += 1;
                    eprintln!("known failure {key}: {}", first_line(&e));
                }
                (Err(e), false) => {
                    failed += 1;
                    unexpected.push(format!("{key}: {e}"));
                }
            }
        }
        passed += suite_pass;
        println!(
            "suite {}: {suite_pass} of {} cases converge",
            suite.name,
            cases.len()
        );
    }
    for line in &unexpected {
        eprintln!("\nUNEXPECTED {line}");
    }
    // Known failures are not test failures; say it in words CI parsers do not count.
    println!("conformance: {passed} cases converge, {failed} do not (listed: known failures)");
    if !unexpected.is_empty() {
        eprintln!("\n{} unexpected result(s)", unexpected.len());
        std::process::exit(1);
    }
}

/// Pin files that name no case of the suite (renamed or removed upstream).
fn stale_pins(suite: &Suite, cases: &[String]) -> Vec<String> {
    let Some(pins) = &suite.pins else {
        return Vec::new();
    };
    let mut files = Vec::new();
    pin_files(pins, pins, &mut files);
    files
        .into_iter()
        .filter(|case| !cases.contains(case))
        .map(|case| format!("pins/{case}.toml: no such case in suite {}", suite.name))
        .collect()
}

fn pin_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            pin_files(root, &path, out);
        } else if let Some(case) = path
            .strip_prefix(root)
            .ok()
            .and_then(|p| p.to_str()?.strip_suffix(".toml").map(str::to_string))
        {
            out.push(case);
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn suites(args: &[String]) -> Vec<Suite> {
    if let Some(root) = args.first() {
        let engine = match args.get(1).map(String::as_str) {
            Some("sqlite") => Engine::Sqlite,
            _ => Engine::Postgres,
        };
        return vec![Suite {
            name: "arg".into(),
            root: PathBuf::from(root),
            engine,
            pins: None,
            mode: forced_mode(),
            seeded_only: false,
        }];
    }
    let own = project_root().join("tests/conformance");
    let mut suites = vec![
        Suite {
            name: "postgres".into(),
            root: own.join("postgres"),
            engine: Engine::Postgres,
            pins: None,
            mode: forced_mode(),
            seeded_only: false,
        },
        Suite {
            name: "sqlite".into(),
            root: own.join("sqlite"),
            engine: Engine::Sqlite,
            pins: None,
            mode: strata::Mode::Simple,
            seeded_only: false,
        },
    ];
    // A second pass in online mode over the cases with rows; all of them with
    // STRATA_CONFORMANCE_MODE=online, which already runs the first pass online.
    if forced_mode() != strata::Mode::Online {
        suites.push(Suite {
            name: "postgres-online".into(),
            root: own.join("postgres"),
            engine: Engine::Postgres,
            pins: None,
            mode: strata::Mode::Online,
            seeded_only: true,
        });
    }
    if let Ok(shared) = std::env::var("STRATA_SHARED_CONFORMANCE") {
        suites.push(Suite {
            name: "shared".into(),
            root: PathBuf::from(shared),
            engine: Engine::Postgres,
            pins: Some(own.join("pins")),
            mode: strata::Mode::Simple,
            seeded_only: false,
        });
    }
    suites
}

/// `STRATA_CONFORMANCE_MODE=online` plans the project's own PostgreSQL cases online.
fn forced_mode() -> strata::Mode {
    match std::env::var("STRATA_CONFORMANCE_MODE").as_deref() {
        Ok("online") => strata::Mode::Online,
        _ => strata::Mode::Simple,
    }
}

fn known_failures() -> BTreeMap<String, String> {
    let path = project_root().join("tests/conformance/known-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (case, reason) = l.split_once('#').unwrap_or((l, ""));
            (case.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

fn find_cases(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    if dir.join("a.sql").is_file() && dir.join("b.sql").is_file() {
        let rel = dir.strip_prefix(root).unwrap_or(dir);
        out.push(rel.to_string_lossy().into_owned());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            walk(root, &entry.path(), out);
        }
    }
}

/// Runs cases on two worker threads (CI has two cores; the server does the work).
fn run_all(suite: &Suite, cases: &[String]) -> Vec<(String, Result<(), String>)> {
    let queue = Mutex::new(cases.to_vec());
    let results = Mutex::new(Vec::new());
    let workers: usize = std::env::var("STRATA_CONFORMANCE_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let dir = suite.root.join(&case);
                    let pin = suite.pins.as_ref().map(|p| p.join(format!("{case}.toml")));
                    let result = std::panic::catch_unwind(|| {
                        run_case(
                            &dir,
                            suite.engine,
                            suite.mode,
                            pin.as_deref().filter(|p| p.is_file()),
                        )
                    })
                    .unwrap_or_else(|p| Err(panic_message(p)));
                    results.lock().unwrap().push((case, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

fn run_case(
    dir: &Path,
    engine: Engine,
    mode: strata::Mode,
    pin: Option<&Path>,
) -> Result<(), String> {
    create_roles(dir, engine)?;
    let a = case_file(dir, "a.sql")?;
    let b = case_file(dir, "b.sql")?;
    let expect = expect::load(&pin.map_or_else(|| dir.join("expect.toml"), Path::to_path_buf))?;
    let seed_a = optional_file(dir, "seed.sql")?;
    let seed_b = optional_file(dir, "seed-b.sql")?;
    let a_to_b = Direction {
        start: &a,
        seed: seed_a.as_ref(),
        target: &b,
        expect: &expect.a_to_b,
    };
    converge(engine, mode, &a_to_b).map_err(|e| format!("a→b: {e}"))?;
    let b_to_a = Direction {
        start: &b,
        seed: seed_b.as_ref(),
        target: &a,
        expect: &expect.b_to_a,
    };
    converge(engine, mode, &b_to_a).map_err(|e| format!("b→a: {e}"))?;
    Ok(())
}

/// One direction of a case: load `start`, add the `seed` rows, plan towards `target`.
struct Direction<'a> {
    start: &'a SqlFile,
    seed: Option<&'a SqlFile>,
    target: &'a SqlFile,
    expect: &'a expect::Shape,
}

fn optional_file(dir: &Path, name: &str) -> Result<Option<SqlFile>, String> {
    if dir.join(name).is_file() {
        case_file(dir, name).map(Some)
    } else {
        Ok(None)
    }
}

fn case_file(dir: &Path, name: &str) -> Result<SqlFile, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(SqlFile { path, text })
}

/// Roles named in `case.toml` must exist before loading (they are cluster-wide).
fn create_roles(dir: &Path, engine: Engine) -> Result<(), String> {
    if engine != Engine::Postgres {
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(dir.join("case.toml")) else {
        return Ok(());
    };
    let case: toml::Table = text.parse().map_err(|e| format!("case.toml: {e}"))?;
    let roles: Vec<String> = case
        .get("roles")
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if roles.is_empty() {
        return Ok(());
    }
    let mut admin = strata::connect(&strata_testkit::pg_url(), None).map_err(|e| e.to_string())?;
    for role in roles {
        // A listed role is SQL identifier text: already quoted when it starts with `"`.
        let ident = if role.starts_with('"') {
            role
        } else {
            strata_sqltext::quote_ident(&role)
        };
        let sql = format!(
            "DO $$ BEGIN CREATE ROLE {ident}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        );
        admin.execute(&sql).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Brings a fresh database loaded with the start (and its seed rows) to the target and
/// checks the plan's shape, that kept tables keep their rows, and convergence.
fn converge(engine: Engine, mode: strata::Mode, dir: &Direction) -> Result<(), String> {
    let (start, target) = (dir.start, dir.target);
    let fresh = FreshDb::new(engine);
    let mut db = strata::connect(&fresh.url(), None).map_err(|e| e.to_string())?;
    // The start is a live database as someone made it, not a schema file: it runs as
    // given, as psql would, without screening (a.sql may hold rows).
    db.execute(&start.text)
        .map_err(|e| format!("loading start schema: {e}"))?;
    if let Some(seed) = dir.seed {
        db.execute(&seed.text)
            .map_err(|e| format!("loading {}: {e}", seed.path.display()))?;
    }
    let scope = Scope::default();
    let current = strata::introspect(db.as_mut(), &scope).map_err(|e| e.to_string())?;
    let desired = desired_catalog(db.as_mut(), target, &scope)?;
    let (plan, _) = strata::plan_with(
        &current,
        &desired,
        db.as_mut(),
        &strata::PlanSettings {
            mode,
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    if mode == strata::Mode::Simple {
        expect::check(dir.expect, &plan)?;
    }
    let before = row_counts(db.as_mut(), &current)?;
    strata::apply(db.as_mut(), &plan, true)
        .map_err(|e| format!("{e}\n--- plan ---\n{}", plan.to_sql()))?;
    if engine == Engine::Sqlite {
        sqlite_checks(&fresh.url()).map_err(|e| format!("{e}\n--- plan ---\n{}", plan.to_sql()))?;
    }
    let after = strata::introspect(db.as_mut(), &scope).map_err(|e| e.to_string())?;
    rows_kept(&before, &row_counts(db.as_mut(), &after)?, &plan)?;
    let (replan, _) = strata::plan_with(
        &after,
        &desired,
        db.as_mut(),
        &strata::PlanSettings {
            mode,
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    if !replan.is_empty() {
        return Err(format!(
            "does not converge; re-plan after apply:\n{}\n--- applied plan ---\n{}",
            replan.to_sql(),
            plan.to_sql()
        ));
    }
    // SQLite changes shape by rebuilding the table, so the order of columns is the
    // target's and the whole catalog must match; PostgreSQL can only append columns.
    let exact = engine == Engine::Sqlite;
    let shown = |c: &Catalog| {
        if exact {
            c.clone()
        } else {
            columns_sorted(c.clone())
        }
    };
    let (got, want) = (
        strata::dump(&shown(&after), db.as_ref()).map_err(|e| e.to_string())?,
        strata::dump(&shown(&desired), db.as_ref()).map_err(|e| e.to_string())?,
    );
    if got != want {
        return Err(format!(
            "dump differs from a fresh load:\n--- got ---\n{got}\n--- want ---\n{want}"
        ));
    }
    // The dump can print two catalogs alike; the model itself must agree too.
    if exact && after != desired {
        return Err(format!(
            "catalog differs from a fresh load:\n--- got ---\n{after:#?}\n--- want ---\n{desired:#?}"
        ));
    }
    Ok(())
}

/// A rebuild copies rows with foreign keys off, so the file can be left corrupt or with
/// dangling references that no later read would notice. A connection of its own reads the
/// schema from the file, as the next user will, not from the applying connection's cache.
fn sqlite_checks(url: &str) -> Result<(), String> {
    let mut db = strata::connect(url, None).map_err(|e| e.to_string())?;
    let integrity = db
        .query("PRAGMA integrity_check")
        .map_err(|e| format!("integrity check: {e}"))?;
    if integrity != [vec![Some("ok".to_string())]] {
        return Err(format!("PRAGMA integrity_check after apply: {integrity:?}"));
    }
    let dangling = db
        .query("PRAGMA foreign_key_check")
        .map_err(|e| format!("foreign key check: {e}"))?;
    if !dangling.is_empty() {
        return Err(format!(
            "PRAGMA foreign_key_check after apply: {dangling:?}"
        ));
    }
    Ok(())
}

/// Rows per table (partitioned parents count their partitions' rows too).
fn row_counts(
    db: &mut dyn Database,
    catalog: &Catalog,
) -> Result<BTreeMap<String, String>, String> {
    let mut counts = BTreeMap::new();
    for name in catalog.tables.keys() {
        let quoted = format!("{}.{}", quote_ident(&name.schema), quote_ident(&name.name));
        let rows = db
            .query(&format!("SELECT count(*) FROM {quoted}"))
            .map_err(|e| format!("counting rows of {name}: {e}"))?;
        let count = rows.first().and_then(|r| r.first().cloned().flatten());
        counts.insert(name.to_string(), count.unwrap_or_default());
    }
    Ok(counts)
}

/// Every table on both sides of the apply has as many rows as before.
fn rows_kept(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    plan: &strata::Plan,
) -> Result<(), String> {
    for (table, was) in before {
        match after.get(table) {
            Some(now) if now != was => {
                return Err(format!(
                    "table {table} lost rows: {was} before the plan, {now} after\n--- plan ---\n{}",
                    plan.to_sql()
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn desired_catalog(
    db: &mut dyn Database,
    target: &SqlFile,
    scope: &Scope,
) -> Result<Catalog, String> {
    let mut scratch = db.scratch().map_err(|e| e.to_string())?;
    let report = strata::load_files(
        scratch.as_mut(),
        std::slice::from_ref(target),
        &strata::LoadRules::default(),
    )
    .map_err(|e| format!("loading target schema: {e}"))?;
    // As `strata::read_source` does: states loading did not set (an event trigger's).
    let mut catalog = scratch.introspect().map_err(|e| e.to_string())?;
    report.settle(&mut catalog);
    scope.apply(&mut catalog);
    Ok(catalog)
}

/// Column order is not comparable after ADD COLUMN in PostgreSQL; compare by name.
fn columns_sorted(mut catalog: Catalog) -> Catalog {
    for table in catalog.tables.values_mut() {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    catalog
}

/// A fresh database for one direction of one case, removed afterwards.
enum FreshDb {
    Postgres(strata_testkit::TestDb),
    Sqlite(tempfile::TempDir),
}

impl FreshDb {
    fn new(engine: Engine) -> Self {
        match engine {
            Engine::Postgres => FreshDb::Postgres(strata_testkit::TestDb::new()),
            Engine::Sqlite => FreshDb::Sqlite(tempfile::tempdir().expect("temp dir")),
        }
    }

    fn url(&self) -> String {
        match self {
            FreshDb::Postgres(db) => db.url().to_string(),
            FreshDb::Sqlite(dir) => format!("sqlite:{}", dir.path().join("case.db").display()),
        }
    }
}
