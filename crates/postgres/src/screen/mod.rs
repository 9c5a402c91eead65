//! Screening schema files before they are loaded: schema files are data, so only
//! statements that define schema objects reach the server, and loading them must never act
//! outside the scratch database.
//!
//! The file is read with PostgreSQL's own grammar (libpg_query), so the screen splits and
//! classifies statements exactly as the server will:
//! 1. psql meta-commands are found and blanked out ([`meta`]);
//! 2. the file is parsed; a syntax error is reported at the line of its token ([`position`]);
//! 3. each statement is judged by its kind ([`kinds`]; [`settings`] for `SET` and pg_dump's
//!    `SELECT`s, [`code`] for extensions, languages and wrapper validators);
//! 4. statements that would run code while loading are rewritten ([`rewrite`], with
//!    [`qualify`] pinning expressions to built-in functions, and [`implicit`] the
//!    functions PostgreSQL calls by itself);
//! 5. event triggers are sent disabled, and the states their files ask for are deferred
//!    ([`event_trigger_disabled`]).
//!
//! Statements that are not rewritten are sent exactly as written.
mod code;
mod implicit;
mod kinds;
pub(crate) mod lex;
mod meta;
pub(crate) mod position;
mod qualify;
mod rewrite;
mod settings;
pub(crate) mod text;

use kinds::{Refused, Verdict};
use pg_query::NodeEnum;
use pg_query::protobuf::{RawStmt, VariableSetKind};
use position::Lines;
use strata_execute::{Action, Deferred, LoadRules, Refusal, Screened};
use strata_sqltext::quote_ident;

/// Splits `text` into statements and decides what happens to each.
pub(crate) fn screen(text: &str, rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
    let lines = Lines::new(text);
    if let Some(at) = text.find('\0') {
        return Err(Refusal {
            line: lines.line(at),
            message: "the file holds a NUL byte, which SQL text cannot contain".into(),
            hint: None,
        });
    }
    let outline = lex::outline(text);
    let (blanked, mut out) = meta::blank_out(text, &outline, &lines).map_err(escaped)?;
    let parsed = match pg_query::parse(&blanked, 0) {
        Ok(parsed) => parsed,
        Err(e) => return Err(syntax_error(&blanked, &e, &outline, rules, &lines)),
    };
    for raw in parsed.protobuf.stmts {
        out.extend(statement(&blanked, raw, rules, &lines)?);
    }
    out.sort_by_key(|(offset, _)| *offset);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// The refusal for a file that does not parse. A refused statement before the error is
/// reported instead, as it explains more: pg_dump's `COPY ... FROM stdin;` is followed by
/// rows that are not SQL.
fn syntax_error(
    text: &str,
    error: &pg_query::Error,
    outline: &lex::Outline,
    rules: &LoadRules,
    lines: &Lines,
) -> Refusal {
    let at = position::syntax_error(text, outline);
    let before = outline.ends.partition_point(|&end| end <= at);
    let prefix = before
        .checked_sub(1)
        .map_or("", |i| &text[..outline.ends[i]]);
    if let Ok(parsed) = pg_query::parse(prefix, 0) {
        for raw in parsed.protobuf.stmts {
            if let Err(refusal) = statement(text, raw, rules, lines) {
                return refusal;
            }
        }
    }
    Refusal {
        line: lines.line(at),
        message: text::escape(&position::message(error)),
        hint: None,
    }
}

/// One parsed statement, keyed by its offset; `RESET ALL` brings a second setting.
fn statement(
    text: &str,
    raw: RawStmt,
    rules: &LoadRules,
    lines: &Lines,
) -> Result<Vec<(usize, Screened)>, Refusal> {
    let start = position::first_token(text, span(text, &raw));
    let end = span(text, &raw).end;
    let written = text[start..end].trim_end().trim_end_matches(';').trim_end();
    let line = lines.line(start);
    let refuse = |r: Refused| Refusal {
        line,
        message: text::escape(&r.message),
        hint: r.hint.as_deref().map(text::escape),
    };
    let Some(mut node) = raw.stmt.and_then(|n| n.node) else {
        return Ok(Vec::new());
    };
    let verdict = kinds::judge(&node, rules).map_err(refuse)?;
    let action = match verdict {
        Verdict::Load => Action::Load,
        Verdict::Setting => Action::Setting,
        Verdict::Skip(reason) => Action::Skip(text::escape(&reason)),
        Verdict::Defer(state) => Action::Defer(state),
    };
    let event_trigger = match &node {
        NodeEnum::CreateEventTrigStmt(_) => Some(format!("{written}\n;\n")),
        NodeEnum::AlterEventTrigStmt(_) => Some(String::new()),
        _ => None,
    };
    if let (Some(before), Action::Defer(state)) = (event_trigger, &action) {
        return Ok(vec![(start, event_trigger_disabled(line, &before, state))]);
    }
    let rewritten =
        !matches!(action, Action::Skip(_)) && rewrite::rewrite(&mut node).map_err(refuse)?;
    let (sent, note) = if rewritten {
        (deparse(&node).map_err(refuse)?, Some(REWRITTEN.to_string()))
    } else {
        (written.to_string(), None)
    };
    let mut out = vec![(
        start,
        Screened {
            line,
            text: sent,
            action,
            note,
        },
    )];
    if resets_all(&node) {
        // RESET ALL would also reset standard_conforming_strings to the server's default,
        // and the file is read with it on.
        out.push((
            start,
            Screened {
                line,
                text: crate::connect::SESSION_SETTINGS.into(),
                action: Action::Setting,
                note: None,
            },
        ));
    }
    Ok(out)
}

/// An event trigger statement as sent: `ALTER EVENT TRIGGER .. DISABLE`, after the
/// `CREATE EVENT TRIGGER` (`before`) when there is one, in one round trip and so one
/// transaction. Event triggers do not fire for commands on event triggers, so none fires
/// while the files load, and the server still says when the trigger does not exist. The
/// state the file asks for (`CREATE`: enabled; `ALTER`: its own) is deferred. The newline
/// before the semicolon keeps a trailing `--` comment from swallowing it.
fn event_trigger_disabled(line: usize, before: &str, state: &Deferred) -> Screened {
    let Deferred::EventTriggerState { name, .. } = state;
    Screened {
        line,
        text: format!("{before}ALTER EVENT TRIGGER {} DISABLE", quote_ident(name)),
        action: Action::Defer(state.clone()),
        note: Some(SENT_DISABLED.to_string()),
    }
}

/// Told with the error of an event trigger statement.
const SENT_DISABLED: &str = "strata sends event trigger statements as ALTER EVENT TRIGGER .. \
    DISABLE (after the CREATE), so that none fires while the schema loads; the state the \
    files ask for is set on the schema read back";

/// Told with the error of a statement that was rewritten.
const REWRITTEN: &str = "strata sent this statement rewritten so that loading it cannot run \
    code: functions and operators PostgreSQL evaluates while the schema loads are pinned to \
    pg_catalog (so the schema's own functions cannot be used there), materialized views get \
    WITH NO DATA, and defaults of added columns are set separately";

/// The statement's byte range; `stmt_len` 0 means "to the end of the text".
pub(crate) fn span(text: &str, raw: &RawStmt) -> std::ops::Range<usize> {
    let start = usize::try_from(raw.stmt_location)
        .unwrap_or(0)
        .min(text.len());
    let end = match usize::try_from(raw.stmt_len) {
        Ok(0) | Err(_) => text.len(),
        Ok(len) => (start + len).min(text.len()),
    };
    start..end
}

fn resets_all(node: &NodeEnum) -> bool {
    matches!(node, NodeEnum::VariableSetStmt(s) if s.kind() == VariableSetKind::VarResetAll)
}

fn deparse(node: &NodeEnum) -> Result<String, Refused> {
    node.deparse(pg_query::DeparseOptions::default())
        .map_err(|e| Refused {
            message: format!(
                "this statement must be rewritten to load safely, and rewriting it failed: {}",
                position::message(&e)
            ),
            hint: None,
        })
}

fn escaped(r: Refusal) -> Refusal {
    Refusal {
        message: text::escape(&r.message),
        hint: r.hint.as_deref().map(text::escape),
        ..r
    }
}

#[cfg(test)]
mod tests;
