//! `strata init`: a configuration file and an example schema, so that
//! `strata init && strata apply --yes` works in an empty directory.
use super::ExitStatus;
use crate::cli::InitArgs;
use crate::config::{CONFIG_FILE, DEFAULT_SCHEMA};
use crate::error::CliError;
use crate::printer::Printer;
use crate::redact::redact;
use std::path::{Path, PathBuf};

const USERS_SQL: &str = "\
-- One file per table is a convention, not a rule: strata reads every .sql file
-- below schema/ and loads them in whatever order works.
CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL
);
";

const POSTS_SQL: &str = "\
CREATE TABLE posts (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL,
    body text NOT NULL DEFAULT ''
);

CREATE INDEX posts_author_id_idx ON posts (author_id);
";

fn config_text(url: &str) -> String {
    let url = toml::Value::String(url.to_string());
    format!(
        "\
# strata settings. Flags override them, and DATABASE_URL overrides `url`.

# The database `strata plan` and `strata apply` manage.
url = {url}

# The desired schema: a directory of .sql files, one .sql file, or
# \"exec:COMMAND\" (the command prints the schema SQL).
schema = \"{DEFAULT_SCHEMA}\"

# An empty database of the same kind, where schema files are loaded when the
# server does not let strata create temporary databases.
# dev_url = \"postgres://localhost/strata_dev\"

# What strata manages: only these schemas, and not objects matching these
# patterns (`*` and `?`, matched against `name` and `schema.name`).
# schemas = [\"public\"]
# exclude = [\"tmp_*\"]
"
    )
}

pub fn init(args: &InitArgs, printer: Printer) -> Result<ExitStatus, CliError> {
    let dir = args.path.as_path();
    let schema_dir = dir.join(DEFAULT_SCHEMA);
    let files: [(PathBuf, String); 3] = [
        (dir.join(CONFIG_FILE), config_text(&args.url)),
        (schema_dir.join("10_users.sql"), USERS_SQL.to_string()),
        (schema_dir.join("20_posts.sql"), POSTS_SQL.to_string()),
    ];

    for (path, _) in &files {
        if path.exists() {
            return Err(CliError::refused(format!(
                "`{}` already exists; `strata init` never overwrites files",
                shown(path).display()
            ))
            .hint("run `strata init` in a new directory, or `strata init DIR`"));
        }
    }
    if has_sql_files(&schema_dir) {
        return Err(CliError::refused(format!(
            "`{}` already holds schema files; `strata init` would add example tables to them",
            shown(&schema_dir).display()
        ))
        .hint("run `strata init` in a new directory, or `strata init DIR`"));
    }

    std::fs::create_dir_all(&schema_dir).map_err(|e| {
        CliError::error(format!(
            "cannot create `{}`: {e}",
            shown(&schema_dir).display()
        ))
    })?;
    for (path, text) in &files {
        // `create_new` keeps the promise even if a file appeared since the check.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        written.map_err(|e| {
            CliError::error(format!("cannot write `{}`: {e}", shown(path).display()))
        })?;
        printer.status(&format!("Created {}", shown(path).display()));
    }
    printer.hint(&format!(
        "run `strata plan` to review the SQL, then `strata apply` to create the tables in {}",
        redact(&args.url)
    ));
    Ok(ExitStatus::Success)
}

/// `./x` shown as `x`.
fn shown(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

fn has_sql_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let path = e.path();
            path.is_dir() && has_sql_files(&path) || path.extension().is_some_and(|x| x == "sql")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_configuration_parses() {
        let text = config_text("postgres://u@h/db?sslmode=\"x\"");
        let file = crate::config::parse(Path::new("strata.toml"), &text).unwrap();
        assert_eq!(file.url.as_deref(), Some("postgres://u@h/db?sslmode=\"x\""));
        assert_eq!(file.schema.as_deref(), Some(DEFAULT_SCHEMA));
    }

    #[test]
    fn shows_paths_without_a_leading_dot() {
        assert_eq!(shown(Path::new("./strata.toml")), Path::new("strata.toml"));
        assert_eq!(
            shown(Path::new("proj/strata.toml")),
            Path::new("proj/strata.toml")
        );
    }
}
