//! Steps several subcommands share: classifying source arguments, connecting, reading a
//! source into a catalog.
use crate::config::Settings;
use crate::error::CliError;
use crate::printer::Printer;
use crate::redact::redact;
use strata::{Catalog, Database, DbError, Engine, Error, Source};

/// The database used to load schema files when no side of a command is a database and no
/// `--dev-url` or configured URL is there: free, and needs no server.
pub const FALLBACK_HOST: &str = "sqlite::memory:";

/// Classifies a source argument. Anything shaped like `scheme://...` must be a supported
/// database URL, so `mysql://...` is an error rather than a missing directory.
pub fn parse_source(arg: &str) -> Result<Source, CliError> {
    let source = Source::parse(arg);
    if matches!(source, Source::Files(_)) && looks_like_url(arg) {
        return Err(Error::UnsupportedUrl(redact(arg)).into());
    }
    Ok(source)
}

/// A database URL (for `--url` and `--dev-url`), checked before connecting.
pub fn database_url(url: &str) -> Result<Engine, CliError> {
    Engine::of_url(url).ok_or_else(|| Error::UnsupportedUrl(redact(url)).into())
}

fn looks_like_url(arg: &str) -> bool {
    arg.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// How a source is shown in messages: URLs without passwords, paths as given.
pub fn label(source: &Source) -> String {
    match source {
        Source::Database(url) => redact(url),
        Source::Files(path) => path.display().to_string(),
        Source::Exec(command) => format!("exec:{command}"),
    }
}

/// Fails early, before any connection, when a file source does not exist or is a SQLite
/// database given as a plain path.
pub fn check_exists(source: &Source) -> Result<(), CliError> {
    let Source::Files(path) = source else {
        return Ok(());
    };
    if !path.exists() {
        return Err(Error::MissingPath(path.clone()).into());
    }
    if path.is_file() && is_sqlite_file(path) {
        return Err(CliError::error(format!(
            "`{}` is a SQLite database, not a schema file",
            path.display()
        ))
        .hint(format!(
            "to read the database, write `sqlite:{}`",
            path.display()
        )));
    }
    Ok(())
}

fn is_sqlite_file(path: &std::path::Path) -> bool {
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// Whether a command may change the database it connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It only reads: a missing SQLite file is an error rather than created.
    ReadOnly,
    /// It writes (`apply`, `upgrade`, ...): a missing SQLite file is created.
    ReadWrite,
}

/// Connects to `url`; `dev_url` (same kind of database) is where schema files get loaded.
pub fn connect(
    url: &str,
    dev_url: Option<&str>,
    access: Access,
    printer: Printer,
) -> Result<Box<dyn Database>, CliError> {
    let engine = database_url(url)?;
    if let Some(dev) = dev_url
        && database_url(dev)? != engine
    {
        return Err(CliError::error(format!(
            "the dev database `{}` is not the same kind of database as `{}`",
            redact(dev),
            redact(url)
        ))
        .hint(
            "schema files must be loaded into the same kind of database they are compared with",
        ));
    }
    printer.verbose(&format!("Connecting to {}", redact(url)));
    let db = match access {
        Access::ReadOnly => strata::connect_read_only(url, dev_url),
        Access::ReadWrite => strata::connect(url, dev_url),
    };
    db.map_err(|err| match access {
        Access::ReadOnly if engine == Engine::Sqlite => read_only_sqlite_error(err),
        _ => err.into(),
    })
}

/// The general hint for connection errors is about servers; a SQLite file that cannot be
/// opened for reading is more likely a mistyped path.
fn read_only_sqlite_error(err: Error) -> CliError {
    match err {
        Error::Db(DbError::Connect { .. }) => CliError::error(err.to_string()).hint(
            "check the path; only `strata apply` and the migration commands that write \
             (`upgrade`, `stamp`, ...) create a missing SQLite file",
        ),
        err => err.into(),
    }
}

/// Reads a source into a catalog limited to the settings' scope. `host` is the open
/// connection whose server loads schema files; a database source that is the host itself
/// is introspected through it instead of a second connection. Statements of schema files
/// that were not loaded are listed.
pub fn read(
    source: &Source,
    host: &mut dyn Database,
    host_url: &str,
    settings: &Settings,
    printer: Printer,
) -> Result<Catalog, CliError> {
    read_with_hints(source, host, host_url, settings, printer).map(|(catalog, _)| catalog)
}

/// What the comments of schema files say besides the schema.
#[derive(Debug, Default)]
pub struct FileMarks {
    /// Rename hints (`-- strata:renamed-from`).
    pub renames: Vec<strata::diff::Rename>,
    /// The objects marked `-- strata:deprecated`: subject → kind.
    pub deprecated: std::collections::BTreeMap<String, String>,
}

/// [`read`], with the rename hints and deprecation marks of schema files.
pub fn read_with_hints(
    source: &Source,
    host: &mut dyn Database,
    host_url: &str,
    settings: &Settings,
    printer: Printer,
) -> Result<(Catalog, FileMarks), CliError> {
    let scope = &settings.scope;
    let mut hints = FileMarks::default();
    let result = match source {
        Source::Database(url) if url == host_url => {
            printer.verbose(&format!("Reading the schema of {}", redact(url)));
            strata::introspect(host, scope)
        }
        Source::Database(url) => {
            printer.verbose(&format!("Reading the schema of {}", redact(url)));
            strata::read_catalog(source, host, scope, &settings.load)
        }
        Source::Files(_) | Source::Exec(_) => {
            printer.verbose(&format!(
                "Loading {} into a scratch database on {}",
                label(source),
                host.describe()
            ));
            strata::read_source(source, host, scope, &settings.load).map(|read| {
                hints = FileMarks {
                    renames: read.load.rename_hints(),
                    deprecated: strata::subjects(read.load.deprecated()),
                };
                for s in &read.load.skipped {
                    printer.status(&format!(
                        "note: {}:{}: not loaded: {}",
                        s.path.display(),
                        s.line,
                        s.reason
                    ));
                }
                read.catalog
            })
        }
    };
    let catalog = result.map_err(|err| match err {
        // Connection, scratch and load errors say where they happened; a failing
        // catalog query does not.
        Error::Db(DbError::Statement { .. } | DbError::Other(_)) => CliError::error(format!(
            "cannot read the schema of `{}`: {err}",
            label(source)
        )),
        err if engine_of(source) == Some(Engine::Sqlite) => read_only_sqlite_error(err),
        err => err.into(),
    })?;
    report_unmanaged(&catalog, source, printer);
    if !catalog.owned.is_empty() {
        let names: Vec<String> = catalog.owned.keys().map(ToString::to_string).collect();
        printer.verbose(&format!(
            "Leaving out strata's own tables: {}",
            names.join(", ")
        ));
    }
    Ok((catalog, hints))
}

/// How many unmanaged objects a warning names before it says how many more there are.
const UNMANAGED_LISTED: usize = 10;

/// Says which objects of `source` strata left out because it does not model their kind,
/// so a plan that does not touch them is not mistaken for a complete one.
fn report_unmanaged(catalog: &Catalog, source: &Source, printer: Printer) {
    if let Some(warning) = unmanaged_warning(&catalog.unmanaged, &label(source)) {
        printer.status(&warning);
        printer.hint(
            "strata neither creates, changes nor drops them; change them in a versioned revision",
        );
    }
}

fn unmanaged_warning(unmanaged: &[strata::catalog::Unmanaged], label: &str) -> Option<String> {
    if unmanaged.is_empty() {
        return None;
    }
    let mut names: Vec<String> = unmanaged
        .iter()
        .take(UNMANAGED_LISTED)
        .map(|u| strata::catalog::comment_text(&u.to_string()))
        .collect();
    if unmanaged.len() > UNMANAGED_LISTED {
        names.push(format!("and {} more", unmanaged.len() - UNMANAGED_LISTED));
    }
    let count = match unmanaged.len() {
        1 => "1 object of a kind".to_string(),
        n => format!("{n} objects of kinds"),
    };
    Some(format!(
        "warning: {label}: {count} strata does not manage, left out of plans and dumps: {}",
        names.join(", ")
    ))
}

/// The rename hints for a plan from `current`: the files' hints, then the `--rename`
/// flags (their kinds told from `current`).
pub fn rename_hints(
    files: &[strata::diff::Rename],
    flags: &[String],
    current: &Catalog,
    db: &dyn Database,
) -> Result<Vec<strata::diff::Rename>, CliError> {
    let naming = strata::naming(db.dialect());
    let mut hints = files.to_vec();
    for flag in flags {
        hints.push(
            strata::parse_rename(flag, naming, current).map_err(|e| {
                CliError::error(format!("--rename {e}"))
                    .hint("write `--rename schema.table=schema.new_name` or `--rename schema.table.column=schema.table.new_name`")
            })?,
        );
    }
    Ok(hints)
}

/// On a terminal, asks about each dropped and added pair that look alike (see
/// [`strata::diff::look_alikes`]) and adds the ones confirmed to `hints`. Without a
/// terminal nothing is asked: the plan drops and adds, which the data-loss rules refuse.
pub fn offer_renames(
    hints: &mut Vec<strata::diff::Rename>,
    current: &Catalog,
    desired: &Catalog,
    db: &dyn Database,
    printer: Printer,
) -> Result<(), CliError> {
    if !printer.can_prompt() {
        return Ok(());
    }
    let renamed = strata::diff::apply_renames(current, desired, hints, db.dialect());
    for pair in strata::diff::look_alikes(&renamed.from, desired) {
        let question = format!(
            "{} is dropped and {} is added, and they look alike. Rename {} to {} instead (keeping its data)?",
            pair.old, pair.new, pair.old, pair.new
        );
        if printer.confirm(&question)? {
            hints.push(pair);
        }
    }
    Ok(())
}

/// Prints the notes about rename hints that were not applied.
pub fn print_rename_notes(notes: &[strata::diff::RenameNote], printer: Printer) {
    for note in notes {
        printer.status(&format!("warning: {note}"));
    }
}

/// The database a command connects to first: it introspects database sources and its
/// server loads schema files.
#[derive(Debug, PartialEq, Eq)]
pub struct Host {
    /// Its URL.
    pub url: String,
    /// Where its schema files are loaded instead of a temporary database.
    pub dev_url: Option<String>,
}

/// Picks the [`Host`] for `sources`: the first database among them; with none, the dev
/// database, else the configured PostgreSQL database, else an in-memory SQLite database.
pub fn scratch_host(sources: &[&Source], settings: &Settings, printer: Printer) -> Host {
    let loads_files = sources
        .iter()
        .any(|s| matches!(s, Source::Files(_) | Source::Exec(_)));
    let dev_url = settings.dev_url.clone().filter(|_| loads_files);
    let database = sources.iter().find_map(|s| match s {
        Source::Database(url) => Some(url.clone()),
        _ => None,
    });
    let host = match (database, dev_url) {
        (Some(url), dev_url) => Host { url, dev_url },
        (None, Some(dev)) => Host {
            url: dev.clone(),
            dev_url: Some(dev),
        },
        // A SQLite database loads files in memory anyway; opening the configured file
        // would only create it.
        (None, None) => Host {
            url: match &settings.url {
                Some((url, _)) if Engine::of_url(url) != Some(Engine::Sqlite) => url.clone(),
                _ => FALLBACK_HOST.to_string(),
            },
            dev_url: None,
        },
    };
    if loads_files {
        printer.verbose(&format!(
            "Schema files are loaded on {}",
            redact(host.dev_url.as_deref().unwrap_or(&host.url))
        ));
    }
    host
}

/// The engine of a database source, if it is one.
fn engine_of(source: &Source) -> Option<Engine> {
    match source {
        Source::Database(url) => Engine::of_url(url),
        _ => None,
    }
}

/// Fails when both sources are databases of different kinds: their schemas cannot be
/// compared, nor one turned into the other.
pub fn check_same_engine(a: &Source, b: &Source) -> Result<(), CliError> {
    match (engine_of(a), engine_of(b)) {
        (Some(x), Some(y)) if x != y => Err(CliError::error(format!(
            "cannot compare `{}` with `{}`: they are different kinds of database",
            label(a),
            label(b)
        ))),
        _ => Ok(()),
    }
}

/// Refuses `--pg-version` for a database that is not PostgreSQL (`url` names it).
pub fn check_pg_version(url: &str, pg_version: Option<strata::PgVersion>) -> Result<(), CliError> {
    if pg_version.is_some() && Engine::of_url(url) != Some(Engine::Postgres) {
        return Err(CliError::error(
            "--pg-version is for PostgreSQL; SQLite findings do not depend on a version",
        )
        .hint("leave out --pg-version"));
    }
    Ok(())
}

/// Says so when a statement timeout is set for a database that has none (SQLite).
pub fn note_statement_timeout(
    db: &dyn Database,
    timeout: Option<std::time::Duration>,
    printer: Printer,
) {
    if timeout.is_some() && db.dialect().statement_timeout(timeout, false).is_none() {
        printer.status(&format!(
            "note: the statement timeout is ignored: {} statements cannot be given one",
            db.dialect().name()
        ));
    }
}

/// The plan from `from` to `to` with `settings` (rename hints, mode, `--pg-version`),
/// reporting the rename hints that were not applied. `url` names `db`'s server.
pub fn plan_for(
    from: &Catalog,
    to: &Catalog,
    db: &mut dyn Database,
    url: &str,
    settings: &strata::PlanSettings,
    printer: Printer,
) -> Result<strata::Plan, CliError> {
    check_pg_version(url, settings.pg_version)?;
    let (plan, notes) = strata::plan_with(from, to, db, settings)?;
    print_rename_notes(&notes, printer);
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn unsupported_schemes_are_errors_not_paths() {
        let err = parse_source("mysql://root:pw@localhost/app").unwrap_err();
        assert_eq!(
            err.message,
            "unsupported database URL `mysql://root@localhost/app` \
             (expected postgres://, postgresql:// or sqlite:)"
        );
        assert!(database_url("app.db").is_err());
        assert_eq!(
            parse_source("db/schema").unwrap(),
            Source::Files(PathBuf::from("db/schema"))
        );
        assert_eq!(
            parse_source("exec:echo x://y").unwrap(),
            Source::Exec("echo x://y".into())
        );
    }

    #[test]
    fn the_unmanaged_warning_names_ten_and_counts_the_rest() {
        let objects: Vec<strata::catalog::Unmanaged> = (0..12)
            .map(|i| strata::catalog::Unmanaged {
                kind: "operator".into(),
                schema: Some("public".into()),
                name: format!("public.op{i}"),
            })
            .collect();
        assert_eq!(unmanaged_warning(&[], "db"), None);
        let warning = unmanaged_warning(&objects, "db").unwrap();
        assert!(
            warning.starts_with("warning: db: 12 objects of kinds"),
            "{warning}"
        );
        assert!(
            warning.contains("operator public.op9, and 2 more"),
            "{warning}"
        );
        assert!(!warning.contains("op10"), "{warning}");
    }

    #[test]
    fn labels_hide_passwords() {
        assert_eq!(
            label(&Source::Database("postgres://u:pw@h/db".into())),
            "postgres://u@h/db"
        );
        assert_eq!(label(&Source::Exec("cat a.sql".into())), "exec:cat a.sql");
    }

    fn settings(url: Option<&str>, dev_url: Option<&str>) -> Settings {
        let config = crate::config::Config::default();
        let flags = crate::config::Overrides {
            url,
            dev_url,
            ..Default::default()
        };
        Settings::resolve(&config, &flags, &|_| None).unwrap()
    }

    fn host(sources: &[&Source], settings: &Settings) -> Host {
        let printer = Printer::new(crate::cli::ColorChoice::Never, true, 0);
        scratch_host(sources, settings, printer)
    }

    #[test]
    fn files_load_on_a_database_side_first() {
        let db = Source::Database("postgres://h/a".into());
        let files = Source::Files("schema".into());
        let s = settings(Some("sqlite:cfg.db"), Some("postgres://h/dev"));
        assert_eq!(
            host(&[&files, &db], &s),
            Host {
                url: "postgres://h/a".into(),
                dev_url: Some("postgres://h/dev".into())
            }
        );
        // No files to load: the dev database is not needed.
        assert_eq!(
            host(&[&db, &db], &s),
            Host {
                url: "postgres://h/a".into(),
                dev_url: None
            }
        );
    }

    #[test]
    fn files_alone_load_on_dev_then_configured_then_memory() {
        let files = Source::Files("schema".into());
        let dev = settings(Some("sqlite:cfg.db"), Some("sqlite:dev.db"));
        assert_eq!(host(&[&files], &dev).url, "sqlite:dev.db");
        let configured = settings(Some("postgres://h/app"), None);
        assert_eq!(host(&[&files], &configured).url, "postgres://h/app");
        let configured = settings(Some("sqlite:cfg.db"), None);
        assert_eq!(host(&[&files], &configured).url, FALLBACK_HOST);
        let nothing = settings(None, None);
        assert_eq!(host(&[&files], &nothing).url, FALLBACK_HOST);
    }

    #[test]
    fn missing_paths_fail_before_connecting() {
        let err = check_exists(&Source::Files("no/such/dir".into())).unwrap_err();
        assert_eq!(err.message, "schema path `no/such/dir` does not exist");
    }

    #[test]
    fn sqlite_files_given_as_paths_get_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("app.db");
        std::fs::write(&db, b"SQLite format 3\0 and then pages").unwrap();
        let err = check_exists(&Source::Files(db.clone())).unwrap_err();
        assert!(err.hint.unwrap().contains("`sqlite:"));
        let sql = dir.path().join("a.sql");
        std::fs::write(&sql, "create table t (a int);").unwrap();
        assert!(check_exists(&Source::Files(sql)).is_ok());
    }
}
