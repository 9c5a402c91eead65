//! Settings: `strata.toml`, then the environment, then flags (each overriding the last).
use crate::cli::{DevArgs, ScopeArgs};
use crate::duration::parse_duration;
use crate::error::CliError;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use strata::{LoadRules, Scope};

/// The configuration file read from the current directory when `--config` is not given.
pub const CONFIG_FILE: &str = "strata.toml";

/// The schema source when neither a flag nor the configuration names one.
pub const DEFAULT_SCHEMA: &str = "schema";

/// The environment variable holding the database URL.
pub const URL_ENV: &str = "DATABASE_URL";

/// The keys `strata.toml` accepts, for the unknown-key message.
const KNOWN_KEYS: &str = "`url`, `schema`, `dev_url`, `schemas`, `exclude`, `exclude_privileges`, \
     `lock_timeout`, `statement_lock_timeout`, `statement_timeout`, `online_threshold`, `[load]` and `[migrations]`";

/// How long to wait for another strata process's runner lock when nothing says.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// How long one statement of `apply` may wait for a table lock when nothing says.
pub const DEFAULT_STATEMENT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// The contents of `strata.toml`. Unknown keys are errors, so a typo never goes unnoticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The database `plan` and `apply` manage.
    pub url: Option<String>,
    /// The desired schema (a source: directory, file, `exec:`).
    pub schema: Option<String>,
    /// An empty database for loading schema files.
    pub dev_url: Option<String>,
    /// Managed schemas.
    pub schemas: Option<Vec<String>>,
    /// Name patterns left alone.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Leave privileges alone.
    #[serde(default)]
    pub exclude_privileges: bool,
    /// How long to wait for another strata process's runner lock (`60s`).
    pub lock_timeout: Option<DurationSetting>,
    /// How long one statement of `apply` may wait for a table lock (`5s`; `0` waits).
    pub statement_lock_timeout: Option<DurationSetting>,
    /// How long one statement of `apply`, `upgrade` and `downgrade` may run (`0` or
    /// unset: no limit); concurrent index builds and validations are left out.
    pub statement_timeout: Option<DurationSetting>,
    /// When a table counts as large enough for online recipes:
    /// `{ rows = 10000, bytes = "10MB" }`, either key alone.
    pub online_threshold: Option<ThresholdConfig>,
    /// What schema files may contain beyond the defaults.
    #[serde(default)]
    pub load: LoadConfig,
    /// Versioned migrations; read by the migration commands.
    pub migrations: Option<MigrationsConfig>,
}

/// A duration in strata.toml: `"5s"`, `"2m"`, or a number of seconds.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DurationSetting {
    /// A number of seconds.
    Seconds(u64),
    /// Text such as `5s`.
    Text(String),
}

impl DurationSetting {
    fn resolve(&self, key: &str, path: &Path) -> Result<Duration, CliError> {
        match self {
            DurationSetting::Seconds(s) => Ok(Duration::from_secs(*s)),
            DurationSetting::Text(t) => parse_duration(t)
                .map_err(|e| CliError::error(format!("{}: `{key}`: {e}", path.display()))),
        }
    }
}

/// `online_threshold`: a table above either number gets online recipes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdConfig {
    /// Estimated rows (10000).
    pub rows: Option<u64>,
    /// Size on disk without indexes: `"10MB"`, `"512kB"`, `"1GB"`, or a number of bytes.
    pub bytes: Option<SizeSetting>,
}

/// A size in strata.toml: a number of bytes or text such as `10MB`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SizeSetting {
    /// Bytes.
    Bytes(u64),
    /// Text such as `10MB` (units B, kB, MB, GB, TB, powers of 1024 as PostgreSQL's).
    Text(String),
}

impl SizeSetting {
    fn resolve(&self, path: &Path) -> Result<u64, CliError> {
        match self {
            SizeSetting::Bytes(b) => Ok(*b),
            SizeSetting::Text(t) => parse_size(t).ok_or_else(|| {
                CliError::error(format!(
                    "{}: `online_threshold.bytes`: `{t}` is not a size (use e.g. `10MB`, `512kB`, `1GB`)",
                    path.display()
                ))
            }),
        }
    }
}

/// `10MB` → 10485760, as PostgreSQL reads memory units (powers of 1024).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "kB" | "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// `[load]`: what schema files may contain beyond the built-in allow-lists, and the
/// session they are loaded in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadConfig {
    /// Extensions schema files may create besides the built-in list (`dblink`).
    #[serde(default)]
    pub extensions: Vec<String>,
    /// Function languages besides the trusted ones (`plperlu`, `c`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// `search_path` while loading (default: the server's).
    pub search_path: Option<String>,
}

impl LoadConfig {
    /// The library's form.
    pub fn rules(&self) -> LoadRules {
        LoadRules {
            extensions: self.extensions.clone(),
            languages: self.languages.clone(),
            search_path: self.search_path.clone(),
        }
    }
}

/// `[migrations]`: where the revision files and the history table are.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationsConfig {
    /// The migrations folder (`migrations`).
    pub dir: Option<String>,
    /// The history table (`strata_history`).
    pub table: Option<String>,
}

/// A configuration file and where it was found.
#[derive(Debug, Default)]
pub struct Config {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// Its settings (all empty without a file).
    pub file: FileConfig,
}

impl Config {
    /// Reads `explicit` (which must exist), else `./strata.toml` when it exists.
    pub fn load(explicit: Option<&Path>) -> Result<Config, CliError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None if Path::new(CONFIG_FILE).is_file() => PathBuf::from(CONFIG_FILE),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            CliError::error(format!(
                "cannot read configuration file `{}`: {e}",
                path.display()
            ))
        })?;
        let mut file = parse(&path, &text)?;
        file.resolve_paths(path.parent().unwrap_or(Path::new("")));
        Ok(Config {
            path: Some(path),
            file,
        })
    }
}

/// Parses the text of a configuration file; errors name the file and line.
pub fn parse(path: &Path, text: &str) -> Result<FileConfig, CliError> {
    toml::from_str(text).map_err(|e| {
        let place = match e.span() {
            Some(span) => format!("{}:{}", path.display(), line_of(text, span.start)),
            None => path.display().to_string(),
        };
        let message = e.message().trim();
        if let Some(key) = unknown_key(message) {
            CliError::error(format!("{place}: unknown key `{key}`"))
                .hint(format!("strata.toml accepts {KNOWN_KEYS}"))
        } else {
            CliError::error(format!("{place}: {message}"))
        }
    })
}

/// The key named by serde's "unknown field `x`, expected ..." message.
fn unknown_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl FileConfig {
    /// Makes relative paths (the schema directory, a SQLite file) relative to the
    /// configuration file's directory, so `--config other/strata.toml` works from anywhere.
    fn resolve_paths(&mut self, base: &Path) {
        if base.as_os_str().is_empty() {
            return;
        }
        if let Some(schema) = &mut self.schema {
            let is_path = !schema.starts_with("exec:") && !schema.contains("://");
            if is_path && Path::new(schema.as_str()).is_relative() {
                *schema = base.join(schema.as_str()).display().to_string();
            }
        }
        if let Some(dir) = self.migrations.as_mut().and_then(|m| m.dir.as_mut())
            && Path::new(dir.as_str()).is_relative()
        {
            *dir = base.join(dir.as_str()).display().to_string();
        }
        for url in [&mut self.url, &mut self.dev_url].into_iter().flatten() {
            if let Some(file) = url.strip_prefix("sqlite:") {
                let relative_file = !file.is_empty()
                    && !file.starts_with(['/', ':'])
                    && !file.starts_with("file:")
                    && Path::new(file).is_relative();
                if relative_file {
                    *url = format!("sqlite:{}", base.join(file).display());
                }
            }
        }
    }
}

/// Where a setting came from, for `-v` and for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag or argument.
    Flag,
    /// An environment variable.
    Env(&'static str),
    /// The configuration file.
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag => f.write_str("the command line"),
            Origin::Env(name) => f.write_str(name),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The settings one command runs with.
#[derive(Debug)]
pub struct Settings {
    /// The database URL and where it came from.
    pub url: Option<(String, Origin)>,
    /// The desired schema source.
    pub schema: String,
    /// An empty database for loading schema files.
    pub dev_url: Option<String>,
    /// What strata manages.
    pub scope: Scope,
    /// What schema files may contain.
    pub load: LoadRules,
    /// How long to wait for another strata process's runner lock.
    pub lock_timeout: Duration,
    /// How long one statement of `apply` may wait for a table lock; `None` waits.
    pub statement_lock_timeout: Option<Duration>,
    /// How long one statement may run; `None` is no limit.
    pub statement_timeout: Option<Duration>,
    /// Which tables get online recipes.
    pub mode: strata::Mode,
    /// When a table counts as large (whatever the mode: heavy steps on large tables
    /// need approval).
    pub threshold: strata::OnlineThreshold,
}

/// The flags that override the configuration.
#[derive(Debug, Default)]
pub struct Overrides<'a> {
    /// `--url`.
    pub url: Option<&'a str>,
    /// `--schema`.
    pub schema: Option<&'a str>,
    /// `--dev-url`.
    pub dev_url: Option<&'a str>,
    /// `--schema-filter`.
    pub schema_filter: Option<&'a [String]>,
    /// `--exclude` (added to the configured patterns).
    pub exclude: &'a [String],
    /// `--exclude-privileges`.
    pub exclude_privileges: bool,
    /// `--lock-timeout`.
    pub lock_timeout: Option<Duration>,
    /// `--statement-lock-timeout`.
    pub statement_lock_timeout: Option<Duration>,
    /// `--statement-timeout`.
    pub statement_timeout: Option<Duration>,
    /// `--mode`.
    pub mode: Option<crate::cli::ModeArg>,
}

impl<'a> Overrides<'a> {
    /// The dev-database and scope flags most commands share.
    pub fn new(dev: &'a DevArgs, scope: &'a ScopeArgs) -> Overrides<'a> {
        Overrides {
            dev_url: dev.dev_url.as_deref(),
            schema_filter: scope.schema_filter.as_deref(),
            exclude: &scope.exclude,
            exclude_privileges: scope.exclude_privileges,
            ..Overrides::default()
        }
    }
}

/// The configured threshold, each missing key at its default.
fn threshold(
    config: Option<&ThresholdConfig>,
    path: &Path,
) -> Result<strata::OnlineThreshold, CliError> {
    let mut t = strata::OnlineThreshold::default();
    if let Some(config) = config {
        if let Some(rows) = config.rows {
            t.rows = rows;
        }
        if let Some(bytes) = &config.bytes {
            t.bytes = bytes.resolve(path)?;
        }
    }
    Ok(t)
}

impl Settings {
    /// Flags over the environment over the file. `env` reads an environment variable
    /// (empty values count as unset).
    pub fn resolve(
        config: &Config,
        flags: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, CliError> {
        let file = &config.file;
        let url = if let Some(url) = flags.url {
            Some((url.to_string(), Origin::Flag))
        } else if let Some(url) = env(URL_ENV).filter(|u| !u.trim().is_empty()) {
            Some((url, Origin::Env(URL_ENV)))
        } else {
            let origin = Origin::File(config.path.clone().unwrap_or_default());
            file.url.clone().map(|url| (url, origin))
        };
        let schema = flags
            .schema
            .map(str::to_string)
            .or_else(|| file.schema.clone())
            .unwrap_or_else(|| DEFAULT_SCHEMA.to_string());
        let dev_url = flags
            .dev_url
            .map(str::to_string)
            .or_else(|| file.dev_url.clone());
        let mut exclude = file.exclude.clone();
        exclude.extend(flags.exclude.iter().cloned());
        let scope = Scope {
            schemas: flags
                .schema_filter
                .map(<[String]>::to_vec)
                .or_else(|| file.schemas.clone()),
            exclude,
            exclude_privileges: flags.exclude_privileges || file.exclude_privileges,
        };
        let path = config.path.clone().unwrap_or_default();
        let lock_timeout = match (flags.lock_timeout, &file.lock_timeout) {
            (Some(t), _) => t,
            (None, Some(setting)) => setting.resolve("lock_timeout", &path)?,
            (None, None) => DEFAULT_LOCK_TIMEOUT,
        };
        let statement_lock_timeout =
            match (flags.statement_lock_timeout, &file.statement_lock_timeout) {
                (Some(t), _) => t,
                (None, Some(setting)) => setting.resolve("statement_lock_timeout", &path)?,
                (None, None) => DEFAULT_STATEMENT_LOCK_TIMEOUT,
            };
        let statement_timeout = match (flags.statement_timeout, &file.statement_timeout) {
            (Some(t), _) => Some(t),
            (None, Some(setting)) => Some(setting.resolve("statement_timeout", &path)?),
            (None, None) => None,
        };
        let threshold = threshold(file.online_threshold.as_ref(), &path)?;
        let mode = match flags.mode {
            Some(crate::cli::ModeArg::Simple) => strata::Mode::Simple,
            Some(crate::cli::ModeArg::Online) => strata::Mode::Online,
            Some(crate::cli::ModeArg::BySize) | None => strata::Mode::BySize(threshold),
        };
        Ok(Settings {
            mode,
            threshold,
            url,
            schema,
            dev_url,
            scope,
            load: file.load.rules(),
            lock_timeout,
            // 0 means wait, as PostgreSQL's own lock_timeout = 0 does.
            statement_lock_timeout: Some(statement_lock_timeout).filter(|t| !t.is_zero()),
            // 0 means no limit, as PostgreSQL's own statement_timeout = 0 does.
            statement_timeout: statement_timeout.filter(|t| !t.is_zero()),
        })
    }

    /// The database URL, or an error saying how to give one.
    pub fn require_url(&self) -> Result<&str, CliError> {
        match &self.url {
            Some((url, _)) => Ok(url),
            None => Err(CliError::error("no database URL given").hint(format!(
                "pass `--url`, set `{URL_ENV}`, or set `url` in {CONFIG_FILE}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn config(text: &str) -> Config {
        Config {
            path: Some(PathBuf::from("strata.toml")),
            file: parse(Path::new("strata.toml"), text).unwrap(),
        }
    }

    #[test]
    fn online_threshold_reads_rows_and_sizes_and_mode_flags_win() {
        let c = config("online_threshold = { rows = 500, bytes = \"2MB\" }\n");
        let flags = Overrides::default();
        let settings = Settings::resolve(&c, &flags, &no_env).unwrap();
        assert_eq!(
            settings.mode,
            strata::Mode::BySize(strata::OnlineThreshold {
                rows: 500,
                bytes: 2 << 20
            })
        );
        let only_rows = config("online_threshold = { rows = 7 }\n");
        let settings = Settings::resolve(&only_rows, &flags, &no_env).unwrap();
        assert_eq!(
            settings.mode,
            strata::Mode::BySize(strata::OnlineThreshold {
                rows: 7,
                bytes: 10 << 20
            })
        );
        let simple = Overrides {
            mode: Some(crate::cli::ModeArg::Simple),
            ..Overrides::default()
        };
        let settings = Settings::resolve(&c, &simple, &no_env).unwrap();
        assert_eq!(settings.mode, strata::Mode::Simple);
        let bad = config("online_threshold = { bytes = \"ten\" }\n");
        let err = Settings::resolve(&bad, &flags, &no_env).unwrap_err();
        assert!(err.to_string().contains("online_threshold.bytes"), "{err}");
        assert_eq!(parse_size("512kB"), Some(512 * 1024));
        assert_eq!(parse_size("1GB"), Some(1 << 30));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("MB"), None);
    }

    #[test]
    fn reads_every_key() {
        let file = parse(
            Path::new("strata.toml"),
            r#"
url = "sqlite:app.db"
schema = "db/schema"
dev_url = "postgres://localhost/dev"
schemas = ["public", "app"]
exclude = ["tmp_*"]
exclude_privileges = true

[migrations]
dir = "migrations"
"#,
        )
        .unwrap();
        assert_eq!(file.url.as_deref(), Some("sqlite:app.db"));
        assert_eq!(file.schema.as_deref(), Some("db/schema"));
        assert_eq!(file.schemas.unwrap(), ["public", "app"]);
        assert_eq!(file.exclude, ["tmp_*"]);
        assert!(file.exclude_privileges);
        assert!(file.migrations.is_some());
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let err = parse(
            Path::new("strata.toml"),
            "url = \"sqlite:a.db\"\nschema_dir = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(err.message, "strata.toml:2: unknown key `schema_dir`");
        assert!(err.hint.unwrap().contains("`dev_url`"));
    }

    #[test]
    fn syntax_and_type_errors_name_the_line() {
        let err = parse(Path::new("strata.toml"), "url = \"x\"\nschema = \n").unwrap_err();
        assert!(
            err.message.starts_with("strata.toml:2: "),
            "{}",
            err.message
        );
        let err = parse(Path::new("strata.toml"), "url = 5\n").unwrap_err();
        assert!(
            err.message.starts_with("strata.toml:1: "),
            "{}",
            err.message
        );
        assert!(err.message.contains("string"), "{}", err.message);
    }

    #[test]
    fn flags_override_environment_overrides_file() {
        let config = config("url = \"sqlite:file.db\"\nschema = \"s\"\nexclude = [\"a\"]\n");
        let env = |name: &str| (name == URL_ENV).then(|| "sqlite:env.db".to_string());

        let settings = Settings::resolve(&config, &Overrides::default(), &no_env).unwrap();
        assert_eq!(
            settings.url,
            Some(("sqlite:file.db".into(), Origin::File("strata.toml".into())))
        );
        assert_eq!(settings.schema, "s");

        let settings = Settings::resolve(&config, &Overrides::default(), &env).unwrap();
        assert_eq!(
            settings.url,
            Some(("sqlite:env.db".into(), Origin::Env(URL_ENV)))
        );

        let exclude = ["b".to_string()];
        let flags = Overrides {
            url: Some("sqlite:flag.db"),
            schema: Some("other"),
            exclude: &exclude,
            ..Overrides::default()
        };
        let settings = Settings::resolve(&config, &flags, &env).unwrap();
        assert_eq!(settings.url, Some(("sqlite:flag.db".into(), Origin::Flag)));
        assert_eq!(settings.schema, "other");
        assert_eq!(settings.scope.exclude, ["a", "b"]);
    }

    #[test]
    fn empty_environment_url_counts_as_unset() {
        let env = |_: &str| Some(String::new());
        let settings = Settings::resolve(&Config::default(), &Overrides::default(), &env).unwrap();
        assert!(settings.url.is_none());
        assert_eq!(settings.schema, DEFAULT_SCHEMA);
        let err = settings.require_url().unwrap_err();
        assert!(err.hint.unwrap().contains("DATABASE_URL"));
    }

    #[test]
    fn schema_filter_overrides_configured_schemas() {
        let config = config("schemas = [\"public\"]\n");
        let filter = ["app".to_string()];
        let flags = Overrides {
            schema_filter: Some(&filter),
            ..Overrides::default()
        };
        let settings = Settings::resolve(&config, &flags, &no_env).unwrap();
        assert_eq!(settings.scope.schemas.unwrap(), ["app"]);
    }

    #[test]
    fn relative_paths_follow_the_configuration_file() {
        let mut file = parse(
            Path::new("x"),
            "url = \"sqlite:app.db\"\nschema = \"schema\"\ndev_url = \"sqlite::memory:\"\n",
        )
        .unwrap();
        file.resolve_paths(Path::new("proj"));
        assert_eq!(file.url.as_deref(), Some("sqlite:proj/app.db"));
        assert_eq!(file.schema.as_deref(), Some("proj/schema"));
        assert_eq!(file.dev_url.as_deref(), Some("sqlite::memory:"));

        let mut file = parse(
            Path::new("x"),
            "url = \"postgres://h/db\"\nschema = \"exec:cat s.sql\"\n",
        )
        .unwrap();
        file.resolve_paths(Path::new("proj"));
        assert_eq!(file.url.as_deref(), Some("postgres://h/db"));
        assert_eq!(file.schema.as_deref(), Some("exec:cat s.sql"));
    }
}
