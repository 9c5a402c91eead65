//! Linting hand-written migrations from their syntax: each statement is parsed with
//! PostgreSQL's own grammar and judged by what it does to the tables it names (the
//! locks it takes, whether it rewrites or scans them, whether it loses rows).
//!
//! What a statement does depends on what came before it in the same script, so the
//! script is read in order ([`Script`]): a table created earlier in the script is new
//! and empty (building an index on it or adding a constraint is harmless), a
//! `SET lock_timeout` covers the statements after it, and `BEGIN` .. `COMMIT` opens a
//! transaction block.
mod alter;
mod script;
mod volatile;

#[cfg(test)]
mod tests;

use crate::screen::{lex, position, span};
use script::Script;
use strata_plan::Hazard;

/// How the script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LintOptions {
    /// The PostgreSQL major version the script will run on (`15`); some statements
    /// behave differently on older servers.
    pub version: u32,
    /// The whole script runs in one transaction (a revision without
    /// `-- strata:no-transaction`); otherwise only inside its own `BEGIN` .. `COMMIT`.
    pub in_transaction: bool,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            version: 15,
            in_transaction: false,
        }
    }
}

/// One statement of the script and what its syntax shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintedStatement {
    /// 1-based line of its first token.
    pub line: usize,
    /// 1-based column (in characters) of its first token.
    pub column: usize,
    /// Byte range of the statement in the text, without the comments before it.
    pub span: std::ops::Range<usize>,
    /// The findings, in the order the statement's clauses come.
    pub hazards: Vec<Hazard>,
}

/// The script does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SyntaxError {
    /// 1-based line of the bad token.
    pub line: usize,
    /// 1-based column of the bad token.
    pub column: usize,
    /// The parser's message, control characters escaped.
    pub message: String,
}

/// Lints `text`, a migration script: every statement with the findings of its syntax.
pub fn lint_sql(text: &str, options: &LintOptions) -> Result<Vec<LintedStatement>, SyntaxError> {
    let lines = position::Lines::new(text);
    let at = |offset: usize| (lines.line(offset), column(text, offset));
    let outline = lex::outline(text);
    let text = blank_meta_commands(text, &outline);
    let parsed = pg_query::parse(&text, 0).map_err(|e| {
        let (line, column) = at(position::syntax_error(&text, &outline));
        SyntaxError {
            line,
            column,
            message: crate::screen::text::escape(&position::message(&e)),
        }
    })?;
    let mut script = Script::new(*options);
    let mut out = Vec::new();
    for raw in &parsed.protobuf.stmts {
        let span = span(&text, raw);
        let start = position::first_token(&text, span.clone());
        let Some(node) = raw.stmt.as_ref().and_then(|n| n.node.as_ref()) else {
            continue;
        };
        let (line, column) = at(start);
        out.push(LintedStatement {
            line,
            column,
            span: start..span.end,
            hazards: script.statement(node),
        });
    }
    Ok(out)
}

/// psql meta-commands (`\set ON_ERROR_STOP on`) replaced by spaces: they are not SQL,
/// and offsets stay the same.
fn blank_meta_commands(text: &str, outline: &lex::Outline) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in &outline.meta {
        bytes[range.clone()].fill(b' ');
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The 1-based column of `offset`, counting characters from the start of its line.
fn column(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].chars().count() + 1
}
