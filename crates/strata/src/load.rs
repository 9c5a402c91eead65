//! Loads schema files into a (scratch) database in an order that works.
//!
//! Files are read in name order, but users should not have to order them: a statement that
//! fails is retried after the others, for as long as each pass makes progress. Only when a
//! pass makes no progress is the first still-failing statement reported, as `path:line`.
use crate::SqlFile;
use std::path::PathBuf;
use strata_execute::{Database, DbError};
use strata_sqltext::split;

/// A schema statement that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct LoadError {
    /// The file (or `exec:<command>`).
    pub path: PathBuf,
    /// 1-based line where the statement starts.
    pub line: usize,
    /// The database's message.
    pub message: String,
    /// The statement text.
    pub statement: String,
}

struct Pending<'a> {
    file: &'a SqlFile,
    line: usize,
    text: String,
    error: Option<DbError>,
}

/// Runs every statement of `files` against `db`, retrying failed statements after the
/// rest until nothing more succeeds.
pub fn load_files(db: &mut dyn Database, files: &[SqlFile]) -> Result<(), LoadError> {
    let mut pending: Vec<Pending> = files
        .iter()
        .flat_map(|file| {
            split(&file.text).into_iter().map(move |s| Pending {
                file,
                line: s.line,
                text: s.text,
                error: None,
            })
        })
        .collect();
    loop {
        let before = pending.len();
        pending.retain_mut(|p| match db.execute(&p.text) {
            Ok(()) => false,
            Err(e) => {
                p.error = Some(e);
                true
            }
        });
        if pending.is_empty() {
            return Ok(());
        }
        if pending.len() == before {
            return Err(first_failure(pending));
        }
    }
}

fn first_failure(mut pending: Vec<Pending>) -> LoadError {
    let p = pending.swap_remove(0);
    LoadError {
        path: p.file.path.clone(),
        line: p.line,
        message: p.error.map(|e| e.to_string()).unwrap_or_default(),
        statement: p.text,
    }
}
