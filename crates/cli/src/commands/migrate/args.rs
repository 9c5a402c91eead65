//! Clap definitions of the migration subcommands. They live beside their commands so
//! `cli.rs` only names them.
use crate::cli::{DevArgs, RenameArgs, ScopeArgs};
use crate::duration::parse_duration;
use clap::Args;
use std::path::PathBuf;

/// Where the revisions and the history table are.
#[derive(Debug, Args)]
pub struct MigrationArgs {
    /// The migrations folder (overrides `[migrations] dir` in strata.toml) [default:
    /// migrations].
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<PathBuf>,

    /// The history table (overrides `[migrations] table`) [default: strata_history].
    #[arg(long, value_name = "NAME")]
    pub history_table: Option<String>,
}

/// The database a migration command works on.
#[derive(Debug, Args)]
pub struct UrlArgs {
    /// The database (overrides `DATABASE_URL` and `url` in strata.toml).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// The migration lock.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// How long to wait for another strata process's lock (`30s`, `2m`; a bare number is
    /// seconds) [default: `lock_timeout` in strata.toml, else 60s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub lock_timeout: Option<std::time::Duration>,

    /// Do not take the migration lock (for connection poolers that break session locks).
    #[arg(long)]
    pub no_lock: bool,
}

#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// What the revision does (also names its file).
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: String,

    /// Write a blank revision instead of computing one from the schema files.
    #[arg(long)]
    pub empty: bool,

    /// The desired schema [default: schema].
    #[arg(long, value_name = "SOURCE")]
    pub schema: Option<String>,

    /// The database whose server replays the migrations (its kind decides the SQL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// `simple`: plain statements; `online`: online recipes (CREATE INDEX CONCURRENTLY,
    /// NOT VALID then VALIDATE, ...) for every existing table; `by-size`: for the tables
    /// of the `--url` database above `online_threshold` [default: by-size with `--url`,
    /// else simple]. A revision with a step that cannot run in a transaction is written
    /// `-- strata:no-transaction`.
    #[arg(long, value_enum, conflicts_with = "empty")]
    pub mode: Option<crate::cli::ModeArg>,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rename: RenameArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merge revision's message [default: merge <heads>].
    #[arg(short, long, value_name = "MESSAGE", default_value = "")]
    pub message: String,

    #[command(flatten)]
    pub migrations: MigrationArgs,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// `head`, `heads`, a revision id or unique prefix, or `+N`.
    #[arg(
        default_value = "head",
        value_name = "TARGET",
        allow_hyphen_values = true
    )]
    pub target: String,

    /// Print the SQL it would run, history-table statements included; change nothing.
    #[arg(long)]
    pub sql: bool,

    /// First undo applied revisions this folder does not have (newest first), using the
    /// down SQL stored when they were applied.
    #[arg(long, conflicts_with = "sql")]
    pub revert_unknown: bool,

    /// Go on although the database applied revisions this folder does not have (without
    /// this or `--revert-unknown`, upgrade refuses and names them).
    #[arg(long, conflicts_with = "revert_unknown")]
    pub ignore_unknown: bool,

    /// Build an empty database from the schema files and record it at head, instead of
    /// running every revision.
    #[arg(long, conflicts_with_all = ["sql", "revert_unknown"])]
    pub from_schema: bool,

    /// The schema files for `--from-schema` [default: schema].
    #[arg(long, value_name = "SOURCE", requires = "from_schema")]
    pub schema: Option<String>,

    /// Allow revisions whose SQL loses data: approves every finding that needs approval,
    /// heavy steps on large tables too.
    #[arg(long)]
    pub allow_destructive: bool,

    #[command(flatten)]
    pub approvals: crate::cli::ApprovalArgs,

    /// How long one statement of a revision may run before PostgreSQL cancels it (`0`: no
    /// limit) [default: `statement_timeout` in strata.toml, else no limit]. Concurrent
    /// index builds, validations and VACUUM are left out.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_timeout: Option<std::time::Duration>,

    /// Judge the revisions for this PostgreSQL version (`12`, `14.2`) instead of the
    /// server's: findings, and so what needs approval, depend on it.
    #[arg(long, value_name = "VERSION")]
    pub pg_version: Option<strata::PgVersion>,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub struct DowngradeArgs {
    /// A revision id or unique prefix, `-N`, or `base`.
    #[arg(value_name = "TARGET", allow_hyphen_values = true)]
    pub target: String,

    /// Undo without asking (needed when standard input is not a terminal).
    #[arg(short, long)]
    pub yes: bool,

    /// Allow revisions whose SQL loses data: approves every finding that needs approval,
    /// heavy steps on large tables too.
    #[arg(long)]
    pub allow_destructive: bool,

    #[command(flatten)]
    pub approvals: crate::cli::ApprovalArgs,

    /// How long one statement of a revision may run before PostgreSQL cancels it (`0`: no
    /// limit) [default: `statement_timeout` in strata.toml, else no limit]. Concurrent
    /// index builds, validations and VACUUM are left out.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_timeout: Option<std::time::Duration>,

    /// Judge the revisions for this PostgreSQL version (`12`, `14.2`) instead of the
    /// server's: findings, and so what needs approval, depend on it.
    #[arg(long, value_name = "VERSION")]
    pub pg_version: Option<strata::PgVersion>,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub struct StampArgs {
    /// `head`, `heads`, `base`, or a revision id or unique prefix.
    #[arg(value_name = "TARGET")]
    pub target: String,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub struct CurrentArgs {
    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,
}

#[derive(Debug, Args)]
pub struct HeadsArgs {
    #[command(flatten)]
    pub migrations: MigrationArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// List the revisions without asking any database which are applied.
    #[arg(long)]
    pub offline: bool,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Skip the drift check (replaying the applied revisions into a scratch database).
    #[arg(long)]
    pub no_drift: bool,

    /// Exit with status 2 unless the database is at head with nothing wrong: no pending,
    /// unknown or edited revisions, no unsettled step, no drift.
    #[arg(long)]
    pub exit_code: bool,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The schema the migrations must produce [default: schema].
    #[arg(long, value_name = "SOURCE")]
    pub schema: Option<String>,

    /// Also check this database: recorded checksums against the files, unknown or
    /// unsettled revisions, and drift of its schema from what its revisions produce.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Skip checking that each revision's down undoes its up.
    #[arg(long)]
    pub no_downs: bool,

    /// Judge and lint the revisions for this PostgreSQL version (`12`, `14.2`) [default:
    /// the server's].
    #[arg(long, value_name = "VERSION")]
    pub pg_version: Option<strata::PgVersion>,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

#[derive(Debug, Args)]
pub struct SquashArgs {
    /// The last revision to fold into the baseline (id or unique prefix).
    #[arg(long, value_name = "REVISION")]
    pub to: String,

    /// The baseline's message [default: squashed baseline].
    #[arg(short, long, value_name = "MESSAGE", default_value = "")]
    pub message: String,

    /// The database whose server replays the migrations.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// The applied revision whose edited file is to be accepted.
    #[arg(value_name = "REVISION")]
    pub revision: String,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("outcome").required(true))]
pub struct ResolveArgs {
    /// The revision whose no-transaction step failed.
    #[arg(value_name = "REVISION")]
    pub revision: String,

    /// Its changes are all in the database: record it as done.
    #[arg(long, group = "outcome")]
    pub applied: bool,

    /// None of its changes are in the database: record it as not done.
    #[arg(long, group = "outcome")]
    pub rolled_back: bool,

    #[command(flatten)]
    pub url: UrlArgs,

    #[command(flatten)]
    pub migrations: MigrationArgs,

    #[command(flatten)]
    pub lock: LockArgs,
}
