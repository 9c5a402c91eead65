//! The command line, as clap definitions only. What the flags mean is decided in
//! `config.rs` (settings) and `commands/` (behaviour).
//!
//! To add a subcommand: add a variant to [`Command`] with its `Args` struct here, a module
//! in `commands/`, and one arm in `commands::run`.
use crate::commands::migrate::args as migrate;
use crate::duration::parse_duration;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Database schema as code: compare a schema written in SQL with a database, and make the
/// database match.
#[derive(Debug, Parser)]
#[command(name = "strata", version, propagate_version = true)]
#[command(
    after_help = "Settings come from flags, then `DATABASE_URL` (for the URL), then \
                        `strata.toml` in the current directory."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags accepted by every subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Read settings from this file instead of `./strata.toml`.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// When to use colours (`NO_COLOR` is honoured by `auto`).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN"
    )]
    pub color: ColorChoice,

    /// Print only errors and data.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Explain what strata is doing.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create `strata.toml` and an example `schema/` directory.
    Init(InitArgs),
    /// Show the SQL that would make the database match the schema.
    Plan(PlanArgs),
    /// Make the database match the schema.
    Apply(ApplyArgs),
    /// Print the SQL that turns the schema of FROM into the schema of TO.
    ///
    /// Exits 0 when they match, 2 when they differ, 1 on errors.
    Diff(DiffArgs),
    /// Print the schema of a source as canonical SQL.
    Dump(DumpArgs),
    /// List the scratch databases on the server and drop those left behind by runs that
    /// were killed.
    Cleanup(CleanupArgs),
    /// Describe the hazard rules: all of them, or one by code or name (`PG001`,
    /// `drop-column`).
    Explain(ExplainArgs),
    /// Lint hand-written migrations and revision files; exits 2 with findings.
    Lint(LintArgs),
    /// Write a new revision on top of the head: computed from the schema files, or blank
    /// with `--empty`.
    Revision(migrate::RevisionArgs),
    /// Run pending revisions up to TARGET (default: head).
    Upgrade(migrate::UpgradeArgs),
    /// Undo applied revisions back to TARGET (a revision, -N or base).
    Downgrade(migrate::DowngradeArgs),
    /// Show the revision the database is at.
    Current(migrate::CurrentArgs),
    /// Show the revisions nothing builds on yet.
    Heads(migrate::HeadsArgs),
    /// List every revision in graph order, and which the database applied.
    History(migrate::HistoryArgs),
    /// Show where the database is, what is pending, and whether its schema drifted.
    Status(migrate::StatusArgs),
    /// Record the database as being at TARGET without running anything.
    Stamp(migrate::StampArgs),
    /// Write a revision that joins the current heads.
    Merge(migrate::MergeArgs),
    /// Check the migrations for CI; exits 2 with a list of problems.
    Check(migrate::CheckArgs),
    /// Replace the revisions up to a revision by one baseline revision.
    Squash(migrate::SquashArgs),
    /// Accept the edited file of an applied revision.
    Repair(migrate::RepairArgs),
    /// Settle a dirty database: record whether a failed no-transaction revision took effect.
    Resolve(migrate::ResolveArgs),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How to print a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// SQL with a comment above each step: its summary and hazards.
    #[default]
    Text,
    /// Only the runnable SQL statements.
    Sql,
    /// A JSON document with every step, its statements and hazards.
    Json,
}

/// How a plan treats tables that hold rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Plain statements in one transaction, whatever the tables hold.
    Simple,
    /// Online recipes for every existing table (CREATE INDEX CONCURRENTLY, NOT VALID then
    /// VALIDATE, ...), in several transactions.
    Online,
    /// Online recipes for the tables above `online_threshold` (the default of `plan` and
    /// `apply`).
    BySize,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project directory.
    #[arg(default_value = ".", value_name = "DIR")]
    pub path: PathBuf,

    /// The database URL to write into `strata.toml`.
    #[arg(long, value_name = "URL", default_value = "sqlite:app.db")]
    pub url: String,
}

/// The database to change and the schema it should have.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The database (overrides `DATABASE_URL` and `url` in strata.toml).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The desired schema: a directory of `.sql` files, one `.sql` file, a database URL or
    /// `exec:COMMAND` [default: schema].
    #[arg(long, value_name = "SOURCE")]
    pub schema: Option<String>,
}

/// Where schema files are loaded.
#[derive(Debug, Args)]
pub struct DevArgs {
    /// An empty database of the same kind, for loading schema files (instead of a
    /// temporary database on the target server).
    #[arg(long, value_name = "URL")]
    pub dev_url: Option<String>,
}

/// Objects renamed rather than dropped and created.
#[derive(Debug, Args, Default)]
pub struct RenameArgs {
    /// Rename OLD to NEW instead of dropping one and creating the other, keeping its
    /// rows: `public.users=public.accounts` (table, view, type or index),
    /// `public.users.email=public.users.mail` (column or constraint), `app=core`
    /// (schema). Repeatable; applied in order, after the files' `renamed-from` hints.
    #[arg(long = "rename", value_name = "OLD=NEW")]
    pub renames: Vec<String>,
}

/// Which objects strata manages.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Manage only these schemas (comma-separated; overrides `schemas` in strata.toml).
    #[arg(long, value_name = "SCHEMAS", value_delimiter = ',')]
    pub schema_filter: Option<Vec<String>>,

    /// Leave objects matching this pattern alone (`*` and `?`; matched against `name` and
    /// `schema.name`). Repeatable; added to `exclude` in strata.toml.
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,

    /// Leave privileges (GRANT/REVOKE) alone.
    #[arg(long)]
    pub exclude_privileges: bool,
}

/// Approvals of findings for one run (besides `strata.approvals.toml`).
#[derive(Debug, Args)]
pub struct ApprovalArgs {
    /// Approve a rule's findings: `CODE[,CODE]` everywhere for this run, or
    /// `CODE:schema.object` on one object (codes or rule names). Repeatable.
    #[arg(long = "allow", value_name = "RULE[:OBJECT]")]
    pub allow: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rename: RenameArgs,

    #[command(flatten)]
    pub approvals: ApprovalArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Exit with status 2 when changes are pending (0 when none).
    #[arg(long)]
    pub exit_code: bool,

    /// Also save the plan to FILE (JSON) for `strata apply --plan FILE`: the statements as
    /// reviewed, and fingerprints of the database they were planned against.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// `simple`: one transaction, plain statements; `online`: online recipes for every
    /// existing table [default: online recipes for tables above `online_threshold`,
    /// 10,000 rows or 10MB].
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,

    /// Judge the steps for this PostgreSQL version (`12`, `14.2`) instead of the server
    /// the plan is made on: findings such as table rewrites and lock modes depend on it.
    #[arg(long, value_name = "VERSION")]
    pub pg_version: Option<strata::PgVersion>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rename: RenameArgs,

    /// Apply without asking for confirmation.
    #[arg(short, long)]
    pub yes: bool,

    /// Allow steps that lose data (dropped tables and columns, narrowing type changes):
    /// approves every finding that needs approval, heavy steps on large tables too.
    #[arg(long)]
    pub allow_destructive: bool,

    #[command(flatten)]
    pub approvals: ApprovalArgs,

    /// Apply this saved plan (from `strata plan --out`) exactly as it was reviewed,
    /// refusing when the database changed since; the schema files are not read.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["schema", "dev_url"])]
    pub plan: Option<PathBuf>,

    /// How long to wait for another strata process's lock on the database [default:
    /// `lock_timeout` in strata.toml, else 60s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub lock_timeout: Option<Duration>,

    /// How long one statement may wait for a table lock before it gives up (`0` waits)
    /// [default: `statement_lock_timeout` in strata.toml, else 5s]. A plan in one
    /// transaction is then rolled back; an online plan retries that step with backoff.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_lock_timeout: Option<Duration>,

    /// How long one statement may run before PostgreSQL cancels it (`0`: no limit)
    /// [default: `statement_timeout` in strata.toml, else no limit]. Concurrent index
    /// builds and validations are left out: they take as long as the table needs.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_timeout: Option<Duration>,

    /// `simple`: one transaction, plain statements; `online`: online recipes for every
    /// existing table [default: online recipes for tables above `online_threshold`,
    /// 10,000 rows or 10MB].
    #[arg(long, value_enum, conflicts_with = "plan")]
    pub mode: Option<ModeArg>,

    /// Judge the steps for this PostgreSQL version (`12`, `14.2`) instead of the server
    /// applied to: findings, and so what needs approval, depend on it.
    #[arg(long, value_name = "VERSION", conflicts_with = "plan")]
    pub pg_version: Option<strata::PgVersion>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The starting schema: a database URL, a directory or `.sql` file, or `exec:COMMAND`.
    #[arg(value_name = "FROM")]
    pub from: String,

    /// The schema to arrive at (same kinds as FROM).
    #[arg(value_name = "TO")]
    pub to: String,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rename: RenameArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Judge the steps for this PostgreSQL version (`12`, `14.2`) instead of the server
    /// the plan is made on: findings such as table rewrites and lock modes depend on it.
    #[arg(long, value_name = "VERSION")]
    pub pg_version: Option<strata::PgVersion>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// `.sql` files, revision files, migrations folders or folders of `.sql` files.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<std::path::PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// A database whose statistics say which tables hold rows; a PostgreSQL one also
    /// hosts the scratch databases the scripts are replayed in, and gives the version.
    #[arg(long)]
    pub url: Option<String>,

    /// The PostgreSQL major version the scripts run on [default: the server's with
    /// `--url`, else 15].
    #[arg(long, value_name = "N")]
    pub pg_version: Option<u32>,

    /// The database the scripts are for [default: the `--url`'s, else postgres].
    #[arg(long, value_enum)]
    pub dialect: Option<LintDialect>,
}

/// How to print lint findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// `file:line:col: CODE name: message`, one a line.
    Text,
    /// A JSON array of findings.
    Json,
    /// GitHub workflow annotations (`::warning file=...`).
    Github,
}

/// The databases `lint` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintDialect {
    /// PostgreSQL: syntax rules, replay with `--url`.
    Postgres,
    /// SQLite: replay in memory.
    Sqlite,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule's code or name; lists every rule when left out.
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// A database URL, a directory or `.sql` file, or `exec:COMMAND` [default: the
    /// configured database URL].
    #[arg(value_name = "SOURCE")]
    pub source: Option<String>,

    #[command(flatten)]
    pub dev: DevArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// A database on the server to clean (overrides `DATABASE_URL` and `url` in
    /// strata.toml).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Only list them; drop nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also drop scratch databases in use; the runs using them fail.
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_scope_flags() {
        let cli = Cli::parse_from([
            "strata",
            "plan",
            "--schema-filter",
            "public,app",
            "--exclude",
            "tmp_*",
            "--exclude",
            "audit.*",
            "-q",
        ]);
        let Command::Plan(plan) = cli.command else {
            panic!("expected plan")
        };
        assert_eq!(
            plan.scope.schema_filter,
            Some(vec!["public".to_string(), "app".to_string()])
        );
        assert_eq!(plan.scope.exclude, ["tmp_*", "audit.*"]);
        assert!(cli.global.quiet);
    }
}
