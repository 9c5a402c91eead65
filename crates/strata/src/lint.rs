//! Linting hand-written migration scripts: the generic part. A script (a plain `.sql`
//! file or the up section of a revision) gets findings from two methods:
//!
//! - **syntax** (PostgreSQL): each statement parsed with PostgreSQL's grammar and judged
//!   by the dialect's rules ([`strata_postgres::lint`]);
//! - **replay**: the script run statement by statement on a scratch database (after the
//!   scripts before it), the catalogs before and after each statement diffed, and the
//!   plan hazards of that diff taken; this is how SQLite scripts get their rules.
//!
//! With a live database, its statistics (`pg_class.reltuples`) say whether the tables a
//! finding is about hold rows: findings about locks, durations and failing on existing
//! rows are dropped for empty tables, and say the row count otherwise.
//!
//! `-- strata:ignore CODE[,CODE]` on the line before a statement or on its first line
//! silences those codes for that statement.
use crate::{Database, Engine, Error, Hazard, Scope};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use strata_plan::Axis;
pub use strata_postgres::lint::SyntaxError;

/// How a finding was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// From the statement's text.
    Syntax,
    /// From replaying the statement on a scratch database.
    Replay,
    /// Found by syntax or replay and confirmed by the live database's statistics (the
    /// table holds rows).
    Statistics,
}

impl Method {
    /// The kebab-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Syntax => "syntax",
            Method::Replay => "replay",
            Method::Statistics => "statistics",
        }
    }
}

/// One finding on one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The file, as given.
    pub file: PathBuf,
    /// 1-based line of the statement's first token.
    pub line: usize,
    /// 1-based column of the statement's first token.
    pub column: usize,
    /// The rule's code: `PG001`.
    pub code: String,
    /// The rule's name: `add-index-non-concurrently`.
    pub name: String,
    /// The rule's axis.
    pub axis: Axis,
    /// What the statement does, for the user.
    pub message: String,
    /// How it was found.
    pub method: Method,
    /// The object it is about (`public.users.email`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

/// A script to lint.
#[derive(Debug, Clone)]
pub struct Script {
    /// Where it is (for messages).
    pub path: PathBuf,
    /// The file's text; lines outside the part to lint are blank, so lines and columns
    /// are the file's.
    pub text: String,
    /// The whole script runs in one transaction (a revision without
    /// `-- strata:no-transaction`).
    pub in_transaction: bool,
}

/// What to lint with.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    /// The database the scripts are for.
    pub engine: Engine,
    /// The PostgreSQL major version the scripts will run on.
    pub pg_version: u32,
}

/// What linting found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// Number of files read.
    pub files: usize,
    /// Findings that are not ignored, in file and line order.
    pub findings: Vec<Finding>,
    /// Findings silenced by `-- strata:ignore`.
    pub ignored: usize,
    /// Findings dropped because statistics show their table is empty.
    pub empty_tables: usize,
    /// Why replay stopped early, per script (`file:line: message`): the findings of
    /// the statements after it are from their syntax only.
    pub notes: Vec<String>,
}

impl LintReport {
    /// Adds a script's findings, sorted by position and without duplicates.
    pub fn add(&mut self, mut findings: Vec<Finding>) {
        findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.findings.extend(findings);
    }
}

/// A script does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {}", path.display(), error.line, error.message)]
pub struct LintError {
    /// The file.
    pub path: PathBuf,
    /// Where and what.
    pub error: SyntaxError,
}

/// The syntax findings of `script` (none for SQLite, whose rules come from replay), with
/// the count of ignored ones.
pub fn syntax(script: &Script, options: &LintOptions) -> Result<(Vec<Finding>, usize), LintError> {
    if options.engine != Engine::Postgres {
        return Ok((Vec::new(), 0));
    }
    let statements = linted(script, options)?;
    let mut findings = Vec::new();
    let mut ignored = 0;
    for s in statements {
        let silenced = ignores(&script.text, s.line);
        for h in s.hazards {
            if silenced.contains(&h.code) {
                ignored += 1;
                continue;
            }
            findings.push(finding(&script.path, s.line, s.column, h, Method::Syntax));
        }
    }
    Ok((findings, ignored))
}

/// Every finding the statements of `script` have by their syntax, `-- strata:ignore`d
/// ones included (an ignore silences lint, it approves nothing); empty for SQLite.
pub fn syntax_findings(script: &Script, options: &LintOptions) -> Result<Vec<Hazard>, LintError> {
    if options.engine != Engine::Postgres {
        return Ok(Vec::new());
    }
    Ok(linted(script, options)?
        .into_iter()
        .flat_map(|s| s.hazards)
        .collect())
}

fn linted(
    script: &Script,
    options: &LintOptions,
) -> Result<Vec<strata_postgres::lint::LintedStatement>, LintError> {
    let pg = strata_postgres::lint::LintOptions {
        version: options.pg_version,
        in_transaction: script.in_transaction,
    };
    strata_postgres::lint::lint_sql(&script.text, &pg).map_err(|error| LintError {
        path: script.path.clone(),
        error,
    })
}

/// Replays `script` on `db` (a scratch database holding what the scripts before it
/// made), statement by statement, and returns the plan hazards of each statement's
/// change that are not among `known` (the syntax findings) nor ignored, plus the count
/// of ignored ones. A statement that fails stops the replay: `Err` has the note.
pub fn replay(
    db: &mut dyn Database,
    script: &Script,
    scope: &Scope,
    known: &[Finding],
) -> Result<(Vec<Finding>, usize), Result<String, Error>> {
    let mut before = crate::introspect(db, scope).map_err(Err)?;
    let existing = tables(&before);
    let mut findings = Vec::new();
    let mut ignored = 0;
    for s in strata_sqltext::split(&script.text) {
        if let Err(e) = db.execute(&s.text) {
            return Err(Ok(format!(
                "{}:{}: replay stopped: {e}",
                script.path.display(),
                s.line
            )));
        }
        let after = crate::introspect(db, scope).map_err(Err)?;
        let plan = crate::plan(&before, &after, db).map_err(Err)?;
        let silenced = ignores(&script.text, s.line);
        let column = first_column(&script.text, s.line);
        for h in plan.steps.into_iter().flat_map(|step| step.hazards) {
            let new_table = h.object.as_deref().is_some_and(|o| {
                !existing
                    .iter()
                    .any(|t| o == t || o.starts_with(&format!("{t}.")))
            });
            // Whether a drop was deprecated first is a question for approvals, which
            // know the marks; lint has none.
            if h.code == strata_plan::rules::DROP_WITHOUT_DEPRECATION.code {
                continue;
            }
            let found = |f: &Finding| f.line == s.line && f.code == h.code;
            if new_table || known.iter().any(found) || findings.iter().any(found) {
                continue;
            }
            if silenced.contains(&h.code) {
                ignored += 1;
                continue;
            }
            findings.push(finding(&script.path, s.line, column, h, Method::Replay));
        }
        before = after;
    }
    Ok((findings, ignored))
}

/// Applies the live database's statistics to findings: drops the lock, duration and
/// data-dependent ones about empty tables (returning how many) and adds the row count
/// to the others about tables with rows. Findings about tables the database does not
/// have (made by the scripts) are kept as they are.
pub fn statistics(db: &mut dyn Database, findings: &mut Vec<Finding>) -> Result<usize, Error> {
    if engine(db) != Engine::Postgres {
        return Ok(0);
    }
    let sizes = db.table_sizes()?;
    let mut dropped = 0;
    let mut kept = Vec::new();
    for mut f in std::mem::take(findings) {
        let rows = f.object.as_deref().and_then(|o| row_estimate(&sizes, o));
        match rows {
            Some(0) if matches!(f.axis, Axis::Lock | Axis::Duration | Axis::DataDependent) => {
                dropped += 1;
                continue;
            }
            Some(n) if n > 0 => {
                f.message = format!("{} (the table holds about {n} rows)", f.message);
                f.method = Method::Statistics;
            }
            _ => {}
        }
        kept.push(f);
    }
    *findings = kept;
    Ok(dropped)
}

/// The estimated rows of the table `object` names (`t`, `s.t`, `s.t.column`; a bare
/// name is in `public`), `None` when the database has no such table.
fn row_estimate(
    sizes: &std::collections::BTreeMap<strata_catalog::QualName, strata_execute::TableSize>,
    object: &str,
) -> Option<u64> {
    let parts: Vec<&str> = object.split('.').collect();
    // `a.b` is table `b` of schema `a` or column `b` of table `a`.
    let candidates = match parts.as_slice() {
        [table] => vec![("public", *table)],
        [a, b] => vec![(*a, *b), ("public", *a)],
        [schema, table, ..] => vec![(*schema, *table)],
        [] => vec![],
    };
    candidates
        .into_iter()
        .find_map(|(schema, table)| sizes.get(&strata_catalog::QualName::new(schema, table)))
        .map(|size| size.rows)
}

/// A connected PostgreSQL server's major version, as its dialect read it on connect
/// (`None` for other databases).
pub fn server_version(db: &dyn Database) -> Option<u32> {
    // The major part only: a newer server than strata knows still has one.
    let version = db.dialect().server_version()?;
    version.split('.').next()?.parse().ok()
}

/// The engine of a connected database.
pub fn engine(db: &dyn Database) -> Engine {
    if db.dialect().name() == "sqlite" {
        Engine::Sqlite
    } else {
        Engine::Postgres
    }
}

fn finding(path: &Path, line: usize, column: usize, h: Hazard, method: Method) -> Finding {
    Finding {
        file: path.to_path_buf(),
        line,
        column,
        code: h.code,
        name: h.name,
        axis: h.axis,
        message: h.message,
        method,
        object: h.object,
    }
}

/// `schema.name` of every table in `catalog`.
fn tables(catalog: &crate::Catalog) -> BTreeSet<String> {
    catalog
        .tables
        .keys()
        .map(|t| format!("{}.{}", t.schema, t.name))
        .collect()
}

/// The codes `-- strata:ignore CODE[,CODE]` silences for a statement starting on
/// `line`: the comment is on that line or the one before.
pub fn ignores(text: &str, line: usize) -> BTreeSet<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut codes = BTreeSet::new();
    // The line before counts only when it is a comment of its own, not the end of
    // the statement before.
    let before = line
        .checked_sub(2)
        .and_then(|i| lines.get(i))
        .filter(|l| l.trim_start().starts_with("--"));
    let first = line.checked_sub(1).and_then(|i| lines.get(i));
    for l in before.into_iter().chain(first) {
        let Some(at) = l.find("-- strata:ignore") else {
            continue;
        };
        let list = &l[at + "-- strata:ignore".len()..];
        codes.extend(
            list.split([',', ' ', '\t'])
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
        );
    }
    codes
}

/// The 1-based column of the first non-blank character on `line`.
fn first_column(text: &str, line: usize) -> usize {
    text.split('\n').nth(line.saturating_sub(1)).map_or(1, |l| {
        l.chars().take_while(|c| c.is_whitespace()).count() + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_comments_on_the_line_before_or_the_first_line() {
        let text = "-- strata:ignore PG001, s045\nCREATE INDEX i ON t (a);\nDROP TABLE t; -- strata:ignore S001\n";
        assert_eq!(
            ignores(text, 2),
            BTreeSet::from(["PG001".into(), "S045".into()])
        );
        assert_eq!(ignores(text, 3), BTreeSet::from(["S001".into()]));
        assert!(ignores("DROP TABLE t;\n", 1).is_empty());
        let after = "DROP TABLE t; -- strata:ignore S001\nDROP TABLE u;\n";
        assert!(ignores(after, 2).is_empty());
    }
}
