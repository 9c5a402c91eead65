//! `strata lint FILE|DIR...`: which scripts the paths hold, in which order, and linting
//! them with [`strata::lint`]. A folder whose `.sql` files are revisions is read as a
//! migrations folder (each revision's up section, in graph order, with its
//! `-- strata:no-transaction`); any other `.sql` file is one script, and a folder of
//! them is read recursively in name order.
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::file::{self, Revision};
use std::path::{Path, PathBuf};
use strata::lint::{LintError, LintOptions, LintReport, Script};
use strata::{Database, Scope};

/// What `lint` reads and how.
pub struct LintRun<'a> {
    /// Options for the rules.
    pub options: LintOptions,
    /// A database to make scratch databases from, to replay the scripts (SQLite's
    /// in-memory one, or a PostgreSQL server); `None`: syntax only.
    pub replay: Option<&'a mut dyn Database>,
    /// The live database whose statistics say which tables hold rows.
    pub statistics: Option<&'a mut dyn Database>,
    /// Scope of the replayed catalogs.
    pub scope: Scope,
}

/// Why linting failed (findings are not failures).
#[derive(Debug, thiserror::Error)]
pub enum LintFailure {
    /// A script does not parse.
    #[error(transparent)]
    Syntax(#[from] LintError),
    /// Reading files or a database failed.
    #[error(transparent)]
    Migrate(#[from] Error),
}

impl From<strata::Error> for LintFailure {
    fn from(e: strata::Error) -> Self {
        LintFailure::Migrate(e.into())
    }
}

/// Scripts replayed one after the other on one scratch database.
pub struct Group {
    /// The scripts, in order.
    pub scripts: Vec<Script>,
    /// A migrations folder or a revision: its replay starts from an empty database.
    /// Other scripts change an existing database, so with a live one their replay
    /// starts from its schema.
    pub revisions: bool,
}

/// The scripts of `paths`, in order.
pub fn scripts(paths: &[PathBuf]) -> Result<Vec<Group>, Error> {
    let mut groups = Vec::new();
    for path in paths {
        let group = if path.is_dir() && holds_revisions(path)? {
            let dir = MigrationDir::load(path)?;
            Group {
                scripts: dir.revisions().iter().map(revision_script).collect(),
                revisions: true,
            }
        } else if path.is_dir() {
            let mut files = Vec::new();
            sql_files(path, &mut files)?;
            Group {
                scripts: files
                    .iter()
                    .map(|f| read_script(f))
                    .collect::<Result<_, _>>()?,
                revisions: false,
            }
        } else {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            Group {
                scripts: vec![read_script(path)?],
                revisions: is_revision(&text),
            }
        };
        groups.push(group);
    }
    Ok(groups)
}

/// Lints the scripts of `paths`.
pub fn lint(paths: &[PathBuf], run: LintRun<'_>) -> Result<LintReport, LintFailure> {
    let LintRun {
        options,
        mut replay,
        mut statistics,
        scope,
    } = run;
    let mut report = LintReport::default();
    let live = match (statistics.as_deref_mut(), replay.is_some()) {
        (Some(db), true) => Some(strata::introspect(db, &scope)?),
        _ => None,
    };
    for group in scripts(paths)? {
        report.files += group.scripts.len();
        let mut scratch = match replay.as_deref_mut() {
            Some(host) => Some(host.scratch().map_err(Error::from)?),
            None => None,
        };
        if let (Some(db), Some(live), false) = (scratch.as_deref_mut(), &live, group.revisions) {
            seed(db, live)?;
        }
        for script in &group.scripts {
            let (mut findings, ignored) = strata::lint::syntax(script, &options)?;
            report.ignored += ignored;
            if let Some(db) = scratch.as_deref_mut() {
                match strata::lint::replay(db, script, &scope, &findings) {
                    Ok((found, ignored)) => {
                        findings.extend(found);
                        report.ignored += ignored;
                    }
                    Err(Ok(note)) => {
                        report.notes.push(note);
                        // The scratch database is in no known state: later scripts get
                        // syntax findings only.
                        scratch = None;
                    }
                    Err(Err(e)) => return Err(e.into()),
                }
            }
            if let Some(db) = statistics.as_deref_mut() {
                report.empty_tables += strata::lint::statistics(db, &mut findings)?;
            }
            report.add(findings);
        }
    }
    Ok(report)
}

/// Makes `scratch` hold the live database's schema.
fn seed(scratch: &mut dyn Database, live: &strata::Catalog) -> Result<(), LintFailure> {
    let empty = strata::introspect(scratch, &Scope::default())?;
    let plan = strata::plan(&empty, live, scratch)?;
    scratch
        .apply(&plan, &strata::ApplyOptions::default())
        .map_err(|e| Error::Strata(strata::Error::from(e)))?;
    Ok(())
}

/// The syntax findings of the revisions in `dir` (for `check`): no replay, no statistics.
pub fn lint_revisions(
    revisions: &[&Revision],
    options: &LintOptions,
) -> Result<LintReport, LintError> {
    let mut report = LintReport::default();
    for rev in revisions {
        let script = revision_script(rev);
        let (findings, ignored) = strata::lint::syntax(&script, options)?;
        report.files += 1;
        report.ignored += ignored;
        report.add(findings);
    }
    Ok(report)
}

/// The up section of a revision, at its lines in the file: the header and the down
/// section are blanked.
fn revision_script(rev: &Revision) -> Script {
    let text = std::fs::read_to_string(&rev.path).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let up_lines = rev.lines.up + 1..=if rev.lines.down > 0 {
        rev.lines.down - 1
    } else {
        usize::MAX
    };
    let text = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| if up_lines.contains(&(i + 1)) { l } else { "" })
        .collect::<Vec<_>>()
        .join("\n");
    Script {
        path: rev.path.clone(),
        text,
        in_transaction: !rev.no_transaction,
    }
}

/// A file: a revision when it has a strata header, else a plain script.
fn read_script(path: &Path) -> Result<Script, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if is_revision(&text) {
        let rev = file::parse(path, &text).map_err(Error::Invalid)?;
        return Ok(revision_script(&rev));
    }
    Ok(Script {
        path: path.to_path_buf(),
        text,
        in_transaction: false,
    })
}

fn is_revision(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("-- strata:revision"))
}

/// True when the `.sql` files directly in `dir` are revisions.
fn holds_revisions(dir: &Path) -> Result<bool, Error> {
    let mut files = Vec::new();
    sql_files(dir, &mut files)?;
    for f in files.iter().filter(|f| f.parent() == Some(dir)) {
        let text = std::fs::read_to_string(f).map_err(|source| Error::Io {
            path: f.clone(),
            source,
        })?;
        if is_revision(&text) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Every `.sql` file under `dir`, in name order.
fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sql_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "sql") {
            out.push(p);
        }
    }
    Ok(())
}
