//! Loads schema files into a (scratch) database in an order that works.
//!
//! Every file is screened first (see [`Database::screen`]): a statement that may not be
//! loaded stops the load before anything is sent. Files are then loaded in name order,
//! but users should not have to order them: a statement that fails is retried after the
//! others, for as long as each pass makes progress. Only when a pass makes no progress is
//! the first still-failing statement reported, as `path:line`.
//!
//! Settings a file makes (`SET search_path`, pg_dump's `set_config(...)`) apply to that
//! file's later statements only: before a statement runs, the session is reset and its
//! file's earlier settings are run again when the previous statement came from elsewhere.
//!
//! States that loading must not set (an enabled event trigger would fire on the statements
//! after it) are left out of what is sent: the report keeps them, in the order their
//! statements ran ([`Action::Defer`]), and whoever reads the loaded database back sets them
//! on the catalog ([`LoadReport::settle`]) or, for a database that keeps what was loaded,
//! on the database itself ([`apply_deferred`]).
use crate::SqlFile;
use std::path::PathBuf;
use strata_catalog::Catalog;
use strata_execute::{Action, Database, DbError, Deferred, LoadRules, Screened};

/// A schema statement that could not be loaded, or was refused before loading.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct LoadError {
    /// The file (or `exec:<command>`).
    pub path: PathBuf,
    /// 1-based line of the statement (of the error, for syntax errors).
    pub line: usize,
    /// The database's message, or why the statement is not allowed.
    pub message: String,
    /// The statement text (empty when the file was refused before loading).
    pub statement: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// A statement the loader did not send, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// Why it was not sent.
    pub reason: String,
}

/// A state the files asked for that loading did not set, and where they asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredState {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The state.
    pub state: Deferred,
}

/// What a load did besides loading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Statements not sent (roles, psql meta-commands, transaction control).
    pub skipped: Vec<Skipped>,
    /// States to set on what is read back, in the order their statements ran (a later
    /// one for the same object wins).
    pub deferred: Vec<DeferredState>,
    /// `-- strata:` annotations of the files (rename hints, deprecation marks), in file
    /// order; empty for sources other than files.
    pub annotations: Vec<crate::Annotation>,
}

impl LoadReport {
    /// The rename hints of the files, in order.
    pub fn rename_hints(&self) -> Vec<strata_diff::Rename> {
        crate::rename_hints(&self.annotations)
    }

    /// The objects the files mark `-- strata:deprecated`, under their names in the files.
    pub fn deprecated(&self) -> Vec<&strata_catalog::ObjectId> {
        self.annotations
            .iter()
            .filter(|a| a.mark == crate::Mark::Deprecated)
            .map(|a| &a.object)
            .collect()
    }
}

impl LoadReport {
    /// Sets the deferred states on `catalog`, read back from the database the files were
    /// loaded into.
    pub fn settle(&self, catalog: &mut Catalog) {
        for d in &self.deferred {
            d.state.settle(catalog);
        }
    }
}

/// Sets the deferred states of a load on a database that keeps what was loaded (not a
/// scratch database). Call it after the last DDL that goes with the load: an event
/// trigger enabled here fires on every DDL command after it.
pub fn apply_deferred(db: &mut dyn Database, report: &LoadReport) -> Result<(), crate::Error> {
    if report.deferred.is_empty() {
        return Ok(());
    }
    let loaded = db.introspect()?;
    let mut wanted = loaded.clone();
    report.settle(&mut wanted);
    let plan = crate::plan(&loaded, &wanted, db)?;
    crate::apply(db, &plan, false)
}

/// One file, screened.
struct Screen<'a> {
    file: &'a SqlFile,
    statements: Vec<Screened>,
}

struct Pending<'a> {
    file: usize,
    /// How many of its file's settings come before it.
    settings: usize,
    statement: &'a Screened,
    error: Option<DbError>,
}

/// Screens every file, then runs their statements against `db`, retrying failed
/// statements after the rest until nothing more succeeds.
pub fn load_files(
    db: &mut dyn Database,
    files: &[SqlFile],
    rules: &LoadRules,
) -> Result<LoadReport, LoadError> {
    let screens = screen_all(db, files, rules)?;
    let mut pending = pending_statements(&screens);
    let mut session = Session::Unknown;
    let mut deferred = Vec::new();
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for mut p in pending {
            session.prepare(db, &screens, &p, rules)?;
            match db.execute_schema(p.statement) {
                Ok(()) => deferred.extend(deferred_state(&screens, &p)),
                Err(e) => {
                    p.error = Some(e);
                    still.push(p);
                }
            }
        }
        pending = still;
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    // Leave the session as strata expects it, whoever uses the connection next.
    db.reset_session(rules)
        .map_err(|e| session_error(files.last(), e))?;
    match pending.into_iter().next() {
        Some(first) => Err(failure(&screens, first)),
        None => Ok(LoadReport {
            skipped: skipped(&screens),
            deferred,
            annotations: Vec::new(),
        }),
    }
}

/// The state a statement that ran left for later, if it carries one.
fn deferred_state(screens: &[Screen], p: &Pending) -> Option<DeferredState> {
    match &p.statement.action {
        Action::Defer(state) => Some(DeferredState {
            path: screens[p.file].file.path.clone(),
            line: p.statement.line,
            state: state.clone(),
        }),
        _ => None,
    }
}

fn screen_all<'a>(
    db: &dyn Database,
    files: &'a [SqlFile],
    rules: &LoadRules,
) -> Result<Vec<Screen<'a>>, LoadError> {
    files
        .iter()
        .map(|file| match db.screen(&file.text, rules) {
            Ok(statements) => Ok(Screen { file, statements }),
            Err(refusal) => Err(LoadError {
                path: file.path.clone(),
                line: refusal.line,
                message: refusal.message,
                statement: String::new(),
                hint: refusal.hint,
            }),
        })
        .collect()
}

fn pending_statements<'a>(screens: &'a [Screen]) -> Vec<Pending<'a>> {
    let mut out = Vec::new();
    for (file, screen) in screens.iter().enumerate() {
        let mut settings = 0;
        for statement in &screen.statements {
            match statement.action {
                Action::Load | Action::Defer(_) => out.push(Pending {
                    file,
                    settings,
                    statement,
                    error: None,
                }),
                Action::Setting => settings += 1,
                Action::Skip(_) => {}
            }
        }
    }
    out
}

/// Which file's settings the session holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Session {
    Unknown,
    /// The first `n` settings of file `file`.
    Settings {
        file: usize,
        n: usize,
    },
}

impl Session {
    fn prepare(
        &mut self,
        db: &mut dyn Database,
        screens: &[Screen],
        p: &Pending,
        rules: &LoadRules,
    ) -> Result<(), LoadError> {
        let wanted = Session::Settings {
            file: p.file,
            n: p.settings,
        };
        if *self == wanted {
            return Ok(());
        }
        let screen = &screens[p.file];
        db.reset_session(rules)
            .map_err(|e| session_error(Some(screen.file), e))?;
        *self = Session::Unknown;
        let settings = screen
            .statements
            .iter()
            .filter(|s| s.action == Action::Setting)
            .take(p.settings);
        for setting in settings {
            db.execute_schema(setting).map_err(|e| LoadError {
                path: screen.file.path.clone(),
                line: setting.line,
                message: e.to_string(),
                statement: setting.text.clone(),
                hint: None,
            })?;
        }
        *self = wanted;
        Ok(())
    }
}

fn session_error(file: Option<&SqlFile>, e: DbError) -> LoadError {
    LoadError {
        path: file.map(|f| f.path.clone()).unwrap_or_default(),
        line: 0,
        message: format!("cannot reset the session between schema files: {e}"),
        statement: e.statement().unwrap_or_default().to_string(),
        hint: None,
    }
}

fn failure(screens: &[Screen], p: Pending) -> LoadError {
    // A rewritten statement's text is not the file's, so a position in it means nothing
    // there.
    let within = match p.statement.note {
        Some(_) => 0,
        None => p.error.as_ref().map_or(0, DbError::line_offset),
    };
    let mut message = p.error.map(|e| e.to_string()).unwrap_or_default();
    if let Some(note) = &p.statement.note {
        message.push_str(&format!("\n  note: {note}"));
    }
    LoadError {
        path: screens[p.file].file.path.clone(),
        line: p.statement.line + within,
        message,
        statement: p.statement.text.clone(),
        hint: None,
    }
}

fn skipped(screens: &[Screen]) -> Vec<Skipped> {
    screens
        .iter()
        .flat_map(|screen| {
            screen.statements.iter().filter_map(|s| match &s.action {
                Action::Skip(reason) => Some(Skipped {
                    path: screen.file.path.clone(),
                    line: s.line,
                    reason: reason.clone(),
                }),
                _ => None,
            })
        })
        .collect()
}
