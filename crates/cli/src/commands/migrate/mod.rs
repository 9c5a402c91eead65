//! The versioned-migration subcommands over `strata-migrate`: one module per command,
//! and here what they share (settings, connecting, turning library errors into messages
//! with hints).
use super::shared::{Access, connect, parse_source, scratch_host};
use crate::config::{Config, Overrides, Settings};
use crate::error::CliError;
use crate::printer::Printer;
use std::path::{Path, PathBuf};
use std::time::Duration;
use strata::{Database, Source};
use strata_migrate::{Error, MigrationDir};

pub mod args;
pub mod check;
pub mod current;
pub mod downgrade;
pub mod heads;
pub mod history;
pub mod merge;
pub mod repair;
pub mod resolve;
pub mod revision;
pub mod squash;
pub mod stamp;
pub mod status;
pub mod upgrade;

use args::{LockArgs, MigrationArgs};

/// The migrations folder when neither a flag nor strata.toml names one.
pub const DEFAULT_DIR: &str = "migrations";

/// Everything a migration command needs to know before connecting.
pub struct Project {
    /// URL, schema, dev URL and scope, resolved as for `plan`.
    pub settings: Settings,
    /// The migrations folder.
    pub dir: PathBuf,
    /// The library's settings: history table, lock, scope.
    pub migrate: strata_migrate::Settings,
}

impl Project {
    /// Flags over `DATABASE_URL` over strata.toml, as for every command.
    pub fn resolve(
        config: &Config,
        flags: &Overrides,
        migrations: &MigrationArgs,
        lock: Option<&LockArgs>,
    ) -> Result<Project, CliError> {
        let settings = Settings::resolve(config, flags, &|name| std::env::var(name).ok())?;
        let section = config.file.migrations.as_ref();
        let dir = migrations
            .migrations
            .clone()
            .or_else(|| section.and_then(|m| m.dir.clone()).map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
        let mut migrate = strata_migrate::Settings {
            scope: settings.scope.clone(),
            load: settings.load.clone(),
            threshold: settings.threshold,
            ..strata_migrate::Settings::default()
        };
        migrate.table = migrations
            .history_table
            .clone()
            .unwrap_or_else(|| history_table(config));
        migrate.lock_timeout = settings.lock_timeout;
        migrate.statement_timeout = settings.statement_timeout;
        if let Some(lock) = lock {
            migrate.lock = !lock.no_lock;
            if let Some(timeout) = lock.lock_timeout {
                migrate.lock_timeout = timeout;
            }
        }
        Ok(Project {
            settings,
            dir,
            migrate,
        })
    }

    /// `--pg-version`: revisions are judged (and linted) for that PostgreSQL release.
    /// Refused when the configured database is not PostgreSQL.
    pub fn set_pg_version(&mut self, version: Option<strata::PgVersion>) -> Result<(), CliError> {
        if let (Some(_), Some((url, _))) = (version, &self.settings.url) {
            super::shared::check_pg_version(url, version)?;
        }
        self.migrate.pg_version = version;
        Ok(())
    }

    /// Reads the migrations folder.
    pub fn load(&self) -> Result<MigrationDir, CliError> {
        MigrationDir::load(&self.dir).map_err(|e| match e {
            Error::MissingDir(_) => CliError::error(e.to_string()).hint(
                "create the first revision with `strata revision -m \"...\"`, or point at the folder with `--migrations` (or `[migrations] dir` in strata.toml)"
            ),
            e => e.into(),
        })
    }

    /// Connects to the configured database, for commands that change it.
    pub fn open(&self, printer: Printer) -> Result<Box<dyn Database>, CliError> {
        let url = self.settings.require_url()?;
        connect(
            url,
            self.settings.dev_url.as_deref(),
            Access::ReadWrite,
            printer,
        )
    }

    /// Connects to the configured database, for commands that only read it: a missing
    /// SQLite file is an error rather than created.
    pub fn open_read_only(&self, printer: Printer) -> Result<Box<dyn Database>, CliError> {
        let url = self.settings.require_url()?;
        connect(
            url,
            self.settings.dev_url.as_deref(),
            Access::ReadOnly,
            printer,
        )
    }

    /// The schema source (`--schema`, `schema` in strata.toml, or `schema/`).
    pub fn schema(&self) -> Result<Source, CliError> {
        parse_source(&self.settings.schema)
    }

    /// A database whose server can replay migrations and load `schema`: the one it
    /// names, else the dev database, else the configured PostgreSQL database, else an
    /// in-memory SQLite database. Replays run in its scratch databases, so the host itself
    /// is only read.
    pub fn replay_host(
        &self,
        schema: Option<&Source>,
        printer: Printer,
    ) -> Result<Box<dyn Database>, CliError> {
        let files = Source::Files(self.dir.clone());
        let sources: Vec<&Source> = schema.into_iter().chain([&files]).collect();
        let host = scratch_host(&sources, &self.settings, printer);
        connect(
            &host.url,
            host.dev_url.as_deref(),
            Access::ReadOnly,
            printer,
        )
    }
}

/// The history table strata.toml names (`[migrations] table`), or the default. `apply`
/// derives its runner lock from it, so it shares the lock with the migration commands.
pub fn history_table(config: &Config) -> String {
    config
        .file
        .migrations
        .as_ref()
        .and_then(|m| m.table.clone())
        .unwrap_or_else(|| strata_migrate::DEFAULT_TABLE.to_string())
}

/// `12 ms`, `1.25 s`.
pub fn duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// A path as the user would type it: relative to the current directory when below it.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

impl From<Error> for CliError {
    fn from(err: Error) -> CliError {
        let message = err.to_string();
        match err {
            Error::Strata(e) => e.into(),
            Error::MultipleHeads(_) => CliError::refused(message)
                .hint("`strata merge -m \"merge heads\"` writes a revision that joins them"),
            Error::Dirty { revision, .. } => CliError::refused(message).hint(format!(
                "look at what revision {revision} changed, then run `strata resolve {revision} --applied` or `--rolled-back`"
            )),
            Error::ChecksumMismatch(_) => CliError::refused(message).hint(
                "applied revisions should not change; if the edit is intended, `strata repair <revision>` records it",
            ),
            Error::PartlySquashed { .. } | Error::NotEmpty(_) | Error::NotDirty(_) | Error::NotApplied(_) => {
                CliError::refused(message)
            }
            Error::Lock(_) => CliError::refused(message).hint(
                "another strata process is migrating this database; wait for it, or raise `--lock-timeout`",
            ),
            Error::Invalid(_) => CliError::error(message)
                .hint("fix the files named above; `strata check` lists every problem"),
            Error::Irreversible { .. } => CliError::refused(message),
            Error::UnknownApplied(_) => CliError::refused(message).hint(
                "after switching branches, `strata upgrade --revert-unknown` undoes them with the down SQL stored when they ran; `--ignore-unknown` leaves them and goes on",
            ),
            Error::NotConfirmed(_) => CliError::refused(message),
            Error::Unapproved(revisions) => unapproved_revisions(&revisions),
            _ => CliError::error(message),
        }
    }
}

/// Revisions not yet run need approval: each finding, with the lines that approve it
/// (the revision's own header line, the flag, the approval-file entry).
fn unapproved_revisions(revisions: &[strata_migrate::Unapproved]) -> CliError {
    let n = revisions.len();
    let mut message = format!(
        "refusing to run: {n} {} findings that need approval; nothing was run:",
        crate::error::plural(n, "revision has", "revisions have")
    );
    for rev in revisions {
        message.push_str(&format!(
            "\n  - {} {} ({})",
            rev.revision,
            rev.direction,
            shown(&rev.path)
        ));
        for p in &rev.pending {
            message.push_str(&format!("\n      {}", p.hazard));
            crate::error::push_approval_lines(&mut message, &p.hazard, true);
        }
    }
    CliError::refused(message)
        .hint("`--allow-destructive` approves every finding that needs approval at once")
}
