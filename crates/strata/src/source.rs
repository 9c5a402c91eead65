use crate::Error;
use crate::engine::is_database_url;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a schema comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A live database, by URL.
    Database(String),
    /// A `.sql` file or a directory of them (read recursively in name order).
    Files(PathBuf),
    /// A program whose standard output is the schema SQL (`exec:python dump_models.py`).
    Exec(String),
}

/// One piece of schema SQL with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlFile {
    /// The file path, or `exec:<command>` for program output.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl Source {
    /// Classifies a source argument: a database URL, `exec:command`, or a path.
    pub fn parse(arg: &str) -> Source {
        if let Some(command) = arg.strip_prefix("exec:") {
            Source::Exec(command.trim().to_string())
        } else if is_database_url(arg) {
            Source::Database(arg.to_string())
        } else {
            Source::Files(PathBuf::from(arg))
        }
    }

    /// The SQL text of a file or program source. Empty for a database source.
    pub fn sql_files(&self) -> Result<Vec<SqlFile>, Error> {
        match self {
            Source::Database(_) => Ok(Vec::new()),
            Source::Files(path) => read_sql_files(path),
            Source::Exec(command) => run_program(command).map(|text| vec![text]),
        }
    }
}

/// Reads a `.sql` file, or every `.sql` file below a directory in path-name order.
/// Symbolic links are followed; one that leads back into a directory being read is a
/// loop and an error, and a file reached twice is read once.
pub fn read_sql_files(path: &Path) -> Result<Vec<SqlFile>, Error> {
    let meta = std::fs::metadata(path).map_err(|_| Error::MissingPath(path.to_path_buf()))?;
    if meta.is_file() {
        return Ok(vec![read_file(path)?]);
    }
    let mut walk = Walk::default();
    walk.dir(path)?;
    if walk.files.is_empty() {
        return Err(Error::NoSqlFiles(path.to_path_buf()));
    }
    walk.files.sort();
    walk.files.iter().map(|p| read_file(p)).collect()
}

/// A directory walk that follows symbolic links without looping.
#[derive(Default)]
struct Walk {
    /// Real paths of the directories being read, outermost first.
    open: Vec<PathBuf>,
    /// Real paths of the files found, so one reached through two links is read once.
    seen: std::collections::HashSet<PathBuf>,
    files: Vec<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) -> Result<(), Error> {
        let io = |source| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        let real = std::fs::canonicalize(dir).map_err(io)?;
        if self.open.contains(&real) {
            return Err(Error::SymlinkLoop(dir.to_path_buf()));
        }
        self.open.push(real);
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            // `metadata` follows links; a dangling one is reported, not skipped.
            let meta = std::fs::metadata(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            if meta.is_dir() {
                self.dir(&path)?;
            } else if path.extension().is_some_and(|e| e == "sql") {
                let real = std::fs::canonicalize(&path).map_err(io)?;
                if self.seen.insert(real) {
                    self.files.push(path);
                }
            }
        }
        self.open.pop();
        Ok(())
    }
}

fn read_file(path: &Path) -> Result<SqlFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SqlFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Runs `command` through the shell; its standard output is the schema.
fn run_program(command: &str) -> Result<SqlFile, Error> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .output()
        .map_err(|e| Error::Exec {
            command: command.to_string(),
            status: "could not start".into(),
            stderr: e.to_string(),
        })?;
    if !output.status.success() {
        return Err(Error::Exec {
            command: command.to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(SqlFile {
        path: PathBuf::from(format!("exec:{command}")),
        text: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources() {
        assert_eq!(
            Source::parse("postgres://u@h/db"),
            Source::Database("postgres://u@h/db".into())
        );
        assert_eq!(
            Source::parse("sqlite:app.db"),
            Source::Database("sqlite:app.db".into())
        );
        assert_eq!(
            Source::parse("exec:cat x.sql"),
            Source::Exec("cat x.sql".into())
        );
        assert_eq!(
            Source::parse("db/schema"),
            Source::Files("db/schema".into())
        );
    }

    #[test]
    fn reads_directories_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/1.sql"), "select 2;").unwrap();
        std::fs::write(dir.path().join("a.sql"), "select 1;").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let files = read_sql_files(dir.path()).unwrap();
        let texts: Vec<_> = files.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["select 1;", "select 2;"]);
    }

    #[test]
    fn symlink_loops_are_errors_and_shared_files_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/t.sql"), "create table t (x int);").unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
        let files = read_sql_files(dir.path()).unwrap();
        assert_eq!(files.len(), 1, "{files:?}");

        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/up")).unwrap();
        let err = read_sql_files(dir.path()).unwrap_err();
        assert!(matches!(err, Error::SymlinkLoop(_)), "{err}");
        assert!(err.to_string().contains("loop"), "{err}");
    }

    #[test]
    fn missing_path_and_failing_program_are_errors() {
        assert!(matches!(
            read_sql_files(Path::new("/nonexistent/schema")),
            Err(Error::MissingPath(_))
        ));
        let err = Source::Exec("echo boom >&2; exit 3".into())
            .sql_files()
            .unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
    }

    #[test]
    fn program_output_is_the_schema() {
        let files = Source::Exec("echo 'create table t (x int);'".into())
            .sql_files()
            .unwrap();
        assert_eq!(files[0].text.trim(), "create table t (x int);");
    }
}
